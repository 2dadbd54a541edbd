/**
 * /champions/league: the quarterly department league — knowledge activity per 100 staff,
 * with the formula on the page, a chart and its data table, and past quarters (stored once
 * a quarter ends, so they do not drift). Departments only: no individual is ranked.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { BarChart } from "~/components/charts/BarChart";
import { DataTable } from "~/components/charts/DataTable";
import { barChart } from "~/components/charts/geometry.server";
import { pageTitle } from "~/components/meta";
import { listLeague, listLeagueQuarters } from "~/models/league.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { LEAGUE_MEASURES, quarterLabel, quarterOf } from "~/utils/league";

export const meta: MetaFunction = () => pageTitle("Department league");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const db = await getDb();
  const quarters = await listLeagueQuarters(db);
  const asked = new URL(request.url).searchParams.get("quarter") ?? "";
  const current = quarterOf(ukTodayIso());
  const quarter = quarters.includes(asked) ? asked : quarters.includes(current) ? current : quarters[0] ?? current;
  const rows = quarters.length ? await listLeague(db, quarter) : [];
  const chart = rows.length
    ? barChart({
        id: "chart-league",
        title: `Knowledge activity per 100 staff, ${quarterLabel(quarter)}`,
        description: `Bar chart: ${rows.map((r) => `${r.departmentName} ${r.per100Staff}`).join(", ")}.`,
        bars: rows.map((r) => ({ label: r.departmentName, value: r.per100Staff })),
        xLabel: "Points per 100 staff",
        formatValue: (n) => n.toLocaleString("en-GB", { maximumFractionDigits: 1 }),
      })
    : null;
  return json({
    quarter, label: quarterLabel(quarter), current, final: rows[0]?.final ?? false, computedAt: rows[0]?.computedAt ?? null, chart,
    quarters: quarters.map((q) => ({ value: q, label: `${quarterLabel(q)}${q === current ? " (this quarter)" : ""}` })),
    rows: rows.map((r) => [
      { text: r.departmentName, href: `/champions?department=${r.departmentSlug}` }, r.staff, r.guidesPublished, r.guidesReviewedOnTime, r.requestsAnswered,
      r.helpfulRatings, r.trainingAttendance, r.cascadeReach, r.points, r.per100Staff,
    ]),
  });
}

export default function League() {
  const { quarter, label, current, final, computedAt, chart, quarters, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Knowledge champions", to: "/champions" }, { label: "Department league" }]} />
      <h1>Department league</h1>
      <p>
        A friendly competition between services: how much each department shares what it knows, for its size. Departments are compared, never people.
      </p>
      {quarters.length > 1 ? (
        <Form method="get" className="filters">
          <div>
            <label htmlFor="quarter">Quarter</label>
            <select id="quarter" name="quarter" defaultValue={quarter}>
              {quarters.map((q) => <option key={q.value} value={q.value}>{q.label}</option>)}
            </select>
          </div>
          <button type="submit" className="button button--secondary">Show quarter</button>
        </Form>
      ) : null}
      <h2>{label}</h2>
      {rows.length ? (
        <p className="hint">
          {quarter === current ? "This quarter so far" : final ? "Final figures" : "Figures"}, counted {formatDateTime(computedAt)}.
          {quarter === current ? " Recounted every hour until the quarter ends; then kept as they are." : ""}
        </p>
      ) : null}
      {chart ? <BarChart model={chart} /> : <p>The league has not been counted yet. It is counted every hour.</p>}
      <DataTable
        id="table-league" caption={`Knowledge activity by department, ${label}`}
        head={["Department", "Staff", ...LEAGUE_MEASURES.map((m) => m.label), "Points", "Per 100 staff"]}
        rows={rows} numeric={[1, 2, 3, 4, 5, 6, 7, 8, 9]}
      />
      <h2>How the league is counted</h2>
      <p>Each department gets points for what happened in the quarter:</p>
      <ul>
        {LEAGUE_MEASURES.map((m) => (
          <li key={m.key}>
            {m.label}: {m.weight} point{m.weight === 1 ? "" : "s"} each
          </li>
        ))}
      </ul>
      <p>
        <strong>Per 100 staff = points × 100 ÷ staff in the department</strong>, so small and large services compare fairly. Guides, reviews,
        requests and ratings count for the department the page belongs to; training and cascade sessions for the department of the person who
        attended. A guide is reviewed on time when its review is recorded by its review date.
      </p>
      <p>
        <Link to="/champions">Knowledge champions</Link>
      </p>
    </>
  );
}
