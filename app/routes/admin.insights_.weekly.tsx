/**
 * /admin/insights/weekly: the weekly summary email as a page (last full week), so comms
 * editors can read it in the browser and check what the email will say.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DataTable } from "~/components/charts/DataTable";
import { pageTitle } from "~/components/meta";
import { demoDataNote } from "~/commands/demo-activity.server";
import { lastWeekStart, summaryMessage, weeklyFigures } from "~/commands/weekly-summary.server";
import { findWeeklySummary } from "~/models/insights.server";
import { requireUserWith } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Weekly summary");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "read", "insights");
  const db = await getDb();
  const weekStart = lastWeekStart();
  const figures = await weeklyFigures(db, weekStart);
  const sent = await findWeeklySummary(db, weekStart);
  return json({ message: summaryMessage(figures), sent: sent ? { recipients: sent.recipients } : null, demo: await demoDataNote() });
}

export default function WeeklySummary() {
  const { message, sent, demo } = useLoaderData<typeof loader>();
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Insights", to: "/admin/insights" }, { label: "Weekly summary" }]} />
      <h1>{message.subject}</h1>
      <DemoDataNote demo={demo} />
      <p className="muted">
        {sent
          ? `This summary was emailed to ${sent.recipients} communications ${sent.recipients === 1 ? "editor" : "editors"}.`
          : "This summary is emailed to communications editors once the week is over."}
      </p>
      {message.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {message.tables.map((table, i) => (
        <DataTable key={table.caption} id={`weekly-${i}`} caption={table.caption} head={table.head} rows={table.rows} numeric={table.head.map((_, c) => c).filter((c) => c > 0)} />
      ))}
      <p>
        <Link to="/admin/insights">See all the figures</Link>
      </p>
    </div>
  );
}
