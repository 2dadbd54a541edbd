/** RSS and Atom feeds per channel and department, the feed token, and the printable team briefing. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import * as channelFeed from "~/routes/channels.$slug.feed[.]xml";
import * as departmentFeed from "~/routes/departments.$slug.feed[.]xml";
import * as briefing from "~/routes/departments.$slug_.briefing";
import * as me from "~/routes/me._index";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { createItem } from "../factories";
import { anonymous, session } from "./http";
import { addPolicyVersion, buildOrg, person, viewerOf } from "./org";

let org: Awaited<ReturnType<typeof buildOrg>>;
const MARKER = "RESTRICTED-FEED-MARKER-7f3a";
beforeAll(async () => {
  process.env.PUBLIC_URL = "https://intranet.riverside.test";
  resetEnvForTests();
  org = await buildOrg();
});

async function feedToken(userId: number): Promise<string> {
  const page = await (await session(userId)).get(me.loader, "/me");
  const url = new URL(page.json().channels[0].feedUrl);
  return url.searchParams.get("token")!;
}

function parseFeed(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({ ignoreAttributes: false }).parse(xml);
}

const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("feeds", () => {
  it("serves well-formed RSS and Atom with the token, with only what the token's owner may see", async () => {
    const { housing, planning } = org.departments;
    await createItem({ title: "Repairs & <contractors> \"update\" ]]> end", summary: "New rota from Monday. ]]><x>", channelIds: [org.channels.safety.id], departmentId: housing.id });
    await createItem({ title: MARKER, audience: "departments", audienceDepartmentIds: [housing.id], channelIds: [org.channels.safety.id], targetDepartmentIds: [housing.id] });
    const insider = await person(housing.id);
    const outsider = await person(planning.id);

    const rss = await anonymous(channelFeed.loader, `/channels/health-and-safety/feed.xml?token=${await feedToken(insider.id)}`, {}, { slug: "health-and-safety" });
    expect(rss.status).toBe(200);
    expect(rss.headers.get("content-type")).toMatch(/application\/rss\+xml/);
    const channel = parseFeed(rss.body).rss.channel;
    const titles = asArray(channel.item).map((i: { title: string }) => i.title);
    expect(titles).toContain('Repairs & <contractors> "update" ]]> end');
    expect(titles).toContain(MARKER);
    const item = asArray(channel.item).find((i: { title: string }) => i.title.startsWith("Repairs")) as { link: string; description: string };
    expect(item.link).toMatch(/^https:\/\/intranet\.riverside\.test\/announcements\/item-\d+$/);

    const outsiderToken = await feedToken(outsider.id);
    const hidden = await anonymous(channelFeed.loader, `/channels/health-and-safety/feed.xml?token=${outsiderToken}`, {}, { slug: "health-and-safety" });
    parseFeed(hidden.body);
    expect(asArray(parseFeed(hidden.body).rss.channel.item).map((i: { title: string }) => i.title)).toContain('Repairs & <contractors> "update" ]]> end');
    expect(hidden.body).not.toContain(MARKER);

    const atom = await anonymous(channelFeed.loader, `/channels/health-and-safety/feed.xml?token=${outsiderToken}&format=atom`, {}, { slug: "health-and-safety" });
    expect(atom.headers.get("content-type")).toMatch(/application\/atom\+xml/);
    const feed = parseFeed(atom.body).feed;
    expect(asArray(feed.entry).length).toBeGreaterThan(0);
    expect(atom.body).not.toContain(MARKER);

    const deptIn = await anonymous(departmentFeed.loader, `/departments/housing/feed.xml?token=${await feedToken(insider.id)}`, {}, { slug: "housing" });
    expect(asArray(parseFeed(deptIn.body).rss.channel.item).map((i: { title: string }) => i.title)).toContain(MARKER);
    const deptOut = await anonymous(departmentFeed.loader, `/departments/housing/feed.xml?token=${outsiderToken}`, {}, { slug: "housing" });
    parseFeed(deptOut.body);
    expect(deptOut.body).not.toContain(MARKER);
  });

  it("refuses missing or wrong tokens, and a reset token stops the old address working", async () => {
    const u = await person(org.departments.housing.id);
    expect((await anonymous(channelFeed.loader, "/channels/all-staff/feed.xml", {}, { slug: "all-staff" })).status).toBe(401);
    expect((await anonymous(channelFeed.loader, "/channels/all-staff/feed.xml?token=nope", {}, { slug: "all-staff" })).status).toBe(401);
    const old = await feedToken(u.id);
    expect((await anonymous(channelFeed.loader, `/channels/all-staff/feed.xml?token=${old}`, {}, { slug: "all-staff" })).status).toBe(200);
    const s = await session(u.id);
    expect((await s.post(me.action, "/me", { intent: "reset-feed-token" })).status).toBe(302);
    const fresh = await feedToken(u.id);
    expect(fresh).not.toBe(old);
    expect((await anonymous(channelFeed.loader, `/channels/all-staff/feed.xml?token=${old}`, {}, { slug: "all-staff" })).status).toBe(401);
    expect((await anonymous(channelFeed.loader, `/channels/all-staff/feed.xml?token=${fresh}`, {}, { slug: "all-staff" })).status).toBe(200);
    expect((await anonymous(channelFeed.loader, `/channels/nowhere/feed.xml?token=${fresh}`, {}, { slug: "nowhere" })).status).toBe(404);
    // A deactivated person's token stops working.
    await (await getDb()).run("UPDATE users SET active = 0 WHERE id = ?", [u.id]);
    expect((await anonymous(channelFeed.loader, `/channels/all-staff/feed.xml?token=${fresh}`, {}, { slug: "all-staff" })).status).toBe(401);
  });
});

describe("team briefing", () => {
  it("summarises the week's news, policy changes and must-reads for the department, with numbers only for managers", async () => {
    const { waste, planning } = org.departments;
    const crew = [await person(waste.id), await person(waste.id), await person(waste.id)];
    const manager = await person(waste.id, "manager");
    const must = await createItem({ title: "Briefing: new lone working app", mustRead: true, targetDepartmentIds: [waste.id] });
    await createItem({ title: "Briefing: bank holiday rounds", targetDepartmentIds: [waste.id], priority: "need-to-know" });
    await createItem({ title: "Briefing: planning only", audience: "departments", audienceDepartmentIds: [planning.id], targetDepartmentIds: [planning.id, waste.id] });
    const old = await createItem({ title: "Briefing: last month", targetDepartmentIds: [waste.id] });
    await (await getDb()).run("UPDATE items SET published_at = ? WHERE id = ?", [new Date(Date.now() - 40 * 86_400_000).toISOString(), old.id]);
    const policy = await createItem({ type: "policy", title: "Briefing: lone working policy", reference: "HS-012" });
    await addPolicyVersion(policy.id, policy.revisionId, 1, true);
    await acknowledgeItem(viewerOf(crew[0]), must.id);

    const staffView = (await (await session(crew[1].id)).get(briefing.loader, "/departments/waste/briefing", { slug: "waste" })).json();
    const news = staffView.news.map((n: { title: string }) => n.title);
    expect(news).toEqual(expect.arrayContaining(["Briefing: new lone working app", "Briefing: bank holiday rounds"]));
    expect(news).not.toContain("Briefing: planning only");
    expect(news).not.toContain("Briefing: last month");
    expect(staffView.policies.map((p: { title: string }) => p.title)).toContain("Briefing: lone working policy");
    const mr = staffView.mustReads.find((m: { title: string }) => m.title === "Briefing: new lone working app");
    expect(mr.completion).toBeNull();

    const managerView = (await (await session(manager.id)).get(briefing.loader, "/departments/waste/briefing", { slug: "waste" })).json();
    const withNumbers = managerView.mustReads.find((m: { title: string }) => m.title === "Briefing: new lone working app");
    expect(withNumbers.completion).toMatchObject({ confirmed: 1 });
    expect(withNumbers.completion.inScope).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(managerView)).not.toMatch(/person\d+@/); // no names or emails on the briefing

    // A past week is empty; odd week values fall back to this week; unknown departments are 404.
    const lastYear = (await (await session(manager.id)).get(briefing.loader, "/departments/waste/briefing?week=2020-01-08", { slug: "waste" })).json();
    expect(lastYear.week.monday).toBe("2020-01-06");
    expect(lastYear.news).toEqual([]);
    expect((await (await session(manager.id)).get(briefing.loader, "/departments/waste/briefing?week=<script>", { slug: "waste" })).status).toBe(200);
    expect((await (await session(manager.id)).get(briefing.loader, "/departments/nowhere/briefing", { slug: "nowhere" })).status).toBe(404);
  });
});
