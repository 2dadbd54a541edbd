/**
 * The leader rule (decision 205): of all the instances sharing one database, exactly one at
 * a time runs the background jobs (app/commands/background.server.ts lists them).
 *
 * - SQLite: one instance by definition, so this process leads at once and for good.
 * - PostgreSQL: the leader is whoever holds the session-level advisory lock LEADER_LOCK_KEY
 *   on a connection of its own. The others try again every LEADER_RETRY_MS. A leader that
 *   dies (SIGKILL, a machine lost) loses its connection and so the lock; another instance
 *   takes it at its next try. A leader whose lock connection fails (a failed heartbeat, the
 *   database restarted) stops its jobs at once and goes back to trying.
 *
 * `mayDoLeaderWork()` is the fence slow work checks between steps (the outbox sender, before
 * each message): false once this process has lost the lead, so a stale leader stops.
 */
import { getDb, type Database } from "./db.server";
import type { HeldLock } from "./db-postgres.server";
import { log } from "./log.server";

/** The advisory lock key of the leader rule ("205" for the decision). */
export const LEADER_LOCK_KEY = 764_205;

export type Job = { name: string; start: () => Promise<() => Promise<void> | void> };

type State = "unmanaged" | "follower" | "leader";
let state: State = "unmanaged";

/** Whether this process leads now ("unmanaged": no leadership loop runs, e.g. a unit test calling a job directly). */
export function leadershipState(): State {
  return state;
}

/** False once this process runs the leadership loop and does not (or no longer) hold the lead. */
export function mayDoLeaderWork(): boolean {
  return state !== "follower";
}

export type LeadershipOptions = {
  /** How often a follower tries to take the lead (default: LEADER_RETRY_MS, 5 s). */
  retryMs?: number;
  /** How often the leader checks its lock connection. */
  heartbeatMs?: number;
  /** Told when this process becomes leader or stops being it (tests, logs). */
  onChange?: (leading: boolean) => void;
  /** The database to lead on (tests run two "instances" in one process); default getDb(). */
  db?: Database;
};

/**
 * Runs `jobs` while this process leads. Returns the stop function: jobs stop, the lock is
 * released (another instance takes over at its next try).
 */
export async function runWhileLeader(jobs: readonly Job[], options: LeadershipOptions = {}): Promise<() => Promise<void>> {
  const db: Database = options.db ?? (await getDb());
  const retryMs = options.retryMs ?? Number(process.env.LEADER_RETRY_MS ?? 5_000);
  let stopped = false;
  let held: HeldLock | null = null;
  let stops: Array<() => Promise<void> | void> = [];
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();
  /** This loop's own state; `state` (the process's) follows it. */
  let mine: State = "follower";
  const set = (next: State) => {
    mine = next;
    state = next;
  };
  set("follower");

  const startJobs = async () => {
    set("leader");
    options.onChange?.(true);
    for (const job of jobs) {
      if (mine !== "leader" || stopped) break;
      try {
        stops.push(await job.start());
      } catch (err) {
        log.error("background job failed to start", { job: job.name, error: String(err) });
      }
    }
  };
  const stopJobs = async () => {
    const running = stops.splice(0).reverse();
    for (const stop of running) {
      try {
        await stop();
      } catch (err) {
        log.error("background job failed to stop", { error: String(err) });
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => (busy = tryToLead()), retryMs);
    timer.unref();
  };
  const lostLead = (why: string) => {
    if (mine !== "leader") return;
    set("follower");
    held = null;
    log.error("lost the lead: background jobs stop here; another instance takes over", { why });
    options.onChange?.(false);
    busy = busy.then(stopJobs).finally(schedule);
  };
  const tryToLead = async () => {
    if (stopped) return;
    if (db.dialect === "sqlite") {
      await startJobs();
      return;
    }
    try {
      held = await db.tryHoldLock(LEADER_LOCK_KEY, { onLost: lostLead, heartbeatMs: options.heartbeatMs });
    } catch (err) {
      log.warn("could not ask for the lead; trying again", { error: String(err) });
    }
    if (!held) return schedule();
    log.info("leading: this instance runs the background jobs", { jobs: jobs.map((j) => j.name) });
    await startJobs();
  };

  busy = tryToLead();
  await busy;
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await busy;
    const wasLeading = mine === "leader";
    set("unmanaged");
    await stopJobs();
    await held?.release();
    held = null;
    if (wasLeading) options.onChange?.(false);
  };
}
