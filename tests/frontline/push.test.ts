/**
 * Web Push (decision 125) against a real push service on loopback: web-push-testing's
 * server (it checks the VAPID signature and decrypts every payload with http_ece), behind
 * TLS with a certificate made for this test, since push services speak only HTTPS.
 *
 * - VAPID keys are made once and kept in the database;
 * - /me/push refuses malformed subscriptions with 400 and a plain message, and shared devices;
 * - urgent and must-read items are pushed, from the delivery follower, as title + link only;
 * - an item restricted to one department is pushed to nobody outside it;
 * - a subscription the push service answers 410 for is removed;
 * - a replay of the change feed pushes nothing twice;
 * - a browser's replaced subscription (the service worker's pushsubscriptionchange, decision
 *   215) takes the old one's place through /push/renew. Chromium cannot be made to fire that
 *   event (no push service in a headless browser, no way to trigger it), so the server's side
 *   is tested here against the real push service, and the worker's few lines are not.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { changeFeedSettled } from "~/commands/change-feed.server";
import { enqueueForItems, startDeliveryWorker } from "~/commands/deliver.server";
import { deliverDuePushes, ensurePushKeys } from "~/commands/push.server";
import { rewindChangeCursor } from "~/models/change-feed.server";
import * as mePush from "~/routes/me.push";
import * as pushRenew from "~/routes/push.renew";
import * as me from "~/routes/me._index";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createDepartment, createItem, createUser } from "../factories";
import { load } from "../pages/load";

const require = createRequire(import.meta.url);

type Model = {
  notifyUrl: string;
  subscribe(o: { applicationServerKey: string; userVisibleOnly: string }): Promise<{ endpoint: string; keys: { p256dh: string; auth: string }; clientHash: string }>;
  expireSubscription(hash: string): void;
  getNotifications(b: { clientHash: string }): { messages: string[] };
};

let model: Model;
let server: https.Server;
let tmp: string;
let previousCa: unknown;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "push-"));
  // A certificate for 127.0.0.1, trusted by this test process only.
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-keyout", path.join(tmp, "key.pem"), "-out", path.join(tmp, "cert.pem"), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "ignore" });
  const cert = fs.readFileSync(path.join(tmp, "cert.pem"));
  const { PushApiModel } = require("web-push-testing/src/PushApiModel");
  const PushServer = require("web-push-testing/src/server");
  model = new PushApiModel();
  const push = new PushServer(model, 0);
  push.setRequestHandlers();
  server = https.createServer({ key: fs.readFileSync(path.join(tmp, "key.pem")), cert }, push._app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  model.notifyUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/notify/`;
  previousCa = https.globalAgent.options.ca;
  https.globalAgent.options.ca = cert;
});

afterAll(async () => {
  https.globalAgent.options.ca = previousCa as never;
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Handler = (args: ActionFunctionArgs) => Promise<Response>;
async function postPush(userId: number, fields: Record<string, string>, sessionFor?: { token: string; csrfToken: string }): Promise<Response> {
  const { token, csrfToken } = sessionFor ?? (await createSession(userId));
  const request = new Request("http://localhost/me/push", {
    method: "POST",
    headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: csrfToken, ...fields }),
  });
  try {
    return await (mePush.action as Handler)({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A browser of `userId` subscribing at the push service, then telling the intranet through /me/push. */
async function subscribe(userId: number) {
  const { publicKey } = await ensurePushKeys();
  const sub = await model.subscribe({ applicationServerKey: publicKey, userVisibleOnly: "true" });
  const res = await postPush(userId, { intent: "subscribe", subscription: JSON.stringify({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }) });
  expect(res.status).toBe(200);
  return sub;
}

const received = (hash: string) => model.getNotifications({ clientHash: hash }).messages.map((m) => JSON.parse(m) as Record<string, unknown>);

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("VAPID keys", () => {
  it("are made once and kept in the database", async () => {
    const keys = await ensurePushKeys();
    const row = await (await getDb()).get<{ publicKey: string; n: number }>("SELECT MIN(public_key) AS publicKey, COUNT(*) AS n FROM push_keys");
    expect(row).toEqual({ publicKey: keys.publicKey, n: 1 });
    expect(keys.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
  });
});

describe("subscribing on /me", () => {
  it("refuses malformed subscriptions with 400 and a plain message, and shared devices", async () => {
    const u = await createUser();
    const { publicKey } = await ensurePushKeys();
    const good = await model.subscribe({ applicationServerKey: publicKey, userVisibleOnly: "true" });
    const cases: [string, RegExp][] = [
      ["", /No push subscription was sent/],
      ["{not json", /not valid JSON/],
      ["[]", /must be a JSON object/],
      [JSON.stringify({ keys: good.keys }), /has no endpoint/],
      [JSON.stringify({ endpoint: "ftp://push.example/x", keys: good.keys }), /https:\/\/ address/],
      [JSON.stringify({ endpoint: good.endpoint }), /has no keys/],
      [JSON.stringify({ endpoint: good.endpoint, keys: { p256dh: "abc", auth: good.keys.auth } }), /65-byte P-256 public key/],
      [JSON.stringify({ endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh, auth: "not base64!" } }), /auth secret must be base64url/],
    ];
    for (const [subscription, message] of cases) {
      const res = await postPush(u.id, { intent: "subscribe", subscription });
      expect(res.status, subscription).toBe(400);
      expect((await res.json()).error).toMatch(message);
    }
    expect((await postPush(u.id, { intent: "remove", id: "x" })).status).toBe(400);
    expect(await (await getDb()).get("SELECT 1 AS x FROM push_subscriptions WHERE user_id = ?", [u.id])).toBeUndefined();

    // On a shared device: refused, and /me offers nothing.
    const session = await createSession(u.id);
    const db = await getDb();
    const { lastID } = await db.run("INSERT INTO shared_devices (label, idle_minutes, created_at) VALUES ('Depot tablet', 5, ?)", [new Date().toISOString()]);
    await db.run("UPDATE sessions SET shared_device_id = ? WHERE user_id = ?", [lastID, u.id]);
    const shared = await postPush(u.id, { intent: "subscribe", subscription: JSON.stringify({ endpoint: good.endpoint, keys: good.keys }) }, session);
    expect(shared.status).toBe(403);
  });

  it("lists a person's devices on /me and removes one without a script", async () => {
    const u = await createUser();
    await subscribe(u.id);
    const { token } = await createSession(u.id);
    const page = await load(me.loader, new Request("http://localhost/me", { headers: { cookie: `${SESSION_COOKIE}=${token}` } }));
    expect(page.data.push.devices).toHaveLength(1);
    expect(JSON.stringify(page.data)).not.toContain("/notify/"); // the endpoint itself stays on the server
    const res = await postPush(u.id, { intent: "remove", id: String(page.data.push.devices[0].id) });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/me?saved=push-removed#notifications");
    expect(await (await getDb()).get("SELECT 1 AS x FROM push_subscriptions WHERE user_id = ?", [u.id])).toBeUndefined();
  });
});

describe("pushing urgent notices and must-reads", () => {
  it("sends title and link only, only to people who may open the item, and removes subscriptions the service says are gone", async () => {
    const depot = await createDepartment();
    const office = await createDepartment();
    const insider = await createUser({ departmentId: depot.id });
    const outsider = await createUser({ departmentId: office.id });
    const inside = await subscribe(insider.id);
    const outside = await subscribe(outsider.id);

    const body = "The north gate is closed because of the burst main.";
    const urgent = await createItem({ slug: "push-urgent", title: "Water off at the depot", priority: "urgent", publishAt: new Date().toISOString(), body });
    const restricted = await createItem({
      slug: "push-depot-only", title: "Depot crews: new rota", mustRead: true, publishAt: new Date().toISOString(),
      audience: "departments", audienceDepartmentIds: [depot.id], body: "Secret rota text.",
    });
    const queued = await enqueueForItems([urgent.id, restricted.id]);
    expect(queued.pushes).toBe(3);
    expect(await deliverDuePushes()).toMatchObject({ sent: 3, failed: 0 });

    const insiderGot = received(inside.clientHash);
    expect(insiderGot).toEqual(expect.arrayContaining([
      { title: "Urgent: Water off at the depot", url: "/announcements/push-urgent" },
      { title: "Please read and confirm: Depot crews: new rota", url: "/announcements/push-depot-only" },
    ]));
    for (const m of insiderGot) expect(Object.keys(m).sort()).toEqual(["title", "url"]);
    expect(JSON.stringify(insiderGot)).not.toContain("burst main");
    expect(received(outside.clientHash)).toEqual([{ title: "Urgent: Water off at the depot", url: "/announcements/push-urgent" }]);

    // The push service drops the outsider's subscription: 410, and it is removed.
    model.expireSubscription(outside.clientHash);
    const later = await createItem({ slug: "push-later", title: "Gritting tonight", priority: "urgent", publishAt: new Date().toISOString() });
    await enqueueForItems([later.id]);
    expect(await deliverDuePushes()).toMatchObject({ sent: 1, removed: 1 });
    const db = await getDb();
    expect(await db.get("SELECT 1 AS x FROM push_subscriptions WHERE user_id = ?", [outsider.id])).toBeUndefined();
    expect(await db.get("SELECT 1 AS x FROM push_subscriptions WHERE user_id = ?", [insider.id])).toBeDefined();
    expect(received(inside.clientHash)).toHaveLength(3);
  });

  it("pushes from the change feed's delivery follower, and a replay of the feed pushes nothing twice", async () => {
    const reader = await createUser();
    const sub = await subscribe(reader.id);
    let stop = await startDeliveryWorker(60_000);
    try {
      await createItem({ slug: "push-feed", title: "Feed: boiler checks", priority: "urgent", publishAt: new Date().toISOString() });
      await changeFeedSettled();
      await waitFor(() => received(sub.clientHash).length === 1);
      expect(received(sub.clientHash)).toEqual([{ title: "Urgent: Feed: boiler checks", url: "/announcements/push-feed" }]);
      // As if the process died before saving its cursor: every row of the feed comes again.
      await stop();
      await rewindChangeCursor(await getDb(), "delivery", 0);
      stop = await startDeliveryWorker(60_000);
      await changeFeedSettled();
      await deliverDuePushes();
      await new Promise((r) => setTimeout(r, 300));
      expect(received(sub.clientHash)).toHaveLength(1);
    } finally {
      await stop();
    }
  });
});

describe("a replaced subscription (pushsubscriptionchange, decision 215)", () => {
  async function renew(fields: Record<string, string>, headers: Record<string, string> = { origin: "http://localhost" }): Promise<Response> {
    const request = new Request("http://localhost/push/renew", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
    try {
      return await (pushRenew.action as Handler)({ request, params: {}, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("moves the person's notifications to the new subscription, without a session; bad or foreign input changes nothing", async () => {
    const person = await createUser();
    const old = await subscribe(person.id);
    const { publicKey } = await ensurePushKeys();
    const db = await getDb();
    // A notification waiting for the old subscription when the browser replaces it.
    const waiting = await createItem({ slug: "push-renew-waiting", title: "Flooding on the ring road", priority: "urgent", publishAt: new Date().toISOString() });
    await enqueueForItems([waiting.id]);
    const fresh = await model.subscribe({ applicationServerKey: publicKey, userVisibleOnly: "true" });
    const subscription = JSON.stringify({ endpoint: fresh.endpoint, expirationTime: null, keys: fresh.keys });
    const count = async () => (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM push_subscriptions WHERE user_id = ?", [person.id]))!.n;

    // Refused: no Origin (not from a page or worker of ours), a malformed subscription, an endpoint we do not know.
    expect((await renew({ oldEndpoint: old.endpoint, subscription }, {})).status).toBe(403);
    expect((await renew({ oldEndpoint: old.endpoint, subscription }, { origin: "https://evil.example" })).status).toBe(403);
    const malformed = await renew({ oldEndpoint: old.endpoint, subscription: JSON.stringify({ endpoint: fresh.endpoint, keys: { p256dh: "x", auth: "y" } }) });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/p256dh/);
    expect((await renew({ oldEndpoint: "https://127.0.0.1/notify/not-ours", subscription })).status).toBe(404);
    expect((await renew({ subscription })).status).toBe(400);
    expect(await count()).toBe(1);
    expect(await db.get("SELECT 1 AS x FROM push_subscriptions WHERE endpoint = ?", [fresh.endpoint])).toBeUndefined();

    // The browser's renewal: the new subscription replaces the old one, for the same person.
    const ok = await renew({ oldEndpoint: old.endpoint, subscription });
    expect(ok.status).toBe(200);
    expect(await count()).toBe(1);
    expect(await db.get("SELECT 1 AS x FROM push_subscriptions WHERE endpoint = ?", [old.endpoint])).toBeUndefined();
    expect(await db.get<{ userId: number }>("SELECT user_id AS userId FROM push_subscriptions WHERE endpoint = ?", [fresh.endpoint])).toEqual({ userId: person.id });
    // The waiting notification reaches the new subscription, not the old one.
    await deliverDuePushes();
    expect(received(fresh.clientHash)).toEqual([{ title: "Urgent: Flooding on the ring road", url: "/announcements/push-renew-waiting" }]);
    expect(received(old.clientHash)).toEqual([]);
    // The old endpoint is spent: it cannot be used to move the subscription again.
    expect((await renew({ oldEndpoint: old.endpoint, subscription })).status).toBe(404);
  });
});
