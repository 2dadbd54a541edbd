/**
 * The demo council's duties (issue 22), added once on the start that creates the demo
 * accounts: a past and an upcoming pre-election period (neither is on today, so the demo's
 * publishing is not held), the default retention schedule plus one category rule, and
 * a legal hold for an FOI request. The demo administrator holds information-governance and
 * publicity-reviewer (granted as any administrator would, audited), so the schedule, the
 * disposal queue, the hold, information requests and publicity approvals can be tried at once;
 * in a real council an administrator grants them to the IG officer and the monitoring officer
 * (/admin/users/:id). Dates are relative to the day it runs.
 */
import { listPeriods } from "~/models/election.server";
import { findPersonByEmail } from "~/models/ownership.server";
import { getDb, nowIso } from "~/utils/db.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import { log } from "~/utils/log.server";
import { savePeriod, setGrantedPermissions } from "./elections.server";
import { ensureDefaultSchedule, placeHold, saveRule } from "./retention.server";

export async function seedDemoDuties(now = new Date()): Promise<void> {
  const db = await getDb();
  if ((await listPeriods(db)).length > 0) return;
  const admin = await findPersonByEmail(db, "admin@riverside.gov.uk");
  if (!admin) return;
  await db.transaction((tx) => ensureDefaultSchedule(tx, nowIso()));
  const actor = { ...admin, grants: [], granted: [] };
  await setGrantedPermissions(actor, admin.id, ["information-governance", "publicity-reviewer"], now);
  const officer = { ...admin, grants: [], granted: ["information-governance" as const, "publicity-reviewer" as const] };
  const today = ukTodayIso(now);
  const periods = [
    { kind: "local", title: "Local elections (last May)", noticeOn: addDays(today, -230), pollingOn: addDays(today, -196) },
    { kind: "by-election", title: "Riverside North by-election", noticeOn: addDays(today, 21), pollingOn: addDays(today, 56) },
  ] as const;
  for (const p of periods) {
    const saved = await savePeriod(officer, null, { ...p, scope: "council" }, now);
    if (!saved.ok) log.warn("demo period not added", { title: p.title, errors: saved.errors });
  }
  const rule = await saveRule(officer, { recordType: "guide", category: "recruitment", trigger: "last-changed", periodDays: 3 * 365, action: "review", note: "Recruitment guides: 3 years after the last change, then review" }, now);
  if (!rule.ok) log.warn("demo retention rule not added", { errors: rule.errors });
  await placeHold(officer, { kind: "search", searchText: "phishing", reason: "FOI 2026/114: correspondence about the payroll phishing emails" }, now);
}
