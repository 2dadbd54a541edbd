/**
 * /insights/learning: the skills cascade per department (decision 131) — key staff trained →
 * team sessions held → staff reached — as SVG charts drawn on the server, the figures as a
 * table with CSV, and the gaps named: departments with no one trained, trained people with
 * no team session held yet. For the comms team and learning coordinators; counts by
 * department, names only in the gaps.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canSeeLearningInsights } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { BarChart } from "~/components/charts/BarChart";
import { DataTable } from "~/components/charts/DataTable";
import { barChart, formatNumber } from "~/components/charts/geometry.server";
import { pageTitle } from "~/components/meta";
import { cascadeFunnel, learningTable } from "~/presenters/learning-insights.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { forbidden } from "~/utils/http.server";

export const meta: MetaFunction = () => pageTitle("Learning insights: the skills cascade");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  if (!canSeeLearningInsights(user)) throw forbidden("You do not have permission to see this page.");
  const funnel = await cascadeFunnel(await getDb());
  const { totals } = funnel;
  const stages = [
    { label: "Key staff trained", value: totals.trained },
    { label: "Team sessions held", value: totals.sessionsHeld },
    { label: "Staff reached", value: totals.reached },
  ];
  const byDepartment = funnel.rows.filter((r) => r.trained || r.sessionsHeld || r.reached);
  return json({
    funnel,
    tables: { funnel: learningTable(funnel, "funnel"), waiting: learningTable(funnel, "waiting") },
    charts: {
      council: barChart({
        id: "chart-cascade",
        title: "The skills cascade across the council",
        description: `Bar chart: ${stages.map((s) => `${s.label} ${formatNumber(s.value)}`).join(", ")}.`,
        bars: stages,
        xLabel: "People or sessions",
      }),
      reached: barChart({
        id: "chart-reached",
        title: "Staff reached by team sessions, by department",
        description: `Bar chart: ${byDepartment.map((r) => `${r.department} ${formatNumber(r.reached)}`).join(", ") || "no one reached yet"}.`,
        bars: byDepartment.map((r) => ({ label: r.department, value: r.reached })),
        xLabel: "Staff reached",
      }),
    },
  });
}

export default function LearningInsights() {
  const { funnel, tables, charts } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Learning", to: "/learning" }, { label: "Learning insights" }]} />
      <h1>The skills cascade</h1>
      <p className="lede">
        Key staff are trained in a workshop and pass it on to their teams. Counted from the attendance registers of {funnel.workshops} cascade{" "}
        {funnel.workshops === 1 ? "workshop" : "workshops"} held so far and the team sessions made from them. Figures are by department; nobody is ranked.
      </p>
      <section aria-labelledby="funnel">
        <h2 id="funnel">From trained to reached</h2>
        <BarChart model={charts.council} />
        <BarChart model={charts.reached} />
        <DataTable id="table-funnel" caption={tables.funnel.caption} head={tables.funnel.head} rows={tables.funnel.rows} numeric={tables.funnel.numeric} csvHref="/insights/learning.csv?table=funnel" />
        <p className="hint">
          Trained: on the register of a cascade workshop. Sessions held: published team sessions that have started, counted in the department of the person who ran them.
          Reached: different people on those sessions’ registers, in their own department.
        </p>
      </section>
      <section aria-labelledby="gaps">
        <h2 id="gaps">Gaps</h2>
        <h3>Departments with no one trained</h3>
        {funnel.departmentsWithoutTrained.length ? (
          <ul>
            {funnel.departmentsWithoutTrained.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : (
          <p>Every department has someone trained.</p>
        )}
        <DataTable
          id="table-waiting" caption={tables.waiting.caption} head={tables.waiting.head} rows={tables.waiting.rows} numeric={tables.waiting.numeric}
          csvHref="/insights/learning.csv?table=waiting" empty="everyone trained has held their team session."
        />
        <p>
          <Link to="/events?type=workshop">Workshops</Link> · <Link to="/learning">Learning</Link>
        </p>
      </section>
    </>
  );
}
