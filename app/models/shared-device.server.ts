/** Shared devices (issue 18, decision 121): rows only; the cookie and rules are in app/utils/shared-device.server.ts. */
import type { Queryable } from "~/utils/db.server";

export type SharedDeviceRow = {
  id: number; label: string; idleMinutes: number; createdAt: string; createdByName: string | null; lastSeenAt: string | null; revokedAt: string | null;
};

const COLUMNS = `d.id, d.label, d.idle_minutes AS idleMinutes, d.created_at AS createdAt, u.name AS createdByName, d.last_seen_at AS lastSeenAt,
  d.revoked_at AS revokedAt`;

export async function insertSharedDevice(q: Queryable, d: { label: string; idleMinutes: number; createdBy: number; at: string }): Promise<number> {
  const { lastID } = await q.run("INSERT INTO shared_devices (label, idle_minutes, created_by, created_at) VALUES (?, ?, ?, ?)", [d.label, d.idleMinutes, d.createdBy, d.at]);
  return lastID;
}

export async function findLiveSharedDevice(q: Queryable, id: number): Promise<SharedDeviceRow | undefined> {
  return q.get<SharedDeviceRow>(`SELECT ${COLUMNS} FROM shared_devices d LEFT JOIN users u ON u.id = d.created_by WHERE d.id = ? AND d.revoked_at IS NULL`, [id]);
}

export async function listSharedDevices(q: Queryable): Promise<SharedDeviceRow[]> {
  return q.all<SharedDeviceRow>(`SELECT ${COLUMNS} FROM shared_devices d LEFT JOIN users u ON u.id = d.created_by ORDER BY d.revoked_at IS NOT NULL, d.label, d.id`);
}

export async function revokeSharedDevice(q: Queryable, id: number, by: number, at: string): Promise<boolean> {
  const { changes } = await q.run("UPDATE shared_devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL", [at, by, id]);
  return changes === 1;
}

export async function setSharedDeviceIdle(q: Queryable, id: number, idleMinutes: number): Promise<boolean> {
  const { changes } = await q.run("UPDATE shared_devices SET idle_minutes = ? WHERE id = ? AND revoked_at IS NULL", [idleMinutes, id]);
  return changes === 1;
}

export async function touchSharedDevice(q: Queryable, id: number, at: string): Promise<void> {
  await q.run("UPDATE shared_devices SET last_seen_at = ? WHERE id = ?", [at, id]);
}

/** Ends every session opened on a device (revoked). */
export async function deleteSessionsOnDevice(q: Queryable, id: number): Promise<number> {
  return (await q.run("DELETE FROM sessions WHERE shared_device_id = ?", [id])).changes;
}
