/**
 * /me/feedback: comments left on the pages you own or deputise (comms editors can see all
 * of them), and the feedback you have sent yourself, with replies.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { readsAllFeedback } from "~/commands/feedback.server";
import { listAllFeedback, listFeedbackByAuthor, listFeedbackForOwner, type FeedbackRow } from "~/models/feedback.server";
import { visibleItemsSql } from "~/access/audience.server";
import { listedOrEditableSql } from "~/access/drafts.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Feedback");

const STATUSES = ["open", "resolved", "all"] as const;
type Status = (typeof STATUSES)[number];

function present(rows: FeedbackRow[]) {
  return rows.map((f) => ({
    id: f.id, itemTitle: f.itemTitle, helpful: f.helpful === 1, comment: f.comment.length > 200 ? `${f.comment.slice(0, 199)}…` : f.comment,
    status: f.status, createdAt: f.createdAt, replies: f.replies,
  }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status");
  const status: Status = (STATUSES as readonly string[]).includes(statusParam ?? "") ? (statusParam as Status) : "open";
  const seesAll = readsAllFeedback(user);
  const scope = seesAll && url.searchParams.get("scope") === "all" ? "all" : "mine";
  const filter = status === "all" ? {} : { status };
  const db = await getDb();
  const [received, sent] = await Promise.all([
    scope === "all" ? listAllFeedback(db, listedOrEditableSql(user), filter) : listFeedbackForOwner(db, user.email, listedOrEditableSql(user), filter),
    listFeedbackByAuthor(db, user.id, visibleItemsSql(user, "i", { includeExpired: true })),
  ]);
  return json({ status, scope, seesAll, received: present(received), sent: present(sent) });
}

function FeedbackList({ rows, empty }: { rows: ReturnType<typeof present>; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="item-list">
      {rows.map((f) => (
        <li key={f.id}>
          <h3>
            {/* One page may have several comments: the date and the comment's first words tell their links apart (link purpose, WCAG 2.4.4). */}
            <Link to={`/feedback/${f.id}`}>
              {f.itemTitle}
              <span className="visually-hidden">
                , feedback of <DateText value={f.createdAt} />: “{f.comment.length > 60 ? `${f.comment.slice(0, 60)}…` : f.comment}”
              </span>
            </Link>
          </h3>
          <p className="item-meta">
            <DateText value={f.createdAt} /> · {f.helpful ? "Helpful" : "Not helpful"} ·{" "}
            {f.status === "open" ? <strong className="tag tag--need-to-know">Open</strong> : <strong className="tag">Resolved</strong>}
            {f.replies ? ` · ${f.replies} ${f.replies === 1 ? "reply" : "replies"}` : ""}
          </p>
          <p>{f.comment}</p>
        </li>
      ))}
    </ul>
  );
}

export default function MyFeedback() {
  const { status, scope, seesAll, received, sent } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Your pages to review", to: "/me/reviews" }, { label: "Feedback" }]} />
      <h1>Feedback</h1>
      <p>
        When someone says a page was or was not helpful and leaves a comment, it comes here, privately, to the page’s owner and
        deputy. Reply to say what you changed, then mark it as resolved.
      </p>
      <Form method="get" className="filters">
        <div>
          <label htmlFor="status">Show</label>
          <select id="status" name="status" defaultValue={status}>
            <option value="open">Open comments</option>
            <option value="resolved">Resolved comments</option>
            <option value="all">All comments</option>
          </select>
        </div>
        {seesAll ? (
          <div>
            <label htmlFor="scope">Pages</label>
            <select id="scope" name="scope" defaultValue={scope}>
              <option value="mine">Pages I own or deputise</option>
              <option value="all">Every page</option>
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      <h2>{scope === "all" ? "Feedback on every page" : "Feedback on your pages"}</h2>
      <FeedbackList rows={received} empty="No comments to show." />
      <h2>Feedback you have sent</h2>
      <FeedbackList rows={sent} empty="You have not left any comments." />
    </>
  );
}
