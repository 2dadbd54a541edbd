/** /admin/audit.csv: the filtered audit log as a spreadsheet, streamed, formula-safe. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { iterateAudit, recordAudit, type AuditRow } from "~/models/audit.server";
import { auditFilterFromUrl } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";

async function* cells(rows: AsyncIterable<AuditRow>): AsyncGenerator<CsvValue[]> {
  for await (const r of rows) yield [r.id, r.at, r.actorEmail ?? "", r.actorName ?? "", r.action, r.entityType ?? "", r.entityId ?? "", r.detailJson];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "export", "audit");
  const { filter, query } = auditFilterFromUrl(new URL(request.url));
  if (!filter) throw badRequest("The filters are not right. Go back to the audit log and check them.");
  const db = await getDb();
  // Exports of the log are themselves recorded.
  await recordAudit(db, { actorId: user.id, action: "audit.exported", detail: Object.fromEntries(Object.entries(query).filter(([, v]) => v)) });
  const day = new Date().toISOString().slice(0, 10);
  return csvResponse(`audit-log-${day}.csv`, ["id", "at", "actor_email", "actor_name", "action", "entity_type", "entity_id", "detail"], cells(iterateAudit(db, filter)));
}
