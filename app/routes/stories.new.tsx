/** /stories/new: any member of staff writes a story or update for a channel (issue 23, decision 172). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { StoryForm, StoryGuide } from "~/components/conversations/Stories";
import { isFirstStory, saveStory, storyChannelOptions } from "~/commands/stories.server";
import { STORY_FIELDS } from "~/schemas/stories";
import { readStoryForm, STORY_UPLOAD } from "~/utils/story-form.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Write a story");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const channel = new URL(request.url).searchParams.get("channel") ?? "";
  const [channels, firstTime] = await Promise.all([storyChannelOptions(db), isFirstStory(db, user)]);
  return json({ csrfToken: user.csrfToken, channels, firstTime, channel: channels.some((c) => c.value === channel) ? channel : "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, STORY_UPLOAD);
  assertCsrf(request, form, user.csrfToken);
  const read = await readStoryForm(form);
  if (!read.ok) return json({ errors: read.errors, values: read.values }, { status: 400 });
  const result = await saveStory(user, null, read.input, read.upload);
  if (!result.ok) {
    if (result.status !== 400) throw new Response(result.errors.form ?? "Something went wrong.", { status: result.status });
    return json({ errors: result.errors, values: read.values }, { status: 400 });
  }
  return redirect(`/stories/${result.id}?saved=${read.input.intent}`);
}

export default function NewStory() {
  const { csrfToken, channels, firstTime, channel } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Staff stories", to: "/stories" }, { label: "Write a story" }]} />
      <ErrorSummary errors={errors} fields={[...STORY_FIELDS]} />
      <h1>Write a story</h1>
      <p>
        Share news from your team: something you achieved, a change colleagues should know about, a thank-you. The channel's editors read it and publish it with your
        name on it, or send it back with suggestions.
      </p>
      <StoryGuide open={firstTime} />
      <StoryForm csrfToken={csrfToken} channels={channels} hasPhoto={false}
        values={data?.values ?? { channel, title: "", summary: "", body: "", photoAlt: "" }} errors={errors} />
    </div>
  );
}
