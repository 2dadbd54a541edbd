/**
 * npm run bench:http [-- --duration 10 --connections 50 --soak]
 *
 * Starts the production build (building it first if build/ is missing) on loopback with
 * the demo council, signs in as a member of staff, and measures with autocannon:
 *   - a bare node:http "hello" server (what this machine can do at all),
 *   - the signed-in home page, an announcement page and a search (/search?q=leave),
 *   - publishing a new announcement through the editor (10 connections, each answer a 302),
 * each after a 3 s warm-up at the same concurrency, printing requests/s, p50 and p99
 * latency, errors, the server's CPU time per request and the ratio to "hello". Floors
 * (design brief §5): home page ≥ 300 requests/s with p99 < 200 ms at 50 connections;
 * with --soak, 200 connections for 60 s with 0 errors. Exits 1 if a floor is missed.
 * Only loopback addresses are used; every run is bounded in time.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { childPids, freePort } from "./lib/processes";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    soak: { type: "boolean", default: false },
    "soak-seconds": { type: "string", default: "60" },
    "soak-connections": { type: "string", default: "200" },
  },
});
const DURATION = Number(args.duration);
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(args.connections);
const PASSWORD = "bench-password-not-for-production";

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up:\n${output()}`);
}

function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

type Row = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; cpuMs: number | null };

/** Resident memory of the server's processes (leader first, then workers), in MB; null where /proc is missing. */
function residentMb(pid: number | undefined): { role: string; mb: number }[] | null {
  if (pid === undefined) return null;
  try {
    const pids = [pid, ...childPids(pid)];
    return pids.map((p, i) => ({
      role: pids.length === 1 ? "single process" : i === 0 ? "leader" : `worker ${i}`,
      mb: Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0) / 1024),
    }));
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, all threads) a process and its children (a cluster's leader
 * and workers) have used so far, in ms; null where /proc is missing.
 */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let total = 0;
    for (const p of [pid, ...childPids(pid)]) {
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
    }
    return total;
  } catch {
    return null;
  }
}

async function measure(name: string, url: string, headers: Record<string, string>, pid: number | undefined, connections = CONNECTIONS, duration = DURATION): Promise<Row> {
  // A warm-up at the same concurrency, so caches are filled and the JIT has compiled the hot
  // paths, as on a server that has been running for a while: the first seconds after a start
  // are up to a fifth slower.
  await autocannon({ url, headers, connections, duration: WARMUP_SECONDS });
  const before = cpuMsOf(pid);
  const r = await autocannon({ url, headers, connections, duration, timeout: 10 });
  const after = cpuMsOf(pid);
  // Server CPU per request does not depend on what else the machine is doing, unlike req/s.
  const cpuMs = before !== null && after !== null && r.requests.total ? (after - before) / r.requests.total : null;
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuMs };
}

/** Signs in through the form as a demo account: the session cookie ("name=value"), or null, and the answer's status. */
async function signIn(base: string, email: string): Promise<{ cookie: string | null; status: number }> {
  const login = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  return { cookie: login.headers.getSetCookie().find((c) => c.startsWith("intranet_session="))?.split(";")[0] ?? null, status: login.status };
}

/**
 * Publishing through the editor (POST /editor/new/announcement as a communications editor,
 * a new announcement each time): what a write costs end to end, including what follows it
 * in the leader (the change feed's search and delivery followers). Each answer must be the
 * 302 to the new page; anything else counts as an error.
 */
async function measurePublish(base: string, pid: number | undefined): Promise<Row | null> {
  const cookie = (await signIn(base, "comms@riverside.gov.uk")).cookie;
  if (!cookie) return null;
  const form = await (await fetch(`${base}/editor/new/announcement`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1];
  if (!csrf) return null;
  let n = 0;
  const headers = { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" };
  const body = () => {
    n++;
    return new URLSearchParams({
      csrf, intent: "publish", title: `Bench notice ${process.pid}-${n}`, summary: "A notice published by the benchmark.",
      body: `The benchmark published notice number ${n}.`, department: "adult-social-care", audience: "everyone", priority: "normal",
    }).toString();
  };
  const connections = 10;
  const run = (duration: number) =>
    autocannon({ url: `${base}/editor/new/announcement`, connections, duration, timeout: 10, requests: [{ method: "POST", headers, setupRequest: (req) => ({ ...req, body: body() }) }] });
  await run(WARMUP_SECONDS);
  const before = cpuMsOf(pid);
  const r = await run(DURATION);
  const after = cpuMsOf(pid);
  const redirects = (r.statusCodeStats as Record<string, { count: number }>)["302"]?.count ?? 0;
  const cpuMs = before !== null && after !== null && r.requests.total ? (after - before) / r.requests.total : null;
  return { name: `publish (POST, ${connections} connections)`, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + (r.requests.total - redirects), non2xx: 0, cpuMs };
}

function printTable(rows: Row[], hello: Row) {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${pad("target", 34)}${pad("req/s", 10)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("errors", 8)}${pad("non-2xx", 9)}${pad("of hello", 10)}server CPU/request`);
  for (const r of rows)
    console.log(`${pad(r.name, 34)}${pad(r.rps.toFixed(0), 10)}${pad(String(r.p50), 9)}${pad(String(r.p99), 9)}${pad(String(r.errors), 8)}${pad(String(r.non2xx), 9)}${pad(`${((r.rps / hello.rps) * 100).toFixed(1)}%`, 10)}${r.cpuMs === null ? "?" : `${r.cpuMs.toFixed(2)} ms`}`);
}

async function main() {
  if (!fs.existsSync(path.join("build", "index.js"))) {
    console.log("No build found: running remix build…");
    execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-bench-"));
  const appPort = await freePort();
  const helloPort = await freePort();
  const app = startChild(["server.js"], {
    NODE_ENV: "production", PORT: String(appPort), HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "intranet.db"),
    DEMO_PASSWORD: PASSWORD, LOG_LEVEL: "error", CONTENT_DIR: process.env.CONTENT_DIR ?? "content",
  });
  const hello = startChild(["-e", `require("node:http").createServer((q, s) => { s.setHeader("content-type", "text/plain"); s.end("hello"); }).listen(${helloPort}, "127.0.0.1")`], {});
  const stopAll = () => {
    for (const c of [app.child, hello.child]) if (c.exitCode === null) c.kill("SIGTERM");
  };
  process.on("exit", stopAll);
  try {
    const base = `http://127.0.0.1:${appPort}`;
    const started = Date.now();
    await waitFor(`${base}/healthcheck`, app.child, app.output);
    // A cluster answers as soon as one worker listens; measure once all of them do (the welcome is printed then).
    for (const deadline = Date.now() + 60_000; !app.output().includes("is running at") && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    console.log(`Intranet up on ${base} in ${Date.now() - started} ms (demo content).`);
    await waitFor(`http://127.0.0.1:${helloPort}/`, hello.child, hello.output);

    const { cookie, status } = await signIn(base, "staff@riverside.gov.uk");
    if (!cookie) throw new Error(`could not sign in (${status})`);
    const headers = { cookie };
    const list = await (await fetch(`${base}/announcements`, { headers })).text();
    const announcement = list.match(/href="(\/announcements\/[a-z0-9-]+)"/)?.[1];
    const search = (await fetch(`${base}/search?q=leave`, { headers })).status === 200 ? "/search?q=leave" : null;
    for (const [what, url] of [["home", "/"], ["announcement", announcement], ["search", search]] as const) {
      if (!url) continue;
      const res = await fetch(`${base}${url}`, { headers, redirect: "manual" });
      if (res.status !== 200) throw new Error(`${what} page ${url} answered ${res.status}; not measuring a redirect`);
    }

    console.log(`Measuring ${DURATION} s per target at ${CONNECTIONS} connections on ${os.cpus().length} cores…`);
    const helloRow = await measure("node:http hello", `http://127.0.0.1:${helloPort}/`, {}, hello.child.pid);
    const rows = [helloRow, await measure("home page (signed in)", `${base}/`, headers, app.child.pid)];
    if (announcement) rows.push(await measure(`announcement ${announcement.slice(0, 20)}…`, `${base}${announcement}`, headers, app.child.pid));
    if (search) rows.push(await measure(`search ${search}`, `${base}${search}`, headers, app.child.pid));
    const publish = await measurePublish(base, app.child.pid);
    if (publish) rows.push(publish);
    else console.log("(publishing not measured: could not sign in as the communications editor or read the editor form)");
    printTable(rows, helloRow);
    const memory = residentMb(app.child.pid);
    if (memory) console.log(`\nServer memory after the runs (resident): ${memory.map((m) => `${m.role} ${m.mb} MB`).join(", ")}`);

    const home = rows[1];
    const failures: string[] = [];
    console.log(`\nFloor: home ≥ 300 req/s with p99 < 200 ms at 50 connections → ${home.rps.toFixed(0)} req/s, p99 ${home.p99} ms`);
    const load = os.loadavg()[0];
    if (load > os.cpus().length) console.log(`(the machine was busy: load average ${load.toFixed(1)} on ${os.cpus().length} cores, so req/s is lower than the server alone would give; CPU per request is not affected)`);
    if (CONNECTIONS === 50 && (home.rps < 300 || home.p99 >= 200)) failures.push("home page floor missed");
    if (rows.some((r) => r.errors > 0 || r.non2xx > 0)) failures.push("errors or unexpected answers during the runs");

    if (args.soak) {
      const seconds = Number(args["soak-seconds"]);
      const connections = Number(args["soak-connections"]);
      console.log(`\nSoak: ${connections} connections for ${seconds} s on the home page…`);
      const soak = await measure("home page soak", `${base}/`, headers, app.child.pid, connections, seconds);
      console.log(`Soak: ${soak.rps.toFixed(0)} req/s, p50 ${soak.p50} ms, p99 ${soak.p99} ms, errors ${soak.errors}, non-2xx ${soak.non2xx}`);
      if (soak.errors > 0 || soak.non2xx > 0) failures.push("soak had errors");
      const health = await fetch(`${base}/healthcheck`);
      if (!health.ok) failures.push(`healthcheck ${health.status} after the soak`);
    }
    console.log(failures.length ? `\nFAILED: ${failures.join("; ")}` : "\nAll floors met.");
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
