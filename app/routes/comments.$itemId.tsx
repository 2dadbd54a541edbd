/**
 * /comments/:itemId: the comments on an announcement or guide on a page of their own, and
 * every form that changes them (the item pages show the same thread and post here). A form
 * with a problem comes back to this page with the message beside the field and the text kept.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Comments } from "~/components/conversations/Comments";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import {
  commentableItem, deleteComment, editComment, getCommentsView, moderateComment, postComment, reportComment, setItemComments, setThreadFollow, type CommentResult,
} from "~/commands/comments.server";
import { CommentForm, commentFormFields } from "~/schemas/conversations";
import { idParam } from "~/utils/admin.server";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { itemPath } from "~/utils/item-path";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Comments: ${data.item.title}` : "Comments");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await commentableItem(db, user, idParam(params.itemId));
  const comments = item ? await getCommentsView(db, user, item) : null;
  if (!item || !comments) throw notFound();
  return json({ reported: new URL(request.url).searchParams.has("reported"), csrfToken: user.csrfToken, item: { title: item.title, href: itemPath(item.type, item.slug), type: item.type }, comments });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const itemId = idParam(params.itemId);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = CommentForm.safeParse(commentFormFields(form));
  if (!parsed.success) throw badRequest("We did not understand that request.");
  const f = parsed.data;
  const to = safeRedirect(form.get("returnTo"), `/comments/${itemId}`);
  const back = (anchor: string) => redirect(`${/^\/(announcements|guides|comments)\//.test(to) ? to : `/comments/${itemId}`}#${anchor}`);
  const needComment = () => {
    if (!f.commentId) throw badRequest("Choose a comment.");
    return f.commentId;
  };
  let result: CommentResult;
  let field = "body";
  switch (f.intent) {
    case "post":
      result = await postComment(user, itemId, { body: f.body, parentId: f.parentId ?? null, mentionIds: f.mention });
      if (f.parentId) field = `reply-${f.parentId}`;
      break;
    case "edit":
      result = await editComment(user, needComment(), { body: f.body, mentionIds: f.mention });
      field = `edit-${f.commentId}`;
      break;
    case "delete":
      result = await deleteComment(user, needComment());
      break;
    case "report":
      result = await reportComment(user, needComment(), f.reason);
      field = `report-${f.commentId}`;
      break;
    case "follow":
    case "unfollow":
      result = await setThreadFollow(user, needComment(), f.intent === "follow");
      break;
    case "hide":
    case "show":
    case "approve":
    case "dismiss":
      result = await moderateComment(user, needComment(), f.intent, f.reason);
      field = `hide-${f.commentId}`;
      break;
    case "settings":
      result = await setItemComments(user, itemId, { enabled: f.enabled === "1", closed: f.closed === "1" });
      if (result.ok) return back("comments");
      break;
  }
  if (result.ok) {
    if (f.intent === "report") return redirect(`/comments/${itemId}?reported=1#comment-${result.commentId}`);
    return back(result.commentId ? `comment-${result.commentId}` : "comments");
  }
  if (result.status === 400 || result.status === 409 || result.status === 429)
    return json({ errors: { [field]: result.message } as Record<string, string>, draft: f.intent === "post" && !f.parentId ? f.body.slice(0, 2000) : "" }, { status: result.status });
  throw new Response(result.message, { status: result.status });
}

export default function CommentsPage() {
  const { item, comments, csrfToken, reported } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const fieldIds = Object.keys(errors).map((k) => (k === "body" ? `comment-new-${comments.itemId}` : k));
  const summary = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "body" ? `comment-new-${comments.itemId}` : k, v]));
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: item.type === "guide" ? "Guides" : "News", to: item.type === "guide" ? "/guides" : "/announcements" }, { label: item.title, to: item.href }, { label: "Comments" }]} />
      <ErrorSummary errors={summary} fields={fieldIds} />
      <h1>Comments on “{item.title}”</h1>
      {reported ? <p role="status" className="inset">Thank you: the communications team will look at the comment you reported.</p> : null}
      <p>
        <Link to={item.href}>Read the {item.type}</Link>
      </p>
      <Comments data={{ ...comments, returnTo: `/comments/${comments.itemId}` }} csrfToken={csrfToken} errors={errors} draft={data?.draft} />
    </div>
  );
}
