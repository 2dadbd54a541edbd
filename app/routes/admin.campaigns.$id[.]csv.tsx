/** /admin/campaigns/:id.csv: a campaign's progress against each target, by department (formula-safe CSV). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canSeeCampaign } from "~/commands/campaigns.server";
import { findCampaign } from "~/models/campaign.server";
import { campaignView } from "~/presenters/campaign.server";
import { idParam } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { csvResponse, type CsvValue } from "~/utils/csv.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";

async function* rowsOf(rows: CsvValue[][]): AsyncIterable<CsvValue[]> {
  yield* rows;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "campaign");
  const db = await getDb();
  const campaign = await findCampaign(db, idParam(params.id));
  if (!campaign || !canSeeCampaign(user, campaign)) throw notFound();
  const today = ukTodayIso();
  const { progress } = await campaignView(db, campaign, user, today);
  const rows: CsvValue[][] = [];
  for (const t of progress) {
    rows.push([t.label, "All departments", t.current, null, null, t.target, t.dueOn, t.projected, t.status]);
    for (const d of t.byDepartment) rows.push([t.label, d.name, d.value, d.numerator, d.denominator, t.target, t.dueOn, null, d.value >= t.target ? "met" : "below"]);
  }
  return csvResponse(
    `campaign-${campaign.id}-${today}.csv`,
    ["Measure", "Department", "Value", "Count", "Out of", "Target", "Target date", "Projected", "Status"],
    rowsOf(rows),
  );
}
