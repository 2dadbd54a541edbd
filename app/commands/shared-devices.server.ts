/**
 * Marking a browser as a shared device, changing its idle time-out, revoking it
 * (decision 121). Each change is one transaction with its audit entry; revoking ends every
 * session opened on the device at once.
 */
import type { Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { deleteSessionsOnDevice, insertSharedDevice, revokeSharedDevice, setSharedDeviceIdle } from "~/models/shared-device.server";
import { getDb } from "~/utils/db.server";

export const DEFAULT_IDLE_MINUTES = 5;

export async function markSharedDevice(actor: Actor, label: string, idleMinutes: number, now = new Date()): Promise<number> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const id = await insertSharedDevice(tx, { label, idleMinutes, createdBy: actor.id, at });
    await recordAudit(tx, { actorId: actor.id, action: "shared-device.mark", entityType: "shared-device", entityId: id, detail: { label, idleMinutes } }, at);
    return id;
  });
}

export async function changeSharedDeviceIdle(actor: Actor, id: number, idleMinutes: number, now = new Date()): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const changed = await setSharedDeviceIdle(tx, id, idleMinutes);
    if (changed) await recordAudit(tx, { actorId: actor.id, action: "shared-device.idle", entityType: "shared-device", entityId: id, detail: { idleMinutes } }, now.toISOString());
    return changed;
  });
}

export async function revokeDevice(actor: Actor, id: number, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    if (!(await revokeSharedDevice(tx, id, actor.id, at))) return false;
    const ended = await deleteSessionsOnDevice(tx, id);
    await recordAudit(tx, { actorId: actor.id, action: "shared-device.revoke", entityType: "shared-device", entityId: id, detail: { sessionsEnded: ended } }, at);
    return true;
  });
}
