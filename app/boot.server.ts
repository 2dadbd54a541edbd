/**
 * Start-up, in order: open the database (migrations run there), then each step in
 * BOOT_STEPS. Steps are plain async functions so features add theirs here, in one list,
 * instead of hiding work in module side effects.
 *
 * Each step says where it runs (app/utils/cluster.server.ts): background work that must
 * happen once runs in the leader (or the single process); what each page-serving process
 * needs for itself runs in every process that serves pages.
 */
import { closeDb, getDb } from "~/utils/db.server";
import { setProcessRole, type ProcessRole } from "~/utils/cluster.server";
import { startReachFlusher } from "~/models/reach.server";
import { getEnv } from "~/utils/env.server";
import { redactDatabaseUrl } from "~/utils/database-url";
import { log } from "~/utils/log.server";
import { formatWelcome, seedDemoAccounts, type DemoAccounts } from "~/commands/seed-demo.server";
import { seedDemoActivity } from "~/commands/demo-activity.server";
import { seedDemoPlanning } from "~/commands/demo-planning.server";
import { seedDemoLearning } from "~/commands/demo-learning.server";
import { seedDemoDuties } from "~/commands/demo-duties.server";
import { seedDemoConversations } from "~/commands/demo-conversations.server";
import { ensurePushKeys } from "~/commands/push.server";
import { importContentOnStart } from "~/commands/import.server";
import { seedDemoMentoring } from "~/commands/demo-mentoring.server";
import { startBackgroundJobs } from "~/commands/background.server";
import { ensureChangeCursor, watchChangeFeed } from "~/commands/change-feed.server";
import { followChangesIntoSearch } from "~/commands/search-follower.server";
import { bootSearch } from "~/utils/search.server";
import { ensureProfiles, seedDemoProfiles } from "~/commands/people.server";

/** "once": the leader or the single process. "pages": every process that serves pages (a worker or the single process). */
type BootStep = { name: string; where: "once" | "pages"; run: () => Promise<void> };

let demo: DemoAccounts | null = null;

const BOOT_STEPS: BootStep[] = [
  // The Web Push key pair (VAPID): made at first start and kept in the database (decision 125).
  { name: "push keys", where: "once", run: async () => void (await ensurePushKeys()) },
  // Delivery's change-feed cursor, before the import: the follower that queues alerts (a
  // background job, below) reads from it, so what the import publishes is announced. A
  // brand-new database starts at the feed's end, so a first import does not mail everyone
  // about old content.
  { name: "delivery cursor", where: "once", run: async () => void (await ensureChangeCursor("delivery")) },
  // Content import runs before the demo accounts, which need departments.
  // Only when IMPORT_ON_START=true; bad files are logged, never stop start-up.
  { name: "import content", where: "once", run: async () => void (await importContentOnStart()) },
  // Follows the change feed into the search index; started first so changes made while the
  // index loads are held for it (decision 090).
  { name: "search follower", where: "once", run: async () => onShutdown(await followChangesIntoSearch()) },
  // Loads the persisted search index (or builds it in a separate process) and follows content
  // changes; if search cannot start it is logged and retried, never stopping start-up.
  { name: "search index", where: "once", run: async () => onShutdown(await bootSearch()) },
  { name: "demo accounts", where: "once", run: async () => void (demo = await seedDemoAccounts()) },
  // Only on the start that just created the demo accounts (DEMO=true, an empty database): about two
  // months of generated activity, so the insight pages have something to show (decision 087). Once.
  { name: "demo activity", where: "once", run: async () => void (demo && (await seedDemoActivity())) },
  // The comms team's planning desk in the demo (campaigns, requests, public accounts): once, with the demo accounts.
  { name: "demo planning desk", where: "once", run: async () => void (demo && (await seedDemoPlanning())) },
  { name: "demo council duties", where: "once", run: async () => void (demo && (await seedDemoDuties())) },
  // Comments, reactions, a correction and staff stories in the demo (issue 23): once, with the demo accounts.
  { name: "demo conversations", where: "once", run: async () => void (demo && (await seedDemoConversations())) },
  // Mentoring pairs, offers and requests, thank-you notes and last quarter's league (issue 19): once, with the demo accounts.
  { name: "demo mentoring", where: "once", run: async () => void (demo && (await seedDemoMentoring())) },
  // The staff directory: every account gets a profile and a handle; the demo council's people get
  // realistic profiles (content/people-profiles.yml, only where a profile is still empty). Issue 20.
  { name: "people directory", where: "once", run: async () => void (await ensureProfiles(), await seedDemoProfiles()) },
  // The demo training programme (issue 19): events, a cascade in progress, two learning paths. After the
  // directory, so a manager can enrol someone in their team. Once, with the demo accounts.
  { name: "demo training programme", where: "once", run: async () => void (demo && (await seedDemoLearning())) },
  // Every periodic job: the outbox sender and alert follower, digests and reminders, the
  // scheduler, document text, knowledge sweeps, access-code expiry (decision 205). Of several
  // instances sharing PostgreSQL only the one holding the lead runs them; on SQLite this one.
  // After the demo accounts, so owners exist when the sweeps run.
  { name: "background jobs", where: "once", run: async () => onShutdown(await startBackgroundJobs()) },
  // After a committed write, say "look now" to the change-feed followers (in the leader). Writes
  // made elsewhere (`npm run import` beside the server) are found by the followers' own polling.
  { name: "change-feed nudges", where: "pages", run: () => watchChangeFeed() },
  // Page views are counted in memory by the process that served them and written every few seconds.
  { name: "reach counter", where: "pages", run: async () => onShutdown(startReachFlusher()) },
];

/** The advisory lock key instances take in turn for their start-up steps. */
const STARTUP_LOCK_KEY = 764_206;

function runsIn(step: BootStep, role: ProcessRole): boolean {
  return role === "single" || (step.where === "once" ? role === "leader" : role === "worker");
}

/** Work to stop on shutdown (timers, workers), registered by steps. */
const stoppers: Array<() => Promise<void> | void> = [];
export function onShutdown(stop: () => Promise<void> | void): void {
  stoppers.push(stop);
}

/** Starts this process in its role: "single" (everything), "leader" or "worker" of a cluster. */
export async function boot(role: ProcessRole = "single"): Promise<void> {
  const env = getEnv();
  const started = Date.now();
  setProcessRole(role);
  const db = await getDb();
  const steps = async () => {
    for (const step of BOOT_STEPS) {
      if (!runsIn(step, role)) continue;
      const t = Date.now();
      await step.run();
      log.info("boot step", { step: step.name, ms: Date.now() - t });
    }
  };
  // Instances sharing PostgreSQL start one at a time (content import, demo seeding, push keys),
  // as they migrate one at a time (decision 205). A cluster's workers do no start-up writes.
  if (db.dialect === "postgres" && role !== "worker") await db.whileLocked(STARTUP_LOCK_KEY, steps);
  else await steps();
  log.info("ready", { ms: Date.now() - started, database: env.DATABASE_URL ? redactDatabaseUrl(env.DATABASE_URL) : env.DATABASE_PATH, ...(role === "single" ? {} : { role }) });
}

export async function shutdown(): Promise<void> {
  for (const stop of stoppers.splice(0)) await stop();
  await closeDb();
}

/** Printed once the server listens: where to go and how to sign in. */
export function printWelcome(port: number): void {
  console.log(formatWelcome(`http://localhost:${port}`, demo));
}
