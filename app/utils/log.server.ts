/** Structured logs: one JSON object per line on stdout, so any log shipper can read them. */
import { getEnv } from "./env.server";

const LEVELS = { silent: 0, error: 1, info: 2, debug: 3 } as const;
type Level = "error" | "warn" | "info" | "debug";
/** Warnings (a setting that works but is probably wrong) show whenever errors do. */
const THRESHOLD_OF: Record<Level, number> = { error: LEVELS.error, warn: LEVELS.error, info: LEVELS.info, debug: LEVELS.debug };

function emit(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[getEnv().LOG_LEVEL];
  } catch {
    /* invalid env is reported elsewhere */
  }
  if (THRESHOLD_OF[level] > threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  error: (msg: string, fields?: Record<string, unknown>) => emit("error", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => emit("warn", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit("info", msg, fields),
  debug: (msg: string, fields?: Record<string, unknown>) => emit("debug", msg, fields),
};
