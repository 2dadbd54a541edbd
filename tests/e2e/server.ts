/** Starts the production server (node server.js) as a child process on a free loopback port. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { childPids, freePort } from "../../scripts/lib/processes";

export { childPids, freePort };

export type RunningServer = {
  url: string; port: number; dir: string; databasePath: string; process: ChildProcess; output: () => string; stop: () => Promise<void>;
  /** The server's processes: the one started and, in a cluster, its workers (Linux /proc). */
  pids: () => number[];
  /** The JSON log lines written so far (server.js and the app write one object per line). */
  logs: () => LogLine[];
};

export type LogLine = { time?: string; level?: string; msg: string; [field: string]: unknown };

/** Whether a process is still running (a zombie waiting for its parent counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** `timeoutMs`: how long to wait for /healthcheck (default 90 s; a first start on PostgreSQL migrates and imports the content). */
export async function startServer(env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-e2e-"));
  const databasePath = env.DATABASE_PATH ?? path.join(dir, "intranet.db");
  let output = "";
  const child = spawn(process.execPath, ["server.js"], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: databasePath, DEMO_PASSWORD: "demo-password-for-tests", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthcheck`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  if (Date.now() >= deadline) throw new Error(`server did not start:\n${output}`);
  return {
    url, port, dir, databasePath, process: child, output: () => output,
    pids: () => (child.pid && child.exitCode === null ? [child.pid, ...childPids(child.pid)] : []),
    logs: () => output.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as LogLine),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
