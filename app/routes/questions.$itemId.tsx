/**
 * /questions/:itemId: questions and answers about an announcement, and the forms that
 * change them (ask, answer, hide, show). The announcement page shows the same thread.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { PollBox, QuestionsAndAnswers } from "~/components/knowledge/AnnouncementEngagement";
import { pageTitle } from "~/components/meta";
import { visibleAnnouncement } from "~/commands/polls.server";
import { answerQuestion, askQuestion, getEngagement, moderateQuestion } from "~/commands/questions.server";
import { Id } from "~/schemas/knowledge";
import { idParam } from "~/utils/admin.server";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Questions: ${data.item.title}` : "Questions");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await visibleAnnouncement(db, user, idParam(params.itemId));
  if (!item) throw notFound();
  return json({ csrfToken: user.csrfToken, item: { title: item.title, href: `/announcements/${item.slug}` }, engagement: await getEngagement(db, user, item) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.itemId);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  const to = safeRedirect(form.get("returnTo"), "");
  const back = (anchor: string) => redirect(`${/^\/(announcements|questions)\//.test(to) ? to : `/questions/${id}`}#${anchor}`);
  if (intent === "ask") {
    const body = String(form.get("body") ?? "");
    const result = await askQuestion(user, id, body);
    if (result.ok) return back(`question-${result.questionId}`);
    if (result.status === 400) return json({ errors: { body: result.message } as Record<string, string>, draft: body.slice(0, 1000) }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  }
  const questionId = Id.safeParse(form.get("questionId"));
  if (!questionId.success) throw badRequest("Choose a question.");
  if (intent === "answer") {
    const result = await answerQuestion(user, questionId.data, String(form.get("answer") ?? ""));
    if (result.ok) return back(`question-${questionId.data}`);
    if (result.status === 400) return json({ errors: { [`answer-${questionId.data}`]: result.message } as Record<string, string>, draft: "" }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  }
  if (intent === "hide" || intent === "show") {
    const result = await moderateQuestion(user, questionId.data, intent === "hide", String(form.get("reason") ?? ""));
    if (!result.ok) throw new Response(result.message, { status: result.status });
    return back(`question-${questionId.data}`);
  }
  throw badRequest("We did not understand that request.");
}

export default function Questions() {
  const { item, engagement, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "News", to: "/announcements" }, { label: item.title, to: item.href }, { label: "Questions" }]} />
      <ErrorSummary errors={{ ...errors, [`ask-${engagement.itemId}`]: errors.body }} fields={[`ask-${engagement.itemId}`, ...Object.keys(errors).filter((k) => k.startsWith("answer-"))]} />
      <h1>Questions about “{item.title}”</h1>
      <p>
        <Link to={item.href}>Read the announcement</Link>
      </p>
      {engagement.poll ? <PollBox poll={engagement.poll} csrfToken={csrfToken} returnTo={`/questions/${engagement.itemId}`} /> : null}
      <QuestionsAndAnswers data={engagement} csrfToken={csrfToken} returnTo={`/questions/${engagement.itemId}`} errors={errors} draft={data?.draft} />
    </div>
  );
}
