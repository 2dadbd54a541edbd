/**
 * Running built intranet instances as child processes on loopback, for the benchmarks:
 * start one and wait for it, sign in through the form, and time publish-to-searchable
 * across instances sharing one PostgreSQL (issue 16: printed by `npm run bench:http --
 * --postgres` and by `npm run bench:search`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./processes";
import { startBenchPostgres } from "./postgres-server";

/** Waits until `url` answers below 500 (at most 3 minutes), failing at once if the child exits. */
export async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up:\n${output()}`);
}

/** `node ARGS` with `env` added, its output (stdout and stderr) collected. */
export function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

/** Signs in through the form; the session cookie (name=value) or null, and the status. */
export async function signIn(base: string, email: string, password: string): Promise<{ cookie: string | null; status: number }> {
  const login = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ email, password }),
  });
  return { cookie: login.headers.getSetCookie().find((c) => c.startsWith("intranet_session="))?.split(";")[0] ?? null, status: login.status };
}

/** The p-th percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Publishes 20 announcements, each through one instance in turn, and times from the publish's
 * answer until the NEXT instance's search page lists it (polled every 25 ms, up to 10 s).
 * `password` is the demo accounts' (DEMO_PASSWORD); the communications editor publishes.
 */
export async function publishToSearchable(bases: string[], password: string): Promise<{ times: number[]; p50: number; p95: number; missed: number }> {
  const cookie = (await signIn(bases[0], "comms@riverside.gov.uk", password)).cookie;
  if (!cookie) throw new Error("could not sign in as the communications editor for the cross-instance search");
  // On a first start the demo council is still being imported for a moment: wait for its departments.
  let form = "";
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    form = await (await fetch(`${bases[0]}/editor/new/announcement`, { headers: { cookie } })).text();
    if (form.includes('value="adult-social-care"')) break;
  }
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1];
  if (!csrf) throw new Error("no CSRF token on the editor form");
  const times: number[] = [];
  let missed = 0;
  const letters = (n: number) => String(n).split("").map((d) => "kmnprstvwz"[Number(d)]).join("");
  for (let n = 0; n < 20; n++) {
    const word = `crossbench${letters(process.pid)}q${letters(n)}`;
    const from = bases[n % bases.length];
    const to = bases[(n + 1) % bases.length];
    const res = await fetch(`${from}/editor/new/announcement`, {
      method: "POST", redirect: "manual",
      headers: { cookie, origin: from, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrf, intent: "publish", title: `Notice ${word}`, summary: "Published by the benchmark on one instance, searched on another.",
        body: `Cross-instance search check ${word}.`, department: "adult-social-care", audience: "everyone", priority: "normal",
      }),
    });
    const answer = await res.text();
    const location = res.headers.get("location");
    if (res.status !== 302 || !location) {
      const problems = [...answer.matchAll(/<li><a href="#[^"]*">([^<]*)<\/a><\/li>/g)].map((m) => m[1]);
      throw new Error(`publish ${n + 1} of 20 through ${from} answered ${res.status}${problems.length ? `: ${problems.join("; ")}` : ""}`);
    }
    // A result linking to the new page (its address is made from the title; titles in results
    // may be marked up where the words matched, so the link is what is looked for).
    const link = new RegExp(`href="/announcements/[^"]*${word}[^"]*"`);
    if (!/done=published/.test(location)) throw new Error(`publishing through ${from} did not publish (${location})`);
    const t0 = performance.now();
    let found = false;
    while (performance.now() - t0 < 10_000) {
      const page = await (await fetch(`${to}/search?q=${word}`, { headers: { cookie } })).text();
      if (link.test(page)) {
        found = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    if (found) times.push(performance.now() - t0);
    else {
      missed++;
      if (missed === 1) {
        const res = await fetch(`${to}/search?q=${word}`, { headers: { cookie } });
        const page = await res.text();
        const own = await fetch(`${from}/search?q=${word}`, { headers: { cookie } }).then((r) => r.text());
        console.log(`  (not found: ${location} after publishing through ${from}; ${to}/search answered ${res.status}, ${page.split(word).length - 1} mentions of the word, ${link.test(page) ? "with" : "without"} the link; ${from}'s own search ${link.test(own) ? "finds" : "does not find"} it)`);
      }
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { times, p50: sorted.length ? percentile(sorted, 50) : Infinity, p95: sorted.length && !missed ? percentile(sorted, 95) : Infinity, missed };
}

/**
 * Starts `count` instances of the built intranet (one worker each) on a fresh PostgreSQL
 * server, the demo council imported from `contentDir` by the first start, then publishes
 * through one and times until the next one's search finds it. Everything is stopped after.
 */
export async function measureAcrossInstances(opts: { count: number; password: string; dir: string; contentDir: string }): Promise<{ times: number[]; p50: number; p95: number; missed: number }> {
  const pgServer = await startBenchPostgres(100 + opts.count * 20);
  const children: ChildProcess[] = [];
  try {
    const bases: string[] = [];
    for (let i = 0; i < opts.count; i++) {
      const port = await freePort();
      const s = startChild(["server.js"], {
        NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: pgServer.url,
        // Each instance keeps its own search index file beside this path.
        DATABASE_PATH: path.join(opts.dir, `instance-${i + 1}.db`),
        DEMO_PASSWORD: opts.password, LOG_LEVEL: "error", CONTENT_DIR: opts.contentDir, WORKERS: "1", IMPORT_ON_START: "true",
      });
      children.push(s.child);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/healthcheck`, s.child, s.output);
      for (const deadline = Date.now() + 120_000; !s.output().includes("is running at") && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      bases.push(base);
    }
    return await publishToSearchable(bases, opts.password);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => { c.once("exit", r); setTimeout(r, 20_000).unref(); }))));
    await pgServer.stop();
  }
}
