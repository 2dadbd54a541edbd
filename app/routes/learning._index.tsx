/**
 * /learning: the hub of learning together (issue 19) — events and training, learning paths
 * (with the viewer's own progress), and for coordinators the cascade insight. Mentoring
 * and the champions network (with the league and thank-you notes) are linked here.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canSeeLearningInsights } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { MyPaths } from "~/components/learning/MyPaths";
import { pageTitle } from "~/components/meta";
import { myPaths } from "~/presenters/learning-paths.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Learning");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const db = await getDb();
  return json({ mine: await myPaths(db, user), insights: canSeeLearningInsights(user) });
}

export default function Learning() {
  const { mine, insights } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Learning" }]} />
      <h1>Learning</h1>
      <p className="lede">Training, workshops and learning paths: know-how passed on across the council.</p>
      <ul className="plain-list path-list">
        <li>
          <h2>
            <Link to="/events">Events and training</Link>
          </h2>
          <p>Training sessions, workshops, briefings, webinars and drop-ins you can book. See also <Link to="/events/mine">your bookings</Link>.</p>
        </li>
        <li>
          <h2>
            <Link to="/learning/paths">Learning paths</Link>
          </h2>
          <p>Step-by-step routes through guides, events and tasks, for example for new knowledge champions.</p>
        </li>
        {insights ? (
          <li>
            <h2>
              <Link to="/insights/learning">The skills cascade by department</Link>
            </h2>
            <p>Key staff trained, team sessions held and staff reached, with the gaps.</p>
          </li>
        ) : null}
        <li>
          <h2>
            <Link to="/mentoring">Mentoring</Link>
          </h2>
          <p>Offer to mentor a colleague on a topic you know, or ask for a mentor.</p>
        </li>
        <li>
          <h2>
            <Link to="/champions">Knowledge champions</Link>
          </h2>
          <p>
            Who knows what in each service: ask a champion, see the <Link to="/champions/league">department league</Link>, or{" "}
            <Link to="/thanks">thank a colleague</Link> who helped you.
          </p>
        </li>
      </ul>
      <h2 id="your-paths">Your learning paths</h2>
      <MyPaths paths={mine} headingId="your-paths" />
    </>
  );
}
