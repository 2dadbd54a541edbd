/**
 * /feedback/:id: one comment left on a page, and the conversation about it. Private to the
 * person who wrote it, the page's owner and deputy, and comms editors; anyone else gets
 * "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { ErrorSummary, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { feedbackAccess, replyToFeedback, setFeedbackResolved } from "~/commands/feedback.server";
import { findFeedback, listReplies } from "~/models/feedback.server";
import { ReplySchema } from "~/schemas/knowledge";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { itemPath } from "~/utils/item-path";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Feedback on ${data.feedback.itemTitle}` : "Feedback");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const fb = await findFeedback(db, idParam(params.id));
  const access = fb ? await feedbackAccess(db, user, fb) : undefined;
  if (!fb || !access?.see) throw notFound();
  const replies = await listReplies(db, fb.id);
  return json({
    csrfToken: user.csrfToken,
    canResolve: access.resolve,
    isAuthor: fb.authorId === user.id,
    feedback: {
      id: fb.id, itemTitle: fb.itemTitle, itemHref: itemPath(fb.itemType, fb.itemSlug), helpful: fb.helpful === 1,
      comment: fb.comment, status: fb.status, createdAt: fb.createdAt, resolvedAt: fb.resolvedAt, resolvedByName: fb.resolvedByName,
      authorName: fb.authorId === user.id ? "You" : (fb.authorName ?? "A former member of staff"),
    },
    replies: replies.map((r) => ({ id: r.id, body: r.body, createdAt: r.createdAt, authorName: r.authorId === user.id ? "You" : (r.authorName ?? "A former member of staff") })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  if (intent === "reply") {
    const parsed = ReplySchema.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
    const result = await replyToFeedback(user, id, parsed.data.body);
    if (!result.ok) throw new Response(result.message, { status: result.status });
    return redirect(`/feedback/${id}#replies`);
  }
  if (intent === "resolve" || intent === "reopen") {
    const result = await setFeedbackResolved(user, id, intent === "resolve");
    if (!result.ok) throw new Response(result.message, { status: result.status });
    return redirect(`/feedback/${id}`);
  }
  throw badRequest("We did not understand that request.");
}

export default function FeedbackThread() {
  const { feedback, replies, canResolve, isAuthor, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Feedback", to: "/me/feedback" }, { label: feedback.itemTitle }]} />
      <ErrorSummary errors={errors} fields={["body"]} />
      <h1>
        Feedback on <Link to={feedback.itemHref}>{feedback.itemTitle}</Link>
      </h1>
      <dl className="summary-list">
        <dt>From</dt>
        <dd>{feedback.authorName}</dd>
        <dt>Sent</dt>
        <dd>
          <DateText value={feedback.createdAt} />
        </dd>
        <dt>Helpful?</dt>
        <dd>{feedback.helpful ? "Yes" : "No"}</dd>
        <dt>Status</dt>
        <dd>
          {feedback.status === "open" ? (
            <strong className="tag tag--need-to-know">Open</strong>
          ) : (
            <>
              <strong className="tag">Resolved</strong> {feedback.resolvedByName ? `by ${feedback.resolvedByName}` : null} on{" "}
              <DateText value={feedback.resolvedAt} />
            </>
          )}
        </dd>
      </dl>
      <h2>Comment</h2>
      <blockquote className="feedback-comment">
        <p>{feedback.comment}</p>
      </blockquote>
      <h2 id="replies">Replies</h2>
      {replies.length === 0 ? <p className="muted">No replies yet.</p> : null}
      <ol className="item-list">
        {replies.map((r) => (
          <li key={r.id}>
            <p className="item-meta">
              {r.authorName} on <DateText value={r.createdAt} />
            </p>
            <p className="pre-wrap">{r.body}</p>
          </li>
        ))}
      </ol>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="intent" value="reply" />
        <TextArea
          name="body"
          label={isAuthor ? "Add to your feedback" : "Reply"}
          hint={isAuthor ? "The page’s owner will see this." : "The person who left the feedback will see your reply."}
          error={errors.body}
          maxLength={2000}
          rows={4}
        />
        <button type="submit" className="button">
          Send reply
        </button>
      </Form>
      {canResolve ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value={feedback.status === "open" ? "resolve" : "reopen"} />
          <button type="submit" className="button button--secondary">
            {feedback.status === "open" ? "Mark as resolved" : "Reopen"}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
