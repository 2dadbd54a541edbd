/** Structured logs: one JSON object per line on stdout, so any log shipper can read them. */
import { getEnv } from "./env.server";

const LEVELS = { silent: 0, error: 1, info: 2, debug: 3 } as const;
type Level = "error" | "info" | "debug";

function emit(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[getEnv().LOG_LEVEL];
  } catch {
    /* invalid env is reported elsewhere */
  }
  if (LEVELS[level] > threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

export const log = {
  error: (msg: string, fields?: Record<string, unknown>) => emit("error", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit("info", msg, fields),
  debug: (msg: string, fields?: Record<string, unknown>) => emit("debug", msg, fields),
};
