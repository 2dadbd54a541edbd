/**
 * Briefings in person (issue 18, decision 123): rows only. Who counts as reached is in
 * app/models/acknowledgement.server.ts (BRIEFED_SQL); these functions never read items.
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";

export type BriefingInput = { itemId: number; version: number; briefedOn: string; place: string; ledBy: string; recordedBy: number; at: string };

export async function insertBriefing(q: Queryable, b: BriefingInput): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO briefings (item_id, version, briefed_on, place, led_by, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [b.itemId, b.version, b.briefedOn, b.place, b.ledBy, b.recordedBy, b.at],
  );
  return lastID;
}

export async function insertBriefingAttendees(q: Queryable, briefingId: number, userIds: readonly number[]): Promise<number> {
  return insertMany(q, "INSERT INTO briefing_attendees (briefing_id, user_id)", 2, userIds.map((u) => [briefingId, u]), "ON CONFLICT (briefing_id, user_id) DO NOTHING");
}

export type BriefingRow = { id: number; version: number; briefedOn: string; place: string; ledBy: string; recordedByName: string | null; recordedAt: string; attendees: number };

/**
 * Briefings recorded for one item, newest first, with how many of the given departments'
 * people attended (all departments when null). The caller has checked the item.
 */
export async function listBriefings(q: Queryable, itemId: number, departmentIds: number[] | null): Promise<BriefingRow[]> {
  const inDepartments = departmentIds === null ? "" : departmentIds.length === 0 ? " AND 0 = 1" : ` AND u.department_id IN (${departmentIds.map(() => "?").join(",")})`;
  return q.all<BriefingRow>(
    `SELECT b.id, b.version, b.briefed_on AS briefedOn, b.place, b.led_by AS ledBy, r.name AS recordedByName, b.recorded_at AS recordedAt,
        (SELECT COUNT(*) FROM briefing_attendees ba JOIN users u ON u.id = ba.user_id WHERE ba.briefing_id = b.id${inDepartments}) AS attendees
       FROM briefings b LEFT JOIN users r ON r.id = b.recorded_by
      WHERE b.item_id = ? ORDER BY b.briefed_on DESC, b.id DESC`,
    [...(departmentIds ?? []), itemId],
  );
}
