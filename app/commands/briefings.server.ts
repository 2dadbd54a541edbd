/**
 * "Briefed in person" (issue 18, decision 123): a supervisor records that named members of
 * their team were briefed on a must-read item face to face. One transaction: the briefing,
 * who attended (only people asked to read it, in the departments the supervisor answers
 * for), and the audit entry. They then count as reached, and reminders skip them.
 */
import type { Actor } from "~/access/permissions.server";
import { findMustReadItem, listPeopleInScope } from "~/models/acknowledgement.server";
import { recordAudit } from "~/models/audit.server";
import { insertBriefing, insertBriefingAttendees } from "~/models/briefing.server";
import { getDb } from "~/utils/db.server";

export type BriefingDetails = { briefedOn: string; place: string; ledBy: string; userIds: number[] };

export type BriefingResult = { ok: true; briefingId: number; recorded: number } | { ok: false; field: "people"; message: string };

export async function recordBriefing(actor: Actor, departments: number[] | null, itemId: number, d: BriefingDetails, now = new Date()): Promise<BriefingResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const mustRead = await findMustReadItem(tx, itemId);
    if (!mustRead) return { ok: false as const, field: "people" as const, message: "This page does not ask anyone to confirm they have read it." };
    const asked = new Set((await listPeopleInScope(tx, itemId, departments)).map((p) => p.userId));
    const chosen = [...new Set(d.userIds)];
    if (chosen.length === 0) return { ok: false as const, field: "people" as const, message: "Choose at least one person who was briefed" };
    if (chosen.some((id) => !asked.has(id)))
      return { ok: false as const, field: "people" as const, message: "Choose only people from your team who are asked to read this" };
    const briefingId = await insertBriefing(tx, {
      itemId, version: mustRead.requiredVersion, briefedOn: d.briefedOn, place: d.place, ledBy: d.ledBy, recordedBy: actor.id, at,
    });
    const recorded = await insertBriefingAttendees(tx, briefingId, chosen);
    await recordAudit(tx, {
      actorId: actor.id, action: "briefing.record", entityType: "item", entityId: itemId,
      detail: { briefingId, version: mustRead.requiredVersion, briefedOn: d.briefedOn, people: recorded },
    }, at);
    return { ok: true as const, briefingId, recorded };
  });
}
