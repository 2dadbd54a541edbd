/**
 * /admin/insights: what reaches staff and what they cannot find, for comms editors and
 * administrators. Counts only (views per item per department per day, confirmations,
 * ratings, searches): never who read what. Every chart is drawn on the server as SVG with
 * a text description, followed by its figures as a table that can be downloaded as CSV.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateInput } from "~/components/DateInput";
import { ErrorSummary } from "~/components/FormFields";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { BarChart } from "~/components/charts/BarChart";
import { DataTable } from "~/components/charts/DataTable";
import { barChart, formatNumber, lineChart, shortDayLabel } from "~/components/charts/geometry.server";
import { LineChart } from "~/components/charts/LineChart";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { demoDataNote } from "~/commands/demo-activity.server";
import { insightsReport, parseInsightsQuery, type TableName } from "~/commands/insights.server";
import { firstPartInError } from "~/schemas/date-input";
import { requireUserWith } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = () => pageTitle("Insights");

function busiest(points: { label: string; value: number }[]): string {
  const top = points.reduce<{ label: string; value: number } | null>((a, b) => (!a || b.value > a.value ? b : a), null);
  return top && top.value > 0 ? `The most was ${formatNumber(top.value)}, ${top.label}.` : "Nothing was counted.";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "insights");
  const url = new URL(request.url);
  const query = parseInsightsQuery(url);
  const report = await insightsReport(user, query);
  const { period, series } = report;
  const span = `from ${formatDate(period.from)} to ${formatDate(period.to)}`;
  const totalViews = series.reachPerDay.reduce((n, d) => n + d.views, 0);
  const keep = new URLSearchParams({ from: period.from, to: period.to });
  if (report.selectedItem) keep.set("item", String(report.selectedItem.id));
  if (report.selectedAck) keep.set("ack", String(report.selectedAck.id));
  const csv = (name: TableName) => `/admin/insights.csv?table=${name}&${keep.toString()}`;

  const charts = {
    reach: lineChart({
      id: "chart-reach",
      title: `Views per day, ${span}`,
      description: `Line chart of page views per day ${span}: ${formatNumber(totalViews)} views in total. ${busiest(series.reachPerDay.map((d) => ({ label: `on ${formatDate(d.day)}`, value: d.views })))}`,
      xLabels: series.reachPerDay.map((d) => shortDayLabel(d.day)),
      series: [{ name: "Views", values: series.reachPerDay.map((d) => d.views) }],
      yLabel: "Views",
    }),
    itemByDepartment: report.selectedItem
      ? barChart({
          id: "chart-item-departments",
          title: `Views of “${report.selectedItem.title}” by readers’ department`,
          description: `Bar chart: ${series.itemByDepartment.map((b) => `${b.label} ${formatNumber(b.value)}`).join(", ") || "no views"}.`,
          bars: series.itemByDepartment,
          xLabel: "Views",
        })
      : null,
    ack: report.selectedAck
      ? lineChart({
          id: "chart-ack",
          title: `Confirmed so far: “${report.selectedAck.title}”`,
          description: `Line chart of the share of the ${formatNumber(report.selectedAck.inScope)} people asked who have confirmed, per day ${span}. ${
            series.ackPercentPerDay.length ? `It reached ${series.ackPercentPerDay[series.ackPercentPerDay.length - 1].percent}% by ${formatDate(series.ackPercentPerDay[series.ackPercentPerDay.length - 1].day)}.` : "No days to show."
          }`,
          xLabels: series.ackPercentPerDay.map((d) => shortDayLabel(d.day)),
          series: [{ name: "Per cent confirmed", values: series.ackPercentPerDay.map((d) => d.percent) }],
          yLabel: "Per cent confirmed",
          yMax: 100,
          formatY: (n) => `${n}%`,
        })
      : null,
    posting: barChart({
      id: "chart-posting",
      title: `Items published by department, ${span}`,
      description: `Bar chart: ${series.posting.map((b) => `${b.label} ${b.value}`).join(", ") || "nothing published"}.`,
      bars: series.posting,
      xLabel: "Items published",
    }),
    overdue: barChart({
      id: "chart-overdue",
      title: "Pages overdue for review, by department",
      description: `Bar chart: ${series.overdue.map((b) => `${b.label} ${b.value}`).join(", ") || "no pages are overdue"}.`,
      bars: series.overdue,
      xLabel: "Pages overdue",
    }),
  };
  const csvLinks = Object.fromEntries(
    (["reach-daily", "reach-items", "reach-departments", "acknowledgements", "acknowledgement-days", "searches-top", "searches-zero", "helpful-most", "helpful-least", "stale", "posting"] as const).map((n) => [n, csv(n)]),
  ) as Record<TableName, string>;
  return json({
    period,
    dates: query.dates,
    errors: query.errors,
    tables: report.tables,
    charts,
    csvLinks,
    reachItems: report.reachItems,
    selectedItem: report.selectedItem,
    mustReads: report.mustReads,
    selectedAck: report.selectedAck,
    itemDepartmentRows: series.itemByDepartment.map((b) => [b.label, b.value]),
    demo: await demoDataNote(),
  });
}

/** Chooses one item for a breakdown, keeping the period and the other choice. Works without JavaScript. */
function PickForm({ name, label, choices, selected, keep }: {
  name: string; label: string; choices: { id: number; title: string }[]; selected?: number; keep: Record<string, string | number | undefined>;
}) {
  return (
    <Form method="get" className="filters">
      {Object.entries(keep).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
      <div>
        <label htmlFor={name}>{label}</label>
        <select id={name} name={name} defaultValue={selected}>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Show
      </button>
    </Form>
  );
}

export default function Insights() {
  const { period, dates, errors, tables, charts, csvLinks, reachItems, selectedItem, mustReads, selectedAck, itemDepartmentRows, demo } = useLoaderData<typeof loader>();
  const t = (name: TableName, id: string, collapsed = false) => (
    <DataTable
      id={id} caption={tables[name].caption} head={tables[name].head} rows={tables[name].rows} numeric={tables[name].numeric}
      csvHref={csvLinks[name]} collapsed={collapsed}
    />
  );
  return (
    <>
      <Breadcrumbs items={[{ label: "Insights" }]} />
      <h1>Insights</h1>
      <DemoDataNote demo={demo} />
      <p>
        How internal communication is reaching staff, from <DateText value={period.from} /> to <DateText value={period.to} />. Views are
        counted per department and day, never per person. See also <Link to="/admin/content-health">content health</Link>,{" "}
        <Link to="/admin/insights/weekly">this week’s summary email</Link> and <Link to="/requests">knowledge requests</Link>.
      </p>
      <ErrorSummary
        errors={errors} fields={["from", "to"]}
        anchors={{ from: `from-${firstPartInError(dates.from, errors.from)}`, to: `to-${firstPartInError(dates.to, errors.to)}` }}
      />
      <Form method="get" className="filters" aria-label="Choose the period">
        <DateInput id="from" name="from" legend="From" value={dates.from} error={errors.from} compact />
        <DateInput id="to" name="to" legend="To" value={dates.to} error={errors.to} compact />
        {selectedItem ? <input type="hidden" name="item" value={selectedItem.id} /> : null}
        {selectedAck ? <input type="hidden" name="ack" value={selectedAck.id} /> : null}
        <button type="submit" className="button button--secondary">
          Show this period
        </button>
      </Form>
      <nav className="toc" aria-labelledby="insights-contents">
        <h2 id="insights-contents">Contents</h2>
        <ol>
          <li>
            <a href="#reach">Reach</a>
          </li>
          <li>
            <a href="#acknowledgements">Must-reads confirmed</a>
          </li>
          <li>
            <a href="#searches">Searches</a>
          </li>
          <li>
            <a href="#helpfulness">Helpful and unhelpful pages</a>
          </li>
          <li>
            <a href="#stale">Stale content</a>
          </li>
          <li>
            <a href="#posting">Posting activity</a>
          </li>
          <li>
            <a href="#conversations">Conversations</a>
          </li>
        </ol>
      </nav>

      <section aria-labelledby="reach">
        <h2 id="reach">Reach</h2>
        <LineChart model={charts.reach} />
        {t("reach-daily", "table-reach-daily", true)}
        {t("reach-items", "table-reach-items")}
        {reachItems.length > 0 ? (
          <>
            <h3>Reach of one item by department</h3>
            <PickForm name="item" label="Item" choices={reachItems} selected={selectedItem?.id} keep={{ ...period, ack: selectedAck?.id }} />
            {charts.itemByDepartment ? <BarChart model={charts.itemByDepartment} /> : null}
            <DataTable
              id="table-item-departments"
              caption={tables["reach-departments"].caption}
              head={["Readers’ department", "Views"]}
              numeric={[1]}
              rows={itemDepartmentRows}
              csvHref={csvLinks["reach-departments"]}
            />
            <p className="hint">The download has every item by department for the period.</p>
          </>
        ) : null}
      </section>

      <section aria-labelledby="acknowledgements">
        <h2 id="acknowledgements">Must-reads confirmed</h2>
        {t("acknowledgements", "table-acknowledgements")}
        {mustReads.length > 0 ? (
          <>
            <h3>Progress over time</h3>
            <PickForm name="ack" label="Must-read" choices={mustReads} selected={selectedAck?.id} keep={{ ...period, item: selectedItem?.id }} />
            {charts.ack ? <LineChart model={charts.ack} /> : null}
            {t("acknowledgement-days", "table-acknowledgement-days", true)}
          </>
        ) : null}
      </section>

      <section aria-labelledby="searches">
        <h2 id="searches">Searches</h2>
        <div className="grid">
          <div>{t("searches-top", "table-searches-top")}</div>
          <div>{t("searches-zero", "table-searches-zero")}</div>
        </div>
      </section>

      <section aria-labelledby="helpfulness">
        <h2 id="helpfulness">Helpful and unhelpful pages</h2>
        <p className="hint">Pages with at least 3 answers to “Was this page helpful?” in the period.</p>
        {t("helpful-most", "table-helpful-most")}
        {t("helpful-least", "table-helpful-least")}
      </section>

      <section aria-labelledby="stale">
        <h2 id="stale">Stale content</h2>
        <BarChart model={charts.overdue} />
        {t("stale", "table-stale")}
      </section>

      <section aria-labelledby="posting">
        <h2 id="posting">Posting activity</h2>
        <BarChart model={charts.posting} />
        {t("posting", "table-posting")}
      </section>

      <section aria-labelledby="conversations">
        <h2 id="conversations">Conversations</h2>
        <p className="hint">
          Comments and reactions count by the department of the person who wrote or reacted, and the page's channel (a page in two channels counts in both); stories by
          the writer's department; corrections by the page's department. Totals only: nobody is named or ranked.
        </p>
        {t("conversations", "table-conversations")}
      </section>
    </>
  );
}
