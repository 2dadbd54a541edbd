/**
 * One process per core (docs/decisions/066-one-process-per-core.md): with WORKERS=2 the
 * server is a leader plus two page-serving workers. These tests drive the real cluster:
 * a guide published through one worker is found by searches answered by both; a worker
 * that dies is replaced while the site keeps answering; SIGTERM stops every process;
 * and workers do not outlive a leader that was killed.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { editorFormBody, editorValues } from "../editor/world";
import { isRunning, startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, DEMO_PASSWORD, ensureBuild, rawRequest, signInViaForm } from "../security/support";

let server: RunningServer | undefined;
beforeAll(() => ensureBuild());
afterEach(async () => {
  const pids = server?.pids() ?? [];
  await server?.stop();
  server = undefined;
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, "SIGKILL");
});

/** The leader prints the welcome once every worker listens. */
const everyWorkerListening = (s: RunningServer) =>
  expect.poll(() => s.output().includes("is running at"), { timeout: 20_000, interval: 50, message: "every worker to listen" }).toBe(true);


/** The CSRF token of the signed-in person, from a page's form. */
async function csrfOf(base: string, cookie: string): Promise<string> {
  const page = await rawRequest(base, { path: "/editor/new/guide", headers: { cookie } });
  const token = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no CSRF token on /editor/new/guide (${page.status})`);
  return token;
}

describe("a cluster of two workers", () => {
  it("runs a leader and two workers; what one worker publishes, searches on both find", async () => {
    server = await startServer({ WORKERS: "2", LOG_LEVEL: "info" });
    const s = server;
    await everyWorkerListening(s);
    expect(s.pids()).toHaveLength(3);

    const admin = await signInViaForm(s.url, DEMO_EMAILS.admin, DEMO_PASSWORD);
    const csrf = await csrfOf(s.url, admin);
    const values = editorValues("guide", {
      title: "Claim a zeppelin mooring allowance",
      summary: "How crews of the council airship claim their mooring allowance.",
      body: "## Steps\n\n1. Fill in the zeppelin mooring form.\n2. Send it to payroll.",
      department: "finance",
      owner: DEMO_EMAILS.admin,
    });
    const form = editorFormBody(values, { csrf, intent: "publish" });
    const published = await rawRequest(s.url, {
      method: "POST", path: "/editor/new/guide",
      headers: { cookie: admin, origin: s.url, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(published.status, published.body.slice(0, 500)).toBe(302);

    // Each rawRequest is a new connection, so the leader hands them to the workers in turn.
    const staff = await signInViaForm(s.url, DEMO_EMAILS.staff, DEMO_PASSWORD);
    await expect.poll(async () => (await rawRequest(s.url, { path: "/search?q=zeppelin", headers: { cookie: staff } })).body.includes("mooring allowance"), { timeout: 20_000, interval: 50, message: "the guide to be searchable" }).toBe(true);
    for (let i = 0; i < 6; i++) {
      const found = await rawRequest(s.url, { path: "/search?q=zepelin+mooring", headers: { cookie: staff } });
      expect(found.status).toBe(200);
      expect(found.body).toMatch(/Claim a .*zeppelin.* .*mooring.* allowance/);
    }
    const suggest = await rawRequest(s.url, { path: "/search/suggest?q=zeppe", headers: { cookie: staff } });
    expect(JSON.parse(suggest.body).items.map((i: { title: string }) => i.title)).toContain("Claim a zeppelin mooring allowance");
    await new Promise((r) => setTimeout(r, 100));
    const searchedBy = new Set(s.logs().filter((l) => l.msg === "request" && l.path === "/search").map((l) => l.pid));
    expect(searchedBy.size, "searches answered by both workers").toBe(2);
    for (const pid of searchedBy) expect(s.pids().slice(1)).toContain(pid);
    expect(s.logs().filter((l) => l.level === "error")).toEqual([]);
  }, 90_000);

  it("replaces a worker that dies, and keeps answering meanwhile", async () => {
    server = await startServer({ WORKERS: "2", LOG_LEVEL: "info" });
    const s = server;
    await everyWorkerListening(s);
    const [leader, victim, survivor] = s.pids();
    process.kill(victim, "SIGKILL");
    // Once the leader has noticed (a connection arriving in the instant before can be lost:
    // the leader may hand it to the dead worker; decision 066), the survivor answers
    // everything until the replacement is up.
    await expect.poll(() => s.logs().some((l) => l.msg === "worker stopped unexpectedly; starting another"), { timeout: 20_000, interval: 50, message: "the leader to notice" }).toBe(true);
    for (let i = 0; i < 10; i++) expect((await rawRequest(s.url, { path: "/healthcheck" })).status).toBe(200);
    await expect.poll(() => s.pids().length === 3 && !s.pids().includes(victim), { timeout: 20_000, interval: 50, message: "a replacement worker" }).toBe(true);
    expect(s.pids()[0]).toBe(leader);
    expect(s.pids()).toContain(survivor);
    await expect.poll(async () => {
      const res = await Promise.all(Array.from({ length: 4 }, () => rawRequest(s.url, { path: "/login" })));
      return res.every((r) => r.status === 200) && new Set(s.logs().filter((l) => l.path === "/login").map((l) => l.pid)).size >= 2;
    }, { timeout: 20_000, interval: 50, message: "the replacement to answer" }).toBe(true);
  }, 90_000);

  it("stops every process on SIGTERM and exits 0", async () => {
    server = await startServer({ WORKERS: "2", LOG_LEVEL: "info" });
    const s = server;
    await everyWorkerListening(s);
    const pids = s.pids();
    const exit = new Promise<number | null>((resolve) => s.process.once("exit", resolve));
    s.process.kill("SIGTERM");
    expect(await exit).toBe(0);
    await expect.poll(() => !pids.some(isRunning), { timeout: 5_000, interval: 50, message: "every process to be gone" }).toBe(true);
    const order = s.logs().map((l) => l.msg);
    expect(order.filter((m) => m === "worker stopped")).toHaveLength(2);
    expect(order.indexOf("stopped")).toBeGreaterThan(order.lastIndexOf("worker stopped"));
  }, 60_000);

  it("workers stop by themselves when the leader is killed", async () => {
    server = await startServer({ WORKERS: "2" });
    const s = server;
    await everyWorkerListening(s);
    const [, ...workers] = s.pids();
    s.process.kill("SIGKILL");
    await expect.poll(() => !workers.some(isRunning), { timeout: 15_000, interval: 50, message: "the workers to stop" }).toBe(true);
  }, 60_000);
});

describe("WORKERS", () => {
  it("refuses a value that is not a whole number from 1 to 32, naming the variable", async () => {
    await expect(startServer({ WORKERS: "lots" })).rejects.toThrow(/WORKERS must be a whole number from 1 to 32/);
    await expect(startServer({ WORKERS: "0" })).rejects.toThrow(/WORKERS must be at least 1/);
  }, 30_000);

  it("with WORKERS=1 one process does everything", async () => {
    server = await startServer({ WORKERS: "1" });
    expect(server.pids()).toHaveLength(1);
    const staff = await signInViaForm(server.url, DEMO_EMAILS.staff, DEMO_PASSWORD);
    expect((await rawRequest(server.url, { path: "/search?q=leave", headers: { cookie: staff } })).body).toMatch(/<mark>leave<\/mark>/i);
  }, 60_000);
});
