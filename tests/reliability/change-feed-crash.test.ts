/**
 * The change feed across a crash (decision 090): a worker commits an urgent announcement
 * while the leader (where search and delivery follow the feed) is frozen, then the leader
 * is killed before it could follow. After a restart on the same database the change
 * reaches search and the outbox; after another restart (a replay of the same rows) the
 * outbox still holds exactly one alert per person. Runs on both databases: in the PostgreSQL
 * run the servers use that file's database (openServerDatabase opens whichever).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { editorFormBody, editorValues } from "../editor/world";
import { freePort, isRunning, startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, DEMO_PASSWORD, ensureBuild, openServerDatabase, rawRequest, signInViaForm } from "../security/support";

let server: RunningServer | undefined;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuild();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-feed-crash-"));
  // A mail server address nobody answers at: alerts stay queued in the outbox, which is what is counted.
  env = { WORKERS: "2", DATABASE_PATH: path.join(dataDir, "intranet.db"), SMTP_HOST: "127.0.0.1", SMTP_PORT: String(await freePort()), LOG_LEVEL: "info" };
});
afterEach(async () => {
  const pids = server?.pids() ?? [];
  await server?.stop();
  server = undefined;
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, "SIGKILL");
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Requests over one kept-alive connection: once a worker has it, the leader is not needed to answer. */
function keptAlive(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);
  const request = (options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, agent, method: options.method ?? "GET", path: options.path, headers: options.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(options.body);
    });
  return { request, close: () => agent.destroy() };
}

async function alertCounts(itemTitle: string): Promise<{ people: number; most: number; itemId: number | null }> {
  const db = await openServerDatabase(env.DATABASE_PATH);
  try {
    const item = await db.get<{ id: number }>("SELECT id FROM items WHERE title = ?", [itemTitle]);
    if (!item) return { people: 0, most: 0, itemId: null };
    const rows = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE purpose = 'alert' AND item_id = ? GROUP BY user_id", [item.id]);
    return { people: rows.length, most: Math.max(0, ...rows.map((r) => r.n)), itemId: item.id };
  } finally {
    await db.close();
  }
}

const TITLE = "Depot gates closed: use the quokka entrance";

describe("a change committed just before the leader dies", () => {
  it("reaches search and the outbox after a restart, and a replay sends nothing twice", async () => {
    server = await startServer(env);
    await expect.poll(() => server!.output().includes("is running at"), { timeout: 20_000, interval: 50 }).toBe(true);
    const admin = await signInViaForm(server.url, DEMO_EMAILS.admin, DEMO_PASSWORD);
    const connection = keptAlive(server.url);
    const form = await connection.request({ path: "/editor/new/announcement", headers: { cookie: admin } });
    const csrf = form.body.match(/name="csrf" value="([^"]+)"/)?.[1];
    expect(csrf, `no CSRF token (${form.status})`).toBeTruthy();

    // Freeze the leader: the worker holding our connection still answers, but nobody follows the feed.
    const [leader] = server.pids();
    process.kill(leader, "SIGSTOP");
    try {
      const values = editorValues("announcement", { title: TITLE, summary: "The main gates are shut for repairs.", body: "Use the quokka entrance on Mill Lane.", priority: "urgent" });
      const body = editorFormBody(values, { csrf: csrf!, intent: "publish" });
      const published = await connection.request({
        method: "POST", path: "/editor/new/announcement", body: body.toString(),
        headers: { cookie: admin, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      });
      expect(published.status, published.body.slice(0, 300)).toBe(302);
      expect((await alertCounts(TITLE)).itemId).not.toBeNull();
      expect((await alertCounts(TITLE)).people).toBe(0);
    } finally {
      connection.close();
      process.kill(leader, "SIGKILL");
      process.kill(leader, "SIGCONT");
    }
    const pids = server.pids();
    await expect.poll(() => pids.every((pid) => !isRunning(pid)), { timeout: 20_000, interval: 100, message: "workers to stop after their leader" }).toBe(true);
    await server.stop();

    // Restart on the same database: the followers pick up from their stored cursors.
    server = await startServer(env);
    const staff = await signInViaForm(server.url, DEMO_EMAILS.staff, DEMO_PASSWORD);
    await expect
      .poll(async () => (await rawRequest(server!.url, { path: "/search?q=quokka+entrance", headers: { cookie: staff } })).body.includes("Depot gates closed"), { timeout: 20_000, interval: 100, message: "searchable after the restart" })
      .toBe(true);
    await expect.poll(async () => (await alertCounts(TITLE)).people, { timeout: 20_000, interval: 100, message: "alerts queued after the restart" }).toBeGreaterThan(1);
    const first = await alertCounts(TITLE);
    expect(first.most).toBe(1);

    // Replay: put the delivery follower's cursor back, as if it died before saving it, and restart.
    await server.stop();
    const db = await openServerDatabase(env.DATABASE_PATH);
    await db.run("UPDATE change_feed_cursors SET position = 0 WHERE follower = 'delivery'");
    await db.close();
    server = await startServer(env);
    await expect
      .poll(async () => {
        const d = await openServerDatabase(env.DATABASE_PATH);
        try {
          const c = await d.get<{ position: number }>("SELECT position FROM change_feed_cursors WHERE follower = 'delivery'");
          const top = await d.get<{ id: number }>("SELECT MAX(id) AS id FROM change_feed");
          return c!.position >= top!.id;
        } finally {
          await d.close();
        }
      }, { timeout: 30_000, interval: 200, message: "delivery to replay the whole feed" })
      .toBe(true);
    expect(await alertCounts(TITLE)).toEqual(first);
  }, 180_000);
});
