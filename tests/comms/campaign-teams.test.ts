/**
 * "Post a reminder in Teams" for a department behind on a campaign: a real HTTP server on
 * loopback receives the card; only items for everyone are named; once per channel and day.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addItem, remindInTeams, saveCampaign, type CampaignForm } from "~/commands/campaigns.server";
import { deliverDueMessages } from "~/commands/deliver.server";
import { listOutbox, setChannelWebhook } from "~/models/outbox.server";
import * as campaignPage from "~/routes/admin.campaigns.$id._index";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { session } from "../delivery/http";
import { createChannel, createDepartment, createItem, createUser } from "../factories";

const posts: Record<string, unknown>[] = [];
let server: http.Server;
let base: string;

const FORM: CampaignForm = {
  name: "Winter safety", objective: "Every crew knows how to work safely on ice.", audience: "everyone", audienceDepartments: [], audienceRoles: [],
  startsOn: "2026-12-01", endsOn: "2027-02-28", owner: "", department: "", searchTerms: "",
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      posts.push(JSON.parse(data));
      res.writeHead(200).end("1");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.PUBLIC_URL = "http://intranet.test";
  delete process.env.SMTP_HOST;
  resetEnvForTests();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("a campaign reminder in Teams", () => {
  it("names only the campaign's items for everyone, posts once a day per channel, and says when it cannot", async () => {
    const db = await getDb();
    const waste = await createDepartment({ slug: "waste", name: "Waste" });
    const parks = await createDepartment({ slug: "parks", name: "Parks" });
    const channel = await createChannel({ slug: "waste-news", name: "Waste news", departmentId: waste.id });
    await setChannelWebhook(db, channel.id, `${base}/webhook/waste`);
    const comms = await createUser({ role: "comms", email: "comms@riverside.test" });
    await createUser({ departmentId: waste.id });
    const staff = await createUser({ departmentId: parks.id });

    const onlyManagers = await saveCampaign(comms as never, null, { ...FORM, name: "Managers only" });
    if (!onlyManagers.ok) throw new Error("campaign");
    const restricted = await createItem({ type: "announcement", slug: "gritting-rota-managers", title: "Gritting rota for managers", audience: "roles", audienceRoles: ["manager"] });
    expect((await addItem(comms as never, onlyManagers.id, `/announcements/${restricted.slug}`)).ok).toBe(true);
    expect(await remindInTeams(comms as never, onlyManagers.id, waste.id)).toMatchObject({ ok: false, errors: { teams: expect.stringContaining("none of this campaign’s items is live and for everyone") } });

    const saved = await saveCampaign(comms as never, null, FORM);
    if (!saved.ok) throw new Error("campaign");
    const open = await createItem({ type: "guide", slug: "working-on-ice", title: "Working on [ice] safely", summary: "Grip, gloves and gritting." });
    for (const address of [`/guides/${open.slug}`, `/announcements/${restricted.slug}`]) expect((await addItem(comms as never, saved.id, address)).ok).toBe(true);

    // A department with no channel connected to Teams is told so.
    expect(await remindInTeams(comms as never, saved.id, parks.id)).toMatchObject({ ok: false, errors: { teams: expect.stringContaining("no channel connected to Teams") } });
    // Staff cannot post at all.
    const staffPost = await (await session(staff.id)).post(campaignPage.action, `/admin/campaigns/${saved.id}`, { intent: "teams", departmentId: String(waste.id) }, { id: String(saved.id) });
    expect(staffPost.status).toBe(403);

    const page = await (await session(comms.id)).post(campaignPage.action, `/admin/campaigns/${saved.id}`, { intent: "teams", departmentId: String(waste.id) }, { id: String(saved.id) });
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/admin/campaigns/${saved.id}?teams=1`);
    expect((await remindInTeams(comms as never, saved.id, waste.id)).posts).toBe(0);
    expect((await listOutbox(db, { purpose: "teams" })).filter((r) => r.dedupeKey.startsWith(`teams-campaign:${saved.id}:`))).toHaveLength(1);

    await deliverDueMessages({ now: new Date(Date.now() + 60_000) });
    expect(posts).toHaveLength(1);
    const card = (posts[0].attachments as { content: { body: { text: string }[]; actions: { url: string }[] } }[])[0].content;
    const text = card.body.map((b) => b.text);
    expect(text.slice(0, 3)).toEqual(["Waste news", "Reminder: Winter safety", "Every crew knows how to work safely on ice."]);
    expect(text).toContain("- [Working on ice safely](http://intranet.test/guides/working-on-ice)");
    expect(JSON.stringify(posts)).not.toContain("Gritting rota for managers");
    expect(card.actions[0].url).toBe("http://intranet.test/guides/working-on-ice");
  });
});
