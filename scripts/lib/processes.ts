/**
 * Small helpers for running the server as a child process on loopback, shared by the
 * benchmarks (scripts/bench-http.ts) and the tests that start a real server
 * (tests/e2e/server.ts). Linux /proc is read where processes are inspected.
 */
import fs from "node:fs";
import net from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Direct children of a process (a cluster's workers), from /proc; empty where /proc is missing. */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
