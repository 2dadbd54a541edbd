/** /stories: write a story, your stories and their status, and (for the channels' editors) stories waiting for a decision. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { StoryGuide, StoryList } from "~/components/conversations/Stories";
import { myStories, waitingStories } from "~/commands/stories.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Staff stories");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [mine, waiting] = await Promise.all([myStories(db, user), waitingStories(db, user)]);
  return json({ mine, waiting });
}

export default function Stories() {
  const { mine, waiting } = useLoaderData<typeof loader>();
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Staff stories" }]} />
      <h1>Staff stories</h1>
      <p>Anyone can share news from their team. The channel's editors read each story and publish it with the writer's name.</p>
      <p>
        <Link to="/stories/new" className="button">
          Write a story
        </Link>
      </p>
      {mine.firstTime ? <StoryGuide open={mine.stories.length === 0} /> : null}
      {waiting ? (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting for your decision</h2>
          <StoryList stories={waiting} showWriter empty="No stories are waiting in your channels." />
        </section>
      ) : null}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">Your stories</h2>
        <StoryList stories={mine.stories} empty="You have not written a story yet." />
      </section>
    </div>
  );
}
