/** /admin/content-health.csv: the content-health list with the same filters, formula-safe. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentHealthReport, parseHealthQuery } from "~/commands/reviews.server";
import { requireUserWith } from "~/utils/auth.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { absoluteUrl } from "~/utils/mail.server";

async function* rowsOf(rows: CsvValue[][]): AsyncIterable<CsvValue[]> {
  yield* rows;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "insights");
  const health = await contentHealthReport(user, parseHealthQuery(new URL(request.url)));
  const rows: CsvValue[][] = health.pages.map((p) => [
    p.title, p.type, p.status, p.departmentName ?? "", p.ownerEmail ?? "", p.ownerless ? "yes" : "no", p.deputyEmail ?? "",
    p.lastReviewedOn ?? "", p.reviewBy ?? "", p.overdue ? "yes" : "no", p.stale ? "yes" : "no", p.dueSoon ? "yes" : "no", absoluteUrl(p.href),
  ]);
  return csvResponse(
    `content-health-${health.today}.csv`,
    ["title", "type", "status", "department", "owner_email", "no_owner", "deputy_email", "last_reviewed", "review_by", "overdue", "stale", "due_soon", "address"],
    rowsOf(rows),
  );
}
