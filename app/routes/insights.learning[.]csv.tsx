/** /insights/learning.csv?table=funnel|waiting: a table of /insights/learning as CSV (formula-safe). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canSeeLearningInsights } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { cascadeFunnel, LEARNING_TABLES, learningTable, type LearningTable } from "~/presenters/learning-insights.server";
import { requireUser } from "~/utils/auth.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { ukTodayIso } from "~/utils/dates";

async function* rowsOf(rows: CsvValue[][]): AsyncIterable<CsvValue[]> {
  yield* rows;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  if (!canSeeLearningInsights(user)) throw forbidden("You do not have permission to see this page.");
  const name = new URL(request.url).searchParams.get("table") ?? "";
  if (!(LEARNING_TABLES as readonly string[]).includes(name)) throw notFound("There is no table with that name.");
  const table = learningTable(await cascadeFunnel(await getDb()), name as LearningTable);
  return csvResponse(`learning-${name}-${ukTodayIso()}.csv`, table.head, rowsOf(table.rows));
}
