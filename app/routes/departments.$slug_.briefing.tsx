/**
 * /departments/:slug/briefing — a one-page A4 team briefing for the week: must-reads,
 * the week's announcements for the department and policy changes, for team leaders to
 * pin up or read out at depot and care-home briefings. Print CSS lives at the end of
 * app/styles/app.css ("Channels and delivery"). `?week=YYYY-MM-DD` picks another week.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { PriorityTag } from "~/components/PriorityTag";
import { ukClock } from "~/commands/digest.server";
import { findDepartmentBySlug } from "~/models/department.server";
import { listBriefingAnnouncements, listBriefingMustReads, listBriefingPolicyChanges } from "~/models/feed.server";
import { listPeopleInScope } from "~/models/acknowledgement.server";
import { SignOffSheet } from "~/components/frontline/SignOffSheet";
import { slugFromParams } from "~/schemas/reading-query";
import { percent } from "~/utils/acknowledgement-access.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";
import { can } from "~/access/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Team briefing: ${data.department.name}` : "Page not found");

const DAY_MS = 86_400_000;
const MAX_NEWS = 8;
/** Must-reads asked for in the four weeks up to the briefing's week are listed; older ones are counted. */
const RECENT_MUST_READ_DAYS = 28;

/** The UTC instant of midnight at the start of a UK calendar day. */
function ukMidnight(day: string): Date {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t - ukClock(new Date(t)).hour * 3_600_000);
}

/** Monday (UK) of the week containing `day`, as "YYYY-MM-DD". */
function mondayOf(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const back = (noon.getUTCDay() + 6) % 7;
  return new Date(noon.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

function weekParam(url: URL): string {
  const raw = url.searchParams.get("week");
  if (raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T12:00:00Z`))) {
    const year = Number(raw.slice(0, 4));
    if (year >= 2000 && year <= 2100) return mondayOf(raw);
  }
  return mondayOf(ukClock(new Date()).day);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const department = slug ? await findDepartmentBySlug(db, slug) : undefined;
  if (!department) throw notFound();
  const url = new URL(request.url);
  const monday = weekParam(url);
  const from = ukMidnight(monday).toISOString();
  const nextMonday = new Date(Date.parse(`${monday}T12:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
  const to = ukMidnight(nextMonday).toISOString();
  const visible = visibleItemsSql(user);
  const [news, policies, mustReads] = await Promise.all([
    listBriefingAnnouncements(db, department.id, from, to, visible),
    listBriefingPolicyChanges(db, department.id, from, to, visible),
    listBriefingMustReads(db, department.id, visible),
  ]);
  const recentSince = new Date(Date.parse(from) - RECENT_MUST_READ_DAYS * DAY_MS).toISOString();
  const recentMustReads = mustReads.filter((m) => (m.askedAt ?? "") >= recentSince && (m.askedAt ?? "") < to);
  const showCompletion = can(user, "read", "acknowledgements", { departmentId: department.id });
  // The sign-off sheet for each must-read (decision 123): names of who is still to confirm,
  // only for those who may see the department's completion (its managers, comms, admins).
  const sheets = showCompletion
    ? await Promise.all(recentMustReads.map(async (m) => ({
        id: m.id, title: m.title,
        people: (await listPeopleInScope(db, m.id, [department.id])).map((p) => ({ id: p.userId, name: p.name, jobTitle: p.jobTitle, confirmedAt: p.confirmedAt, briefedOn: p.briefedOn })),
      })))
    : [];
  const previousMonday = new Date(Date.parse(`${monday}T12:00:00Z`) - 7 * DAY_MS).toISOString().slice(0, 10);
  return json({
    council: getEnv().COUNCIL_NAME,
    department: { slug: department.slug, name: department.name },
    week: { monday, previous: previousMonday, next: nextMonday, sunday: new Date(Date.parse(`${nextMonday}T12:00:00Z`) - DAY_MS).toISOString().slice(0, 10) },
    olderMustReads: mustReads.length - recentMustReads.length,
    mustReads: recentMustReads.map((m) => ({
      id: m.id, type: m.type, slug: m.slug, title: m.title, summary: m.summary, priority: m.priority,
      completion: showCompletion ? { confirmed: m.confirmed, inScope: m.inScope, percent: percent(m.confirmed, m.inScope) } : null,
    })),
    news: news.slice(0, MAX_NEWS).map((n) => ({ id: n.id, slug: n.slug, title: n.title, summary: n.summary, priority: n.priority, mustRead: n.mustRead === 1, publishedAt: n.publishedAt })),
    moreNews: Math.max(0, news.length - MAX_NEWS),
    policies: policies.map((p) => ({
      key: `${p.id}-${p.version}`, slug: p.slug, title: p.title, reference: p.reference, version: p.version, whatChanged: p.whatChanged,
      effectiveOn: p.effectiveOn, material: p.isMaterial === 1,
    })),
    sheets,
    printedOn: ukClock(new Date()).day,
    intranetUrl: (getEnv().PUBLIC_URL ?? url.origin).replace(/\/+$/, ""),
  });
}

function PrintButton() {
  return (
    <button type="button" className="button button--secondary" onClick={() => window.print()}>
      Print this briefing
    </button>
  );
}

export default function Briefing() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="no-print">
        <Breadcrumbs
          items={[
            { label: "Departments", to: "/departments" },
            { label: d.department.name, to: `/departments/${d.department.slug}` },
            { label: "Team briefing" },
          ]}
        />
      </div>
      <article className="briefing">
        <header className="briefing__header">
          <p className="briefing__council">{d.council}</p>
          <h1>Team briefing: {d.department.name}</h1>
          <p className="briefing__week">
            Week beginning <DateText value={d.week.monday} /> (to <DateText value={d.week.sunday} />)
          </p>
        </header>
        <nav className="briefing__nav no-print" aria-label="Other weeks">
          <Link to={`?week=${d.week.previous}`}>Previous week</Link>
          <Link to={`?week=${d.week.next}`}>Next week</Link>
          <PrintButton />
        </nav>
        <p className="hint no-print">Fits on one A4 page. To print, use the button or your browser&apos;s print command.</p>

        <section aria-labelledby="briefing-must-read">
          <h2 id="briefing-must-read">Must read and confirm</h2>
          {d.mustReads.length === 0 ? (
            <p>Nothing new for this team to confirm.</p>
          ) : (
            <ul className="briefing__list">
              {d.mustReads.map((m) => (
                <li key={m.id}>
                  <PriorityTag priority={m.priority} />
                  <strong>{m.title}</strong>
                  {m.type === "policy" ? " (policy)" : ""}. {m.summary}
                  {m.completion ? (
                    <span className="briefing__completion">
                      {" "}
                      {m.completion.confirmed} of {m.completion.inScope} in the team confirmed ({m.completion.percent}%).
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {d.olderMustReads > 0 ? (
            <p className="briefing__hint">
              And {d.olderMustReads} older {d.olderMustReads === 1 ? "item" : "items"} (mostly policies) that new starters and anyone who has
              not yet done so must read and confirm: they are listed on each person&apos;s intranet home page.
            </p>
          ) : null}
          <p className="briefing__hint">Everyone asked should read these on the intranet and select “I have read and understood this”.</p>
        </section>

        <section aria-labelledby="briefing-news">
          <h2 id="briefing-news">News this week</h2>
          {d.news.length === 0 ? (
            <p>No news for {d.department.name} this week.</p>
          ) : (
            <ul className="briefing__list">
              {d.news.map((n) => (
                <li key={n.id}>
                  <PriorityTag priority={n.priority} />
                  <strong>
                    <Link to={`/announcements/${n.slug}`}>{n.title}</Link>
                  </strong>{" "}
                  <span className="muted">
                    (<DateText value={n.publishedAt} />)
                  </span>
                  . {n.summary}
                </li>
              ))}
            </ul>
          )}
          {d.moreNews > 0 ? <p className="briefing__hint">And {d.moreNews} more on the intranet.</p> : null}
        </section>

        <section aria-labelledby="briefing-policies">
          <h2 id="briefing-policies">Policy changes</h2>
          {d.policies.length === 0 ? (
            <p>No policy changes this week.</p>
          ) : (
            <ul className="briefing__list">
              {d.policies.map((p) => (
                <li key={p.key}>
                  <strong>
                    <Link to={`/policies/${p.slug}`}>{p.title}</Link>
                  </strong>
                  {p.reference ? ` (${p.reference})` : ""}, version {p.version}, takes effect <DateText value={p.effectiveOn} />.{" "}
                  {p.whatChanged}
                  {p.material ? <strong> Everyone it applies to must confirm they have read it.</strong> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <footer className="briefing__footer">
          <p>
            Full details: {d.intranetUrl}/departments/{d.department.slug}. Printed <DateText value={d.printedOn} />.
          </p>
        </footer>
        {d.sheets.map((sheet) => (
          <div key={sheet.id}>
            <SignOffSheet title={sheet.title} people={sheet.people} headingLevel={2} />
            <p className="no-print">
              <Link to={`/acknowledgements/${sheet.id}/briefed`}>Record who was briefed on “{sheet.title}”</Link>
            </p>
          </div>
        ))}
      </article>
    </>
  );
}
