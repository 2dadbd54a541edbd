/**
 * /me/reviews: the pages you own or deputise, soonest review first, with "Reviewed, no
 * changes" as one button. Managers also see their departments' overdue pages (they are
 * told when a page is overdue).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { ReviewTag, reviewState } from "~/components/knowledge/ReviewTag";
import { pageTitle } from "~/components/meta";
import { canReviewPage, markReviewed, shiftDay } from "~/commands/reviews.server";
import { getKnowledgeSetting, listOverdueInDepartments, listReviewQueue, type ReviewablePage } from "~/models/content-health.server";
import { helpfulnessOf } from "~/models/feedback.server";
import { Id } from "~/schemas/knowledge";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { itemPath } from "~/utils/item-path";
import { visibleItemsSql } from "~/access/audience.server";
import { isUnpublished, listedOrEditableSql, statusLabel } from "~/access/drafts.server";
import { departmentsOf } from "~/access/permissions.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Your pages to review");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const today = ukTodayIso();
  const days = await getKnowledgeSetting(db, "review_reminder_days");
  const dueSoonBy = shiftDay(today, { days });
  // Pages they may open, and drafts or pages in review they may edit (the access rule), never others.
  const mine = await listReviewQueue(db, user.email, listedOrEditableSql(user));
  const escalated = user.role === "manager"
    ? await listOverdueInDepartments(db, departmentsOf(user), today, visibleItemsSql(user, "i", { includeExpired: true }))
    : [];
  const same = (a: string | null) => !!a && a.toLowerCase() === user.email.toLowerCase();
  const present = async (p: ReviewablePage) => {
    const h = same(p.ownerEmail) || same(p.deputyEmail) ? await helpfulnessOf(db, p.id) : null;
    return {
      // A page that is not live yet opens in the editor; its status is shown beside its title.
      id: p.id, title: p.title, type: p.type, href: isUnpublished(p) ? `/editor/${p.id}` : itemPath(p.type, p.slug), status: p.status,
      statusLabel: statusLabel(p), departmentName: p.departmentName,
      role: same(p.ownerEmail) ? "Owner" : same(p.deputyEmail) ? "Deputy" : null,
      ownerName: p.ownerName ?? p.ownerEmail, lastReviewedOn: p.lastReviewedOn, reviewBy: p.reviewBy,
      state: reviewState(p.reviewBy, today, dueSoonBy), canReview: canReviewPage(user, p),
      helpful: h ? { yes: h.yes, total: h.yes + h.no, openComments: h.openComments } : null,
    };
  };
  const pages = [];
  for (const p of mine) pages.push(await present(p));
  const overdueInDepartment = [];
  for (const p of escalated.filter((e) => !mine.some((m) => m.id === e.id))) overdueInDepartment.push(await present(p));
  return json({ csrfToken: user.csrfToken, days, pages, overdueInDepartment });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (form.get("intent") !== "reviewed") throw badRequest("We did not understand that request.");
  const parsed = Id.safeParse(form.get("itemId"));
  if (!parsed.success) throw badRequest("Choose a page.");
  const result = await markReviewed(user, parsed.data);
  if (!result.ok) throw new Response(result.message, { status: result.status });
  return redirect(`/me/reviews?reviewed=${parsed.data}`);
}

type Row = SerializeFrom<typeof loader>["pages"][number];

function PageRow({ page, csrfToken }: { page: Row; csrfToken: string }) {
  return (
    <li>
      <h3>
        <Link to={page.href}>{page.title}</Link>
      </h3>
      <p className="item-meta">
        {page.type === "policy" ? "Policy" : "Guide"}
        {page.departmentName ? ` · ${page.departmentName}` : ""}
        {page.role ? ` · You are the ${page.role.toLowerCase()}` : page.ownerName ? ` · Owner: ${page.ownerName}` : " · No owner"}
        {page.statusLabel !== "Published" ? (
          <>
            {" · "}
            <strong className="tag">{page.statusLabel}</strong>
          </>
        ) : null}
      </p>
      <p>
        <ReviewTag state={page.state} />{" "}
        {page.reviewBy ? (
          <>
            Review by <DateText value={page.reviewBy} />.
          </>
        ) : null}{" "}
        {page.lastReviewedOn ? (
          <>
            Last reviewed <DateText value={page.lastReviewedOn} />.
          </>
        ) : (
          "Never reviewed."
        )}
        {page.helpful ? (
          <>
            {" "}
            {page.helpful.total ? `${page.helpful.yes} of ${page.helpful.total} found it helpful.` : "No ratings yet."}{" "}
            {page.helpful.openComments ? <Link to="/me/feedback">{page.helpful.openComments} open comments</Link> : null}
          </>
        ) : null}
      </p>
      {page.canReview ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value="reviewed" />
          <input type="hidden" name="itemId" value={page.id} />
          <button type="submit" className="button button--secondary">
            Reviewed, no changes<span className="visually-hidden">: {page.title}</span>
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export default function MyReviews() {
  const { pages, overdueInDepartment, days, csrfToken } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const reviewedId = Number(params.get("reviewed"));
  const reviewed = pages.find((p) => p.id === reviewedId) ?? overdueInDepartment.find((p) => p.id === reviewedId);
  const counts = { overdue: pages.filter((p) => p.state === "overdue").length, soon: pages.filter((p) => p.state === "due-soon").length };
  return (
    <>
      <Breadcrumbs items={[{ label: "Your pages to review" }]} />
      <h1>Your pages to review</h1>
      {reviewed ? (
        <div className="banner banner--success" role="status">
          <p>
            <strong>“{reviewed.title}” is marked as reviewed.</strong> The next review is due by <DateText value={reviewed.reviewBy} />.
          </p>
        </div>
      ) : null}
      <p>
        Pages you own or deputise. Check each one is still right by its review date: if nothing needs to change, say so with one click. We
        remind owners {days} days before the date, and tell the deputy and the department’s manager when a page is overdue.
      </p>
      <p>
        {counts.overdue} overdue · {counts.soon} due in the next {days} days · <Link to="/me/feedback">Feedback on your pages</Link> ·{" "}
        <Link to="/requests?for=me">Knowledge requests for you</Link>
      </p>
      <section aria-labelledby="yours-heading">
        <h2 id="yours-heading">Pages you look after</h2>
        {pages.length === 0 ? <p className="muted">You do not own or deputise any pages.</p> : null}
        <ul className="item-list">
          {pages.map((p) => (
            <PageRow key={p.id} page={p} csrfToken={csrfToken} />
          ))}
        </ul>
      </section>
      {overdueInDepartment.length > 0 ? (
        <section aria-labelledby="escalated-heading">
          <h2 id="escalated-heading">Overdue in your department</h2>
          <p>These pages are past their review date. Make sure their owners review them.</p>
          <ul className="item-list">
            {overdueInDepartment.map((p) => (
              <PageRow key={p.id} page={p} csrfToken={csrfToken} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
