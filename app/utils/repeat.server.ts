/**
 * Background work on a timer (the scheduler, sweeps, digests, following outside changes):
 * `task` runs every `everyMs`, and at once unless `now: false`; never two runs at once (a
 * tick during a run is skipped); a failure is logged as `failure` and the next tick tries
 * again. The timer does not keep the process alive. Returns the stop function, which
 * waits for a run in progress.
 */
import { log } from "./log.server";

export function repeat(everyMs: number, task: () => Promise<unknown>, options: { failure: string; now?: boolean }): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = task()
      .catch((err) => log.error(options.failure, { error: String(err) }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  if (options.now !== false) tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
