/**
 * /stories/:id: one story as its writer or the channel's editors see it before publication:
 * the text as it will look, the readability advice, the editors' suggestions beside it;
 * the writer changes and sends it (again) or withdraws it; an editor publishes it or sends
 * it back with suggestions (decision 172). Anyone else gets 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { CsrfField, ErrorSummary, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { ReadabilityAdvice } from "~/components/knowledge/ReadabilityAdvice";
import { StoryForm } from "~/components/conversations/Stories";
import { publishStory, returnStory, saveStory, storyChannelOptions, storyPage, withdrawStory, type StoryOutcome } from "~/commands/stories.server";
import { STORY_FIELDS, SuggestionForm } from "~/schemas/stories";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm } from "~/utils/request-body.server";
import { readStoryForm, STORY_UPLOAD } from "~/utils/story-form.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Story: ${data.page.story.title}` : "Story");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const page = await storyPage(db, user, idParam(params.id));
  if (!page) throw notFound();
  const channels = page.canEdit ? await storyChannelOptions(db) : [];
  return json({ csrfToken: user.csrfToken, page, channels, saved: new URL(request.url).searchParams.get("saved") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const form = await readForm(request, STORY_UPLOAD);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  let result: StoryOutcome;
  let values = undefined as Awaited<ReturnType<typeof readStoryForm>>["values"] | undefined;
  if (intent === "save" || intent === "submit") {
    const read = await readStoryForm(form);
    values = read.values;
    if (!read.ok) return json({ errors: read.errors as Record<string, string>, values }, { status: 400 });
    result = await saveStory(user, id, read.input, read.upload);
  } else if (intent === "withdraw") result = await withdrawStory(user, id);
  else if (intent === "publish") result = await publishStory(user, id);
  else if (intent === "return") {
    const parsed = SuggestionForm.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
    result = await returnStory(user, id, parsed.data.suggestion);
  } else throw badRequest("We did not understand that request.");
  if (!result.ok) {
    if (result.status === 404 || result.status === 403) throw new Response(result.errors.form ?? "Not allowed.", { status: result.status });
    return json({ errors: result.errors, values }, { status: result.status });
  }
  return redirect(`/stories/${id}?saved=${String(intent)}`);
}

const SAVED: Record<string, string> = {
  save: "Your draft is saved. Only you can see it until you send it to the editors.",
  submit: "Sent to the channel's editors. We will email you when they publish it or send suggestions.",
  withdraw: "You took the story back. Change it and send it again when you are ready.",
  publish: "Published. The writer has been told.",
  return: "Sent back with your suggestions. The writer has been told.",
};

export default function StoryPage() {
  const { page, csrfToken, channels, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const s = page.story;
  return (
    <>
      <Breadcrumbs items={[{ label: "Staff stories", to: "/stories" }, { label: s.title }]} />
      <ErrorSummary errors={errors} fields={[...STORY_FIELDS, "suggestion"]} />
      {saved && SAVED[saved] ? (
        <p role="status" className="inset">
          {SAVED[saved]}
        </p>
      ) : null}
      <p className="item-meta">
        <strong className="tag">{s.statusLabel}</strong> A story for {s.channelName} by {s.writerName}
        {s.writerDepartmentName ? `, ${s.writerDepartmentName}` : ""} · <DateText value={s.updatedAt} />
      </p>
      <h1>{s.title}</h1>
      {s.publishedHref ? (
        <p>
          <Link to={s.publishedHref}>Read the published story</Link>
        </p>
      ) : null}
      <div className="layout-sidebar">
        <div>
          {s.summary ? <p className="lede">{s.summary}</p> : null}
          {s.photo ? (
            <figure className="story-photo">
              <img src={s.photo.src} alt={s.photo.alt} />
            </figure>
          ) : null}
          <RichText html={page.html} />
          {page.canDecide ? (
            <section aria-labelledby="decide-heading" className="story-decision">
              <h2 id="decide-heading">Your decision</h2>
              <p>Publish the story as written, with the writer's name, or send it back with suggestions. You cannot change the writer's text yourself.</p>
              <Form method="post">
                <CsrfField token={csrfToken} />
                <button type="submit" name="intent" value="publish" className="button">
                  Publish the story
                </button>
              </Form>
              <Form method="post">
                <CsrfField token={csrfToken} />
                <TextArea name="suggestion" label="Suggestions for the writer" hint="Coaching, not correction: say what would make it clearer or stronger. The writer sees this beside their text." error={errors.suggestion} maxLength={2000} rows={4} />
                <button type="submit" name="intent" value="return" className="button button--secondary">
                  Send back with suggestions
                </button>
              </Form>
            </section>
          ) : null}
          {page.canWithdraw ? (
            <Form method="post">
              <CsrfField token={csrfToken} />
              <p>Your story is with the editors.</p>
              <button type="submit" name="intent" value="withdraw" className="button button--secondary">
                Take it back to change it
              </button>
            </Form>
          ) : null}
          {page.canEdit ? (
            <section aria-labelledby="edit-heading">
              <h2 id="edit-heading">Change your story</h2>
              <StoryForm csrfToken={csrfToken} channels={channels} hasPhoto={!!s.photo} errors={errors}
                values={data?.values ?? { channel: s.channelSlug, title: s.title, summary: s.summary, body: s.body, photoAlt: s.photo?.alt ?? "" }}
                submitLabel={s.status === "returned" ? "Send to the editors again" : "Send to the editors"} />
            </section>
          ) : null}
        </div>
        <aside aria-label="Suggestions and advice">
          <h2>Suggestions from the editors</h2>
          {page.suggestions.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ol className="story-suggestions">
              {page.suggestions.map((g) => (
                <li key={g.id}>
                  <p className="story-suggestion__text">{g.body}</p>
                  <p className="muted">
                    {g.authorName ?? "An editor"} · <DateText value={g.createdAt} />
                  </p>
                </li>
              ))}
            </ol>
          )}
          {page.isWriter ? <ReadabilityAdvice report={page.readability} /> : null}
        </aside>
      </div>
    </>
  );
}
