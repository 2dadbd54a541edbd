/** /admin/elections/:id/report.csv: the end-of-period report: what was published, held, approved, overridden, and by whom (decision 161). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPeriodForReport, periodReportRows, REPORT_HEADER, requirePeriodManager } from "~/commands/elections.server";
import { idParam } from "~/utils/admin.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";

async function* rows(list: (string | number)[][]): AsyncGenerator<CsvValue[]> {
  for (const r of list) yield r;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePeriodManager(request);
  const db = await getDb();
  const id = idParam(params.id);
  const period = await findPeriodForReport(db, id);
  if (!period) throw notFound();
  return csvResponse(`pre-election-period-${id}-report.csv`, REPORT_HEADER, rows(await periodReportRows(db, id)));
}
