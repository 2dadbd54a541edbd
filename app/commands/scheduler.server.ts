/**
 * The scheduler: publishes what was approved for a time that has come, and expires live
 * items whose expiry has passed. It keeps no state of its own: each run asks the database
 * what is due, so a restart (or a missed tick while the server was down) loses nothing;
 * the first run after start-up catches up.
 */
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import { findItemById, setItemStatus } from "~/models/item.server";
import { listDueExpiredItems, listDuePendingChanges, listDueScheduledItems, recordWorkflowEvent } from "~/models/workflow.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { repeat } from "~/utils/repeat.server";
import { goLive } from "./workflow.server";
import { holdForPublicity, logPublished, publicityBlockers } from "./publicity.server";
import { runElectionPeriods } from "./elections.server";
import { sendEventReminders } from "./events.server";
import { runRetentionMonthly } from "./retention.server";

export const DEFAULT_INTERVAL_MS = 30_000;

export type SchedulerRun = { published: number[]; expired: number[]; held: number[] };

/**
 * One pass at `now`: every due item in one transaction (all or nothing); the change feed
 * carries the news to search and delivery. Tests call this directly with the clock they want.
 */
export async function runScheduler(now = new Date()): Promise<SchedulerRun> {
  const nowIso = now.toISOString();
  const db = await getDb();
  const run = await db.transaction(async (tx) => {
    const published: number[] = [];
    const expired: number[] = [];
    const held: number[] = [];
    // Pre-election period (decision 161): what needs a publicity reviewer's approval waits, and its author is told once.
    const heldBack = async (itemId: number, revisionId: number | null): Promise<boolean> => {
      const row = await findItemById(tx, itemId);
      if (!row) return false;
      const blockers = await publicityBlockers(tx, row, revisionId, now);
      if (blockers.length === 0) return false;
      await holdForPublicity(tx, row, blockers, null, now);
      held.push(itemId);
      return true;
    };
    for (const item of await listDueScheduledItems(tx, nowIso)) {
      const row = await findItemById(tx, item.id);
      if (await heldBack(item.id, row?.currentRevisionId ?? null)) continue;
      const live = await goLive(tx, item.id, now);
      published.push(item.id);
      await recordWorkflowEvent(tx, { itemId: item.id, revisionId: live.revisionId, actorId: null, action: "publish", fromState: "scheduled", toState: "live", comment: "Published at the scheduled time" }, nowIso);
      await recordAudit(tx, { actorId: null, action: "item.publish", entityType: item.type, entityId: item.id, detail: { by: "scheduler", ...(live.version ? { version: live.version } : {}) } }, nowIso);
      if (row) await logPublished(tx, row, null, now);
    }
    for (const change of await listDuePendingChanges(tx, nowIso)) {
      if (await heldBack(change.itemId, change.revisionId)) continue;
      const live = await goLive(tx, change.itemId, now);
      published.push(change.itemId);
      await recordWorkflowEvent(tx, { itemId: change.itemId, revisionId: live.revisionId, actorId: null, action: "publish", fromState: "scheduled", toState: "live", comment: "Changes published at the scheduled time" }, nowIso);
      await recordAudit(tx, { actorId: null, action: "item.publish", entityType: "item", entityId: change.itemId, detail: { by: "scheduler", change: true, ...(live.version ? { version: live.version } : {}) } }, nowIso);
      const row = await findItemById(tx, change.itemId);
      if (row) await logPublished(tx, row, null, now);
    }
    for (const item of await listDueExpiredItems(tx, nowIso)) {
      await setItemStatus(tx, item.id, "expired", nowIso);
      expired.push(item.id);
      await recordWorkflowEvent(tx, { itemId: item.id, actorId: null, action: "expire", fromState: "live", toState: "live", comment: "Expired at its expiry date" }, nowIso);
      await recordAudit(tx, { actorId: null, action: "item.expire", entityType: "item", entityId: item.id, detail: { by: "scheduler" } }, nowIso);
    }
    return { published, expired, held };
  });
  if (run.published.length || run.expired.length) log.info("scheduler", { published: run.published.length, expired: run.expired.length });
  return run;
}

/** SCHEDULER_INTERVAL_MS from the environment (at least one second), else 30 seconds. */
export function schedulerInterval(env: Record<string, string | undefined> = process.env): number {
  const parsed = z.coerce.number().int().min(1000).max(86_400_000).safeParse(env.SCHEDULER_INTERVAL_MS || undefined);
  return parsed.success ? parsed.data : DEFAULT_INTERVAL_MS;
}

/**
 * Runs the scheduler now and then every `intervalMs`, never two runs at once. Returns the
 * function that stops it and waits for a run in progress to finish.
 */
export function startScheduler(options: { intervalMs?: number; clock?: () => Date } = {}): () => Promise<void> {
  const clock = options.clock ?? (() => new Date());
  return repeat(
    options.intervalMs ?? schedulerInterval(),
    async () => {
      const now = clock();
      await runElectionPeriods(now);
      // The retention schedule runs once a calendar month (decision 162).
      await runRetentionMonthly(now);
      const run = await runScheduler(now);
      await sendEventReminders(now); // the day-before reminders of events (decision 130)
      return run;
    },
    { failure: "scheduler run failed" },
  );
}
