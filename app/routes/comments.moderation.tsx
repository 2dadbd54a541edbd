/**
 * /comments/moderation: the communications team's queue (comments waiting for approval and
 * reported comments, with the reasons) and which channels' comments wait for approval.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { canModerateComments, getModerationQueue, moderateComment, setChannelPremoderation } from "~/commands/comments.server";
import { listChannelCommentSettings } from "~/models/comment.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Comments to moderate");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!canModerateComments(user)) throw notFound();
  const db = await getDb();
  const [queue, channels] = await Promise.all([getModerationQueue(db, user), listChannelCommentSettings(db)]);
  return json({ csrfToken: user.csrfToken, queue, channels });
}

const ModerationForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["approve", "hide", "dismiss", "show"]), commentId: z.coerce.number().int().positive(), reason: z.string().max(2000).default("") }),
  z.object({ intent: z.literal("premoderate"), channelId: z.coerce.number().int().positive(), premoderated: z.enum(["0", "1"]) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!canModerateComments(user)) throw notFound();
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ModerationForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest("We did not understand that request.");
  const f = parsed.data;
  const result = f.intent === "premoderate"
    ? await setChannelPremoderation(user, f.channelId, f.premoderated === "1")
    : await moderateComment(user, f.commentId, f.intent, f.intent === "hide" ? f.reason || "It breaks the house rules." : f.reason);
  if (!result.ok) throw new Response(result.message, { status: result.status });
  return redirect(f.intent === "premoderate" ? "/comments/moderation#channels" : "/comments/moderation");
}

export default function Moderation() {
  const { queue, channels, csrfToken } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Comments to moderate" }]} />
      <h1>Comments to moderate</h1>
      <p>
        Comments waiting for approval and comments someone reported. Hiding a comment tells its author the reason you give. See the <Link to="/comments/house-rules">house rules</Link>.
      </p>
      {queue.length === 0 ? <p className="muted">Nothing to moderate.</p> : null}
      <ol className="comments__list">
        {queue.map((c) => (
          <li key={c.id} className="comment" id={`queue-${c.id}`}>
            <h2 className="comment__by">
              {c.authorName ?? "A former colleague"} on <Link to={c.itemHref}>{c.itemTitle}</Link>
            </h2>
            <p className="item-meta">
              <DateText value={c.createdAt} /> · {c.status === "pending" ? <strong className="tag tag--draft">Waiting for approval</strong> : c.status === "hidden" ? <strong className="tag tag--overdue">Hidden</strong> : <strong className="tag">Reported</strong>}
            </p>
            <div className="prose comment__body" dangerouslySetInnerHTML={{ __html: c.html }} />
            {c.reports.length > 0 ? (
              <>
                <h3>Reports</h3>
                <ul>
                  {c.reports.map((r, i) => (
                    <li key={i}>
                      {r.reason} (<DateText value={r.createdAt} />)
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className="comment__actions">
              {c.status === "pending" ? (
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="commentId" value={c.id} />
                  <button type="submit" className="button">Approve</button>
                </Form>
              ) : c.status === "published" ? (
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="dismiss" />
                  <input type="hidden" name="commentId" value={c.id} />
                  <button type="submit" className="button button--secondary">Keep it (clear the reports)</button>
                </Form>
              ) : null}
              {c.status !== "hidden" ? (
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="hide" />
                  <input type="hidden" name="commentId" value={c.id} />
                  <div className="form-group">
                    <label htmlFor={`reason-${c.id}`}>Reason for hiding (the author is told it)</label>
                    <input id={`reason-${c.id}`} name="reason" type="text" maxLength={300} />
                  </div>
                  <button type="submit" className="button button--secondary">Hide</button>
                </Form>
              ) : (
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="dismiss" />
                  <input type="hidden" name="commentId" value={c.id} />
                  <button type="submit" className="button button--secondary">Clear the reports</button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ol>
      <h2 id="channels">Channels where comments wait for approval</h2>
      <p>Turn this on for a channel when comments there need a check before others see them. Comments by the communications team never wait.</p>
      <ScrollTable caption="Channels and whether their comments wait for approval" captionHidden className="data-table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Comments</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((ch) => (
            <tr key={ch.id}>
              <th scope="row">
                {ch.name}
                {ch.departmentName ? <span className="muted"> ({ch.departmentName})</span> : null}
              </th>
              <td>{ch.premoderated ? "Wait for approval" : "Appear straight away"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="premoderate" />
                  <input type="hidden" name="channelId" value={ch.id} />
                  <input type="hidden" name="premoderated" value={ch.premoderated ? "0" : "1"} />
                  <button type="submit" className="link-button">
                    {ch.premoderated ? "Let comments appear straight away" : "Make comments wait for approval"}
                    <span className="visually-hidden"> in {ch.name}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </>
  );
}
