/** /admin/insights.csv?table=…: one table of /admin/insights as CSV, same period and selections, formula-safe. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { insightsReport, parseInsightsQuery, TABLES, tableForCsv, type TableName } from "~/commands/insights.server";
import { requireUserWith } from "~/utils/auth.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { notFound } from "~/utils/http.server";

async function* rowsOf(rows: CsvValue[][]): AsyncIterable<CsvValue[]> {
  yield* rows;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "insights");
  const url = new URL(request.url);
  const name = url.searchParams.get("table") ?? "";
  if (!(TABLES as readonly string[]).includes(name)) throw notFound("There is no table with that name.");
  const query = parseInsightsQuery(url);
  const report = await insightsReport(user, query);
  const { head, rows } = tableForCsv(report.tables[name as TableName]);
  return csvResponse(`insights-${name}-${query.period.from}-to-${query.period.to}.csv`, head, rowsOf(rows));
}
