import { Form } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";
import { HintAndError, TextField } from "~/components/FormFields";
import type { CommentsView, CommentView, Thread } from "~/commands/comments.server";
import { Reactions } from "./Reactions";

export type CommentsData = CommentsView;

type Common = { csrfToken: string; action: string; returnTo: string };

function Hidden({ csrfToken, returnTo, intent, commentId }: { csrfToken: string; returnTo: string; intent: string; commentId?: number }) {
  return (
    <>
      <input type="hidden" name="csrf" value={csrfToken} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="intent" value={intent} />
      {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
    </>
  );
}

/**
 * The people picker for @mentions. Drawn hidden; the page's small script (public/enhance.js,
 * decision 215) shows it and looks people up as they type. Without it, an "@Name" typed in
 * the text stays plain text and nobody is notified.
 */
function MentionPicker({ textareaId }: { textareaId: string }) {
  const id = `${textareaId}-mention`;
  return (
    <div className="mention-picker" data-mention-for={textareaId} hidden>
      <label htmlFor={id}>Mention a colleague (optional)</label>
      <HintAndError id={id} hint="Type at least 2 letters of their name, then choose them. They will be told about your comment." />
      <input id={id} type="text" autoComplete="off" aria-describedby={`${id}-hint`} />
      <p className="visually-hidden" role="status" />
      <ul className="mention-picker__list" hidden />
    </div>
  );
}

function CommentForm({
  id, intent, label, submit, common, commentId, parentId, defaultValue = "", defaultMentions = [], error, hint,
}: {
  id: string; intent: string; label: string; submit: string; common: Common; commentId?: number; parentId?: number;
  defaultValue?: string; defaultMentions?: { id: number; name: string }[]; error?: string; hint?: React.ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" action={common.action} className="comment-form" data-check="">
      <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent={intent} commentId={commentId} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {defaultMentions.map((m) => (
        <input key={m.id} type="hidden" name="mention" value={m.id} />
      ))}
      <div className={`form-group${error ? " form-group--error" : ""}`}>
        <label htmlFor={id}>{label}</label>
        <HintAndError id={id} hint={hint} error={error} />
        <textarea
          id={id} name="body" rows={3} maxLength={2000} required defaultValue={defaultValue} data-error="Enter your comment"
          aria-describedby={describedBy} aria-invalid={error ? true : undefined}
        />
      </div>
      <MentionPicker textareaId={id} />
      <button type="submit" className="button button--secondary">
        {submit}
      </button>
    </Form>
  );
}

function StatusNote({ c }: { c: CommentView }) {
  if (c.status === "pending")
    return (
      <p className="comment__status">
        <strong className="tag tag--draft">Waiting for approval</strong> Only you and the communications team can see it until it is approved.
      </p>
    );
  if (c.status === "hidden")
    return (
      <p className="comment__status">
        <strong className="tag tag--overdue">Hidden by the communications team</strong>
        {c.hiddenReason ? ` Reason: ${c.hiddenReason}` : null}
      </p>
    );
  return null;
}

function OneComment({ c, data, common, errors, isReply, following }: { c: CommentView; data: CommentsData; common: Common; errors: Record<string, string>; isReply: boolean; following?: boolean }) {
  const Heading = isReply ? "h4" : "h3";
  if (c.status === "deleted")
    return (
      <article className="comment comment--deleted" id={`comment-${c.id}`} aria-labelledby={`comment-${c.id}-by`}>
        <Heading className="comment__by" id={`comment-${c.id}-by`}>
          Comment deleted
        </Heading>
        <p className="muted">The author deleted this comment.</p>
      </article>
    );
  const editError = errors[`edit-${c.id}`];
  const reportError = errors[`report-${c.id}`];
  const hideError = errors[`hide-${c.id}`];
  return (
    <article className={`comment comment--${c.status}`} id={`comment-${c.id}`} aria-labelledby={`comment-${c.id}-by`}>
      <Heading className="comment__by" id={`comment-${c.id}-by`}>
        {c.mine ? "You" : (c.authorName ?? "A former colleague")}
        <span className="visually-hidden">{isReply ? " replied" : " commented"}</span>
      </Heading>
      <p className="item-meta">
        <DateText value={c.createdAt} />
        {c.editedAt ? (
          <>
            {" "}
            · <strong className="tag tag--draft">Edited</strong>
          </>
        ) : null}
      </p>
      <StatusNote c={c} />
      <div className="prose comment__body" dangerouslySetInnerHTML={{ __html: c.html }} />
      {c.history.length > 0 ? (
        <details className="comment__history">
          <summary>Earlier wording ({c.history.length})</summary>
          <ol className="plain-list">
            {c.history.map((h, i) => (
              <li key={i}>
                <p className="item-meta">
                  Written <DateText value={h.writtenAt} />, changed <DateText value={h.replacedAt} />
                </p>
                <div className="prose" dangerouslySetInnerHTML={{ __html: h.html }} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {c.status === "published" ? (
        <Reactions view={c.reactions} target="comment" targetId={c.id} csrfToken={common.csrfToken} returnTo={`${common.returnTo}#comment-${c.id}`} label={`Reactions to this comment`} disabled={!!data.paused} />
      ) : null}
      <div className="comment__actions">
        {!isReply && data.canPost && c.status === "published" ? (
          <details className="comment__action">
            <summary>Reply</summary>
            <CommentForm id={`reply-${c.id}`} intent="post" parentId={c.id} label="Your reply" submit="Post reply" common={common} error={errors[`reply-${c.id}`]} />
          </details>
        ) : null}
        {c.canEdit ? (
          <details className="comment__action" open={!!editError}>
            <summary>Edit</summary>
            <CommentForm
              id={`edit-${c.id}`} intent="edit" commentId={c.id} label="Change your comment" submit="Save changes" common={common}
              defaultValue={c.source ?? ""} defaultMentions={c.mentions} error={editError}
              hint="For 15 minutes after posting you can change it freely. After that it shows as edited and the earlier wording is kept."
            />
          </details>
        ) : null}
        {c.canDelete ? (
          <Form method="post" action={common.action} className="comment__action">
            <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent="delete" commentId={c.id} />
            <button type="submit" className="link-button">
              Delete<span className="visually-hidden"> your comment</span>
            </button>
          </Form>
        ) : null}
        {c.canReport ? (
          <details className="comment__action" open={!!reportError}>
            <summary>Report</summary>
            <Form method="post" action={common.action}>
              <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent="report" commentId={c.id} />
              <TextField id={`report-${c.id}`} name="reason" label="What is wrong with this comment?" error={reportError} maxLength={300} required />
              <button type="submit" className="button button--secondary">
                Send to the moderators
              </button>
            </Form>
          </details>
        ) : null}
        {!isReply && following !== undefined ? (
          <Form method="post" action={common.action} className="comment__action">
            <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent={following ? "unfollow" : "follow"} commentId={c.id} />
            <button type="submit" className="link-button">
              {following ? "Stop following this thread" : "Follow this thread"}
            </button>
          </Form>
        ) : null}
        {data.canModerate ? (
          c.status === "published" ? (
            <details className="comment__action" open={!!hideError}>
              <summary>Hide</summary>
              <Form method="post" action={common.action}>
                <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent="hide" commentId={c.id} />
                <TextField id={`hide-${c.id}`} name="reason" label="Reason (the author is told it)" error={hideError} maxLength={300} required />
                <button type="submit" className="button button--secondary">
                  Hide this comment
                </button>
              </Form>
            </details>
          ) : (
            <Form method="post" action={common.action} className="comment__action">
              <Hidden csrfToken={common.csrfToken} returnTo={common.returnTo} intent={c.status === "pending" ? "approve" : "show"} commentId={c.id} />
              <button type="submit" className="link-button">
                {c.status === "pending" ? "Approve" : "Show again"}
              </button>
            </Form>
          )
        ) : null}
      </div>
    </article>
  );
}

/** Comments on an announcement or guide, with the forms to write, reply, edit, delete, report, follow and moderate. */
export function Comments({ data, csrfToken, errors = {}, draft = "", action }: { data: CommentsData; csrfToken: string; errors?: Record<string, string>; draft?: string; action?: string }) {
  const common: Common = { csrfToken, action: action ?? `/comments/${data.itemId}`, returnTo: data.returnTo };
  return (
    <section className="comments no-print" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments{data.count ? ` (${data.count})` : ""}</h2>
      {data.canManage ? (
        <Form method="post" action={common.action} className="comments__manage">
          <Hidden csrfToken={csrfToken} returnTo={common.returnTo} intent="settings" />
          {data.enabled ? (
            <>
              <input type="hidden" name="enabled" value="1" />
              <input type="hidden" name="closed" value={data.closed ? "0" : "1"} />
              <button type="submit" className="link-button">
                {data.closed ? "Open comments again" : "Close comments on this page"}
              </button>
            </>
          ) : (
            <>
              <input type="hidden" name="enabled" value="1" />
              <input type="hidden" name="closed" value="0" />
              <button type="submit" className="link-button">
                Turn comments on for this {data.itemType}
              </button>
            </>
          )}
        </Form>
      ) : null}
      {data.canManage && data.enabled ? (
        <Form method="post" action={common.action} className="comments__manage">
          <Hidden csrfToken={csrfToken} returnTo={common.returnTo} intent="settings" />
          <input type="hidden" name="enabled" value="0" />
          <input type="hidden" name="closed" value="0" />
          <button type="submit" className="link-button">
            Turn comments off for this {data.itemType}
          </button>
        </Form>
      ) : null}
      {data.paused ? <p className="inset">{data.paused}</p> : null}
      {!data.enabled ? <p className="muted">Comments are turned off for this {data.itemType}.</p> : data.closed ? <p className="inset">Comments are closed on this page.</p> : null}
      {data.threads.length === 0 && data.enabled ? <p className="muted">No comments yet.</p> : null}
      <ol className="comments__list">
        {data.threads.map((t: Thread) => (
          <li key={t.id}>
            <OneComment c={t} data={data} common={common} errors={errors} isReply={false} following={t.following} />
            {t.replies.length > 0 ? (
              <ol className="comments__replies" aria-label={`Replies to ${t.mine ? "your comment" : (t.authorName ?? "this comment")}`}>
                {t.replies.map((r) => (
                  <li key={r.id}>
                    <OneComment c={r} data={data} common={common} errors={errors} isReply />
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
      {data.canPost ? (
        <div className="comments__new">
          <CommentForm
            id={`comment-new-${data.itemId}`} intent="post" label="Add a comment" submit="Post comment" common={common} defaultValue={draft} error={errors.body}
            hint={
              <>
                Everyone who can read this page will see your comment and your name. Please follow the <Link to={data.houseRules}>house rules</Link>. You can use **bold**, links
                and lists.{data.premoderated ? " Comments here are checked by the communications team before others see them." : ""}
              </>
            }
          />
        </div>
      ) : null}
    </section>
  );
}
