/** Teams incoming-webhook posts, received by a real HTTP server on loopback. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { parseWebhookUrl } from "~/commands/teams.server";
import { listOutbox, setChannelWebhook } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { createItem, createUser } from "../factories";
import { buildOrg } from "./org";

type Post = { path: string; contentType: string | undefined; body: Record<string, unknown> };
const posts: Post[] = [];
let failNext = 0;
let server: http.Server;
let base: string;
let org: Awaited<ReturnType<typeof buildOrg>>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end("busy");
        return;
      }
      posts.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(data) });
      res.writeHead(200).end("1");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.PUBLIC_URL = "http://intranet.test";
  delete process.env.SMTP_HOST;
  resetEnvForTests();
  org = await buildOrg();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("Teams webhooks", () => {
  it("posts a card for a new item in a channel with a webhook, once, and retries when Teams is busy", async () => {
    const db = await getDb();
    await setChannelWebhook(db, org.channels.housingNews.id, `${base}/webhook/housing`);
    const item = await createItem({ title: "Repairs hotline number changes", summary: "Call 01632 960 000 from Monday.", channelIds: [org.channels.housingNews.id, org.channels.planningNews.id] });
    const restricted = await createItem({
      title: "Housing managers only", audience: "roles", audienceRoles: ["manager"], channelIds: [org.channels.housingNews.id],
    });
    const queued = await enqueueForItems([item.id, restricted.id]);
    expect(queued.teams).toBe(1);
    expect((await enqueueForItems([item.id])).teams).toBe(0);

    failNext = 1;
    const now = new Date();
    const first = await deliverDueMessages({ now });
    expect(first.retrying).toBe(1);
    expect(posts).toHaveLength(0);
    await deliverDueMessages({ now: new Date(now.getTime() + 60 * 60_000) });
    expect(posts).toHaveLength(1);
    const post = posts[0];
    expect(post.path).toBe("/webhook/housing");
    expect(post.contentType).toBe("application/json");
    const card = (post.body.attachments as { contentType: string; content: { body: { text: string }[]; actions: { url: string }[] } }[])[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.body.map((b) => b.text)).toEqual(["Housing news", "Repairs hotline number changes", "Call 01632 960 000 from Monday."]);
    expect(card.content.actions[0].url).toBe(`http://intranet.test/announcements/${item.slug}`);
    expect(JSON.stringify(posts)).not.toContain("Housing managers only");
    const rows = (await listOutbox(db, { purpose: "teams" })).filter((r) => r.itemId === item.id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["sent", 2]]);
  });

  it("leaves email queued and untouched while no mail server is set, and still posts to Teams", async () => {
    const db = await getDb();
    const { enqueueMessage } = await import("~/models/outbox.server");
    await enqueueMessage(db, { kind: "email", purpose: "reminder", dedupeKey: "no-smtp-test", userId: (await createUser({ departmentId: org.departments.housing.id })).id, payload: {} });
    await deliverDueMessages({ now: new Date(Date.now() + 60_000) });
    const row = (await listOutbox(db, { purpose: "reminder" })).find((r) => r.dedupeKey === "no-smtp-test");
    expect(row && [row.status, row.attempts]).toEqual(["queued", 0]);
  });

  it("accepts only https webhook addresses (or http on this machine)", () => {
    expect(parseWebhookUrl("https://council.webhook.office.com/webhookb2/abc")).toBe("https://council.webhook.office.com/webhookb2/abc");
    expect(parseWebhookUrl("http://127.0.0.1:9000/x")).toBe("http://127.0.0.1:9000/x");
    expect(parseWebhookUrl("http://example.com/x")).toBeNull();
    expect(parseWebhookUrl("javascript:alert(1)")).toBeNull();
    expect(parseWebhookUrl("https://user:pw@example.com/")).toBeNull();
    expect(parseWebhookUrl("not a url")).toBeNull();
  });
});

describe("the admin setting", () => {
  it("lets an administrator set, check and remove a channel's webhook, shown back only shortened", async () => {
    const { session } = await import("./http");
    const adminPage = await import("~/routes/admin.channels.$id");
    const { person } = await import("./org");
    const admin = await person(null, "admin");
    const s = await session(admin.id);
    const id = String(org.channels.wasteNews.id);
    const bad = await s.post(adminPage.action, `/admin/channels/${id}`, { intent: "teams", teamsWebhookUrl: "http://example.com/hook" }, { id });
    expect(bad.status).toBe(400);
    expect(bad.json().errors.teamsWebhookUrl).toMatch(/https/);
    const ok = await s.post(adminPage.action, `/admin/channels/${id}`, { intent: "teams", teamsWebhookUrl: "https://council.webhook.office.com/webhookb2/secret-part-k3x9" }, { id });
    expect(ok.status).toBe(200);
    const page = (await s.get(adminPage.loader, `/admin/channels/${id}`, { id })).json();
    expect(page.teamsWebhook).toBe("https://council.webhook.office.com/…k3x9");
    expect(JSON.stringify(page)).not.toContain("secret-part");
    await s.post(adminPage.action, `/admin/channels/${id}`, { intent: "teams", teamsWebhookUrl: "" }, { id });
    expect((await s.get(adminPage.loader, `/admin/channels/${id}`, { id })).json().teamsWebhook).toBeNull();

    const staff = await person(org.departments.waste.id);
    const denied = await (await session(staff.id)).post(adminPage.action, `/admin/channels/${id}`, { intent: "teams", teamsWebhookUrl: "https://x.example/" }, { id });
    expect(denied.status).toBe(403);
  });
});
