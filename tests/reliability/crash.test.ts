/**
 * Crash safety: the server runs as a child process; a burst of concurrent writes goes in
 * through HTTP (sign-ins, "I have read this" confirmations, channel follows) and through
 * a second process writing items and revisions with the app's models; both are killed
 * with SIGKILL mid-burst. After a restart on the same file: the database passes
 * `integrity_check` and `foreign_key_check`, every write that was answered with success is
 * there, and no half-applied change is visible. Repeated several times on the same file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database } from "~/utils/db.server";
import { isRunning, startServer, type RunningServer } from "../e2e/server";
import { DEMO_PASSWORD, ensureBuild, openSession, rawRequest, SESSION_COOKIE, type Session } from "../security/support";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-crash-"));
const databasePath = path.join(dir, "intranet.db");

type Acked = {
  writerSlugs: string[];
  cookies: string[];
  acknowledgements: Array<{ userId: number; itemId: number }>;
  follows: Array<{ userId: number; channelId: number }>;
};
const acked: Acked = { writerSlugs: [], cookies: [], acknowledgements: [], follows: [] };

beforeAll(() => ensureBuild());
afterAll(() => {
  if (!process.env.KEEP_CRASH_DB) fs.rmSync(dir, { recursive: true, force: true });
});

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** SIGKILL to every process of the server at once (a cluster's leader and workers), as a power cut would. */
async function killServer(server: RunningServer): Promise<void> {
  const pids = server.pids();
  // Workers first: killed after the leader, they would have a moment to notice and stop tidily.
  for (const pid of pids.slice(1)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  await killHard(server.process);
  for (const deadline = Date.now() + 10_000; pids.some(isRunning) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
}

function startWriter(tag: string): { child: ChildProcess; acked: string[]; errors: () => string } {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would miss.
  const child = spawn(process.execPath, ["--import", "tsx", path.join("tests", "reliability", "writer.ts"), tag, "4"], {
    env: { ...process.env, DATABASE_PATH: databasePath, NODE_ENV: "production", LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ok: string[] = [];
  let buffer = "";
  let errors = "";
  child.stdout!.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith("ok ")) ok.push(line.slice(3));
  });
  child.stderr!.on("data", (d: Buffer) => (errors += d.toString()));
  return { child, acked: ok, errors: () => errors };
}

/** Facts the HTTP writers need, read from the database of the running server. */
async function readTargets() {
  const db = await Database.open(databasePath);
  try {
    const people = await db.all<{ email: string }>("SELECT email FROM users WHERE password_hash IS NOT NULL AND active = 1 ORDER BY id LIMIT 12");
    const items = await db.all<{ id: number }>("SELECT id FROM items WHERE status = 'published' AND (must_read = 1 OR type = 'policy') LIMIT 15").catch(() => []);
    const channels = await db.all<{ id: number }>("SELECT id FROM channels WHERE is_mandatory = 0 AND archived_at IS NULL LIMIT 15").catch(() => []);
    return { people: people.map((p) => p.email), items: items.map((i) => i.id), channels: channels.map((c) => c.id) };
  } finally {
    await db.close();
  }
}

/** Keeps sending one kind of write until the server dies; records those answered with success. */
async function burst(server: RunningServer, targets: Awaited<ReturnType<typeof readTargets>>, sessions: Session[], stopAt: () => boolean) {
  const form = (session: Session | null, fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, ...(session ? { cookie: session.cookie } : {}) },
    body: new URLSearchParams(session ? { csrf: session.csrf, ...fields } : fields).toString(),
  });
  const hasRoute = (file: string) => fs.existsSync(path.join("app", "routes", file));
  const lanes: Array<() => Promise<void>> = [];
  lanes.push(async () => {
    for (let i = 0; !stopAt(); i++) {
      const email = targets.people[i % targets.people.length];
      const res = await rawRequest(server.url, { path: "/login", ...form(null, { email, password: DEMO_PASSWORD }) });
      const cookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (res.status === 302 && cookie) acked.cookies.push(cookie.split(";")[0]);
    }
  });
  if (hasRoute("acknowledgements.confirm.tsx") && targets.items.length)
    for (const session of sessions)
      lanes.push(async () => {
        for (const itemId of targets.items) {
          if (stopAt()) return;
          const res = await rawRequest(server.url, { path: "/acknowledgements/confirm", ...form(session, { itemId: String(itemId), redirectTo: "/" }) });
          if (res.status === 302) acked.acknowledgements.push({ userId: session.userId, itemId });
        }
      });
  if (hasRoute("me.follows.tsx") && targets.channels.length)
    for (const session of sessions)
      lanes.push(async () => {
        for (const channelId of targets.channels) {
          if (stopAt()) return;
          const res = await rawRequest(server.url, { path: "/me/follows", ...form(session, { channelId: String(channelId), follow: "true", redirectTo: "/me" }) });
          if (res.status === 302) acked.follows.push({ userId: session.userId, channelId });
        }
      });
  // A request the server never answered (killed) rejects; that write simply was not acknowledged.
  await Promise.all(lanes.map((lane) => lane().catch(() => undefined)));
}

async function verify() {
  const db = await Database.open(databasePath);
  try {
    expect(await db.all<{ integrity_check: string }>("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(await db.all("PRAGMA foreign_key_check")).toEqual([]);
    // Every acknowledged write is present.
    const slugs = new Set((await db.all<{ slug: string }>("SELECT slug FROM items WHERE slug LIKE 'crash-%'")).map((r) => r.slug));
    const missing = acked.writerSlugs.filter((s) => !slugs.has(s));
    expect(missing, "items whose commit was acknowledged").toEqual([]);
    for (const { userId, itemId } of acked.acknowledgements)
      expect(await db.get("SELECT 1 AS ok FROM acknowledgements WHERE user_id = ? AND item_id = ?", [userId, itemId]), `ack ${userId}/${itemId}`).toBeTruthy();
    for (const { userId, channelId } of acked.follows)
      expect(await db.get("SELECT 1 AS ok FROM channel_follows WHERE user_id = ? AND channel_id = ? AND following = 1", [userId, channelId]), `follow ${userId}/${channelId}`).toBeTruthy();
    // No half-applied change: an item points at its own latest revision, has its first two revisions,
    // and a "third" revision exists only together with the item whose transaction wrote it.
    expect(await db.all("SELECT i.id FROM items i LEFT JOIN revisions r ON r.id = i.current_revision_id WHERE i.current_revision_id IS NOT NULL AND (r.id IS NULL OR r.item_id <> i.id)")).toEqual([]);
    expect(await db.all("SELECT r.id FROM revisions r LEFT JOIN items i ON i.id = r.item_id WHERE i.id IS NULL")).toEqual([]);
    const rows = await db.all<{ slug: string; revs: number; current: number; latest: number }>(
      `SELECT i.slug, COUNT(r.id) AS revs, i.current_revision_id AS current, MAX(r.id) AS latest
         FROM items i JOIN revisions r ON r.item_id = i.id WHERE i.slug LIKE 'crash-%' GROUP BY i.id`,
    );
    expect(rows.length).toBe(slugs.size);
    for (const row of rows) {
      expect(row.revs, row.slug).toBeGreaterThanOrEqual(2);
      expect(row.revs, row.slug).toBeLessThanOrEqual(3);
      expect(row.current, row.slug).toBe(row.latest);
    }
    const thirds = await db.all<{ body: string }>("SELECT body FROM revisions WHERE body LIKE 'Third text, written with %'");
    const byTag = new Map<string, Set<number>>();
    for (const s of slugs) {
      const [, tag, n] = s.match(/^crash-(.+)-(\d+)$/)!;
      if (!byTag.has(tag)) byTag.set(tag, new Set());
      byTag.get(tag)!.add(Number(n));
    }
    const revs = new Map(rows.map((r) => [r.slug, r.revs]));
    for (const [tag, ns] of byTag)
      for (const n of ns) if (n > 0 && ns.has(n - 1)) expect(revs.get(`crash-${tag}-${n - 1}`), `crash-${tag}-${n} wrote a third revision to ${n - 1}`).toBe(3);
    expect(thirds.length).toBe([...byTag.values()].reduce((sum, ns) => sum + [...ns].filter((n) => n > 0 && ns.has(n - 1)).length, 0));
  } finally {
    await db.close();
  }
}

describe("killing the server and a writer mid-burst loses and corrupts nothing", () => {
  it(`survives ${ROUNDS} SIGKILLs during concurrent writes`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const server = await startServer({ DATABASE_PATH: databasePath });
      const targets = await readTargets();
      const sessions = await Promise.all(targets.people.slice(0, 4).map((email) => openSession(databasePath, email)));
      const writer = startWriter(`r${round}`);
      let killed = false;
      const running = burst(server, targets, sessions, () => killed);
      // Let the burst get going (the writer needs a moment to start), then pull the plug on both at once.
      const deadline = Date.now() + 30_000;
      while (writer.acked.length < 5 && Date.now() < deadline && writer.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
      await Promise.all([killServer(server), killHard(writer.child)]);
      killed = true;
      await running;
      acked.writerSlugs.push(...writer.acked);
      expect(writer.errors(), "writer errors").toBe("");
      expect(writer.acked.length, `round ${round}: the writer committed something before the kill`).toBeGreaterThan(0);
      fs.rmSync(server.dir, { recursive: true, force: true });

      // Restart on the crashed file; it must come up healthy and keep every acknowledged write.
      const again = await startServer({ DATABASE_PATH: databasePath });
      try {
        expect((await rawRequest(again.url, { path: "/healthcheck" })).status).toBe(200);
        for (const cookie of acked.cookies) expect((await rawRequest(again.url, { path: "/", headers: { cookie } })).status, `session ${cookie.slice(0, 30)}…`).toBe(200);
        await verify();
      } finally {
        await again.stop();
      }
    }
    console.log(JSON.stringify({ rounds: ROUNDS, acknowledgedWrites: { items: acked.writerSlugs.length, signIns: acked.cookies.length, confirmations: acked.acknowledgements.length, follows: acked.follows.length } }));
    expect(acked.writerSlugs.length).toBeGreaterThan(ROUNDS);
    expect(acked.cookies.length).toBeGreaterThan(0);
  }, 240_000);
});
