/**
 * Start-up, in order: open the database (migrations run there), then each step in
 * BOOT_STEPS. Steps are plain async functions so features add theirs here, in one list,
 * instead of hiding work in module side effects.
 */
import { closeDb, getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { formatWelcome, seedDemoAccounts, type DemoAccounts } from "~/commands/seed-demo.server";
import { startDelivery } from "~/commands/deliver.server";
import { importContentOnStart } from "~/commands/import.server";
import { startScheduler } from "~/commands/scheduler.server";
import { startKnowledgeSweeps } from "~/commands/knowledge-sweep.server";
import { bootSearch } from "~/utils/search.server";

type BootStep = { name: string; run: () => Promise<void> };

let demo: DemoAccounts | null = null;

const BOOT_STEPS: BootStep[] = [
  // Delivery first, so items the import below publishes are announced: outbox worker and
  // content-changed listener, digest and reminder schedule, reach counter (stopped on shutdown).
  { name: "delivery", run: async () => onShutdown(await startDelivery()) },
  // Content import runs before the demo accounts, which need departments.
  // Only when IMPORT_ON_START=true; bad files are logged, never stop start-up.
  { name: "import content", run: async () => void (await importContentOnStart()) },
  // Loads the persisted search index (or builds it in a separate process) and follows content
  // changes; if search cannot start it is logged and retried, never stopping start-up.
  { name: "search index", run: async () => onShutdown(await bootSearch()) },
  { name: "demo accounts", run: async () => void (demo = await seedDemoAccounts()) },
  // Publishes scheduled items and expires old ones every SCHEDULER_INTERVAL_MS (default 30 s).
  { name: "scheduler", run: async () => onShutdown(startScheduler()) },
  // Hands over ownerless pages, sends review reminders and the weekly summary: now (in the
  // background) and every hour. After the demo accounts, so owners exist.
  { name: "knowledge sweeps", run: async () => onShutdown(startKnowledgeSweeps()) },
];

/** Work to stop on shutdown (timers, workers), registered by steps. */
const stoppers: Array<() => Promise<void> | void> = [];
export function onShutdown(stop: () => Promise<void> | void): void {
  stoppers.push(stop);
}

export async function boot(): Promise<void> {
  const env = getEnv();
  const started = Date.now();
  await getDb();
  for (const step of BOOT_STEPS) {
    const t = Date.now();
    await step.run();
    log.info("boot step", { step: step.name, ms: Date.now() - t });
  }
  log.info("ready", { ms: Date.now() - started, database: env.DATABASE_PATH });
}

export async function shutdown(): Promise<void> {
  for (const stop of stoppers.splice(0)) await stop();
  await closeDb();
}

/** Printed once the server listens: where to go and how to sign in. */
export function printWelcome(port: number): void {
  console.log(formatWelcome(`http://localhost:${port}`, demo));
}
