/** The delivery pages through their loaders and actions: /me, follow, confirm, dismiss, completion, CSV, unsubscribe. */
import { beforeAll, describe, expect, it } from "vitest";
import { getAcknowledgementStatus } from "~/models/acknowledgement.server";
import { getNotificationPrefs, getOrCreateSigningKey } from "~/models/notification-prefs.server";
import { flushReach, reachByDepartment } from "~/models/reach.server";
import * as ackConfirm from "~/routes/acknowledgements.confirm";
import * as ackIndex from "~/routes/acknowledgements._index";
import * as ackItem from "~/routes/acknowledgements.$itemId";
import * as ackCsv from "~/routes/acknowledgements.$itemId.export[.]csv";
import * as bannerDismiss from "~/routes/banners.dismiss";
import * as channelPage from "~/routes/channels.$slug";
import * as home from "~/routes/_index";
import * as announcementPage from "~/routes/announcements.$slug";
import * as policyPage from "~/routes/policies.$slug";
import * as guidePage from "~/routes/guides.$slug";
import * as me from "~/routes/me._index";
import * as follows from "~/routes/me.follows";
import * as unsubscribe from "~/routes/me.unsubscribe";
import { getDb } from "~/utils/db.server";
import { signUnsubscribeToken } from "~/utils/mail.server";
import { createDepartment, createItem, createUser } from "../factories";
import { anonymous, parseCsv, session } from "./http";
import { addPolicyVersion, buildOrg, person } from "./org";

let org: Awaited<ReturnType<typeof buildOrg>>;
beforeAll(async () => {
  org = await buildOrg();
});

describe("/me and following", () => {
  it("lists followed channels and lets a person follow and unfollow, refusing mandatory channels and forms without the CSRF token", async () => {
    const u = await person(org.departments.housing.id);
    const s = await session(u.id);
    const page = await s.get(me.loader, "/me");
    expect(page.status).toBe(200);
    const following = (page.json().channels as { slug: string; following: boolean }[]).filter((c) => c.following).map((c) => c.slug);
    expect(following.sort()).toEqual(["all-staff", "health-and-safety", "housing-news"]);

    const done = await s.post(follows.action, "/me/follows", { channelId: String(org.channels.housingRepairs.id), follow: "true", redirectTo: "/channels/housing-repairs" });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/channels/housing-repairs");
    const channel = await s.get(channelPage.loader, "/channels/housing-repairs", { slug: "housing-repairs" });
    expect(channel.json().follow).toMatchObject({ following: true, isMandatory: false });

    expect((await s.post(follows.action, "/me/follows", { channelId: String(org.channels.allStaff.id), follow: "false" })).status).toBe(400);
    expect((await s.post(follows.action, "/me/follows", { channelId: String(org.channels.safety.id), follow: "false" }, {}, { csrf: false })).status).toBe(403);
    expect((await s.post(follows.action, "/me/follows", { channelId: "abc", follow: "maybe" })).status).toBe(400);
    expect((await s.post(follows.action, "/me/follows", { channelId: "424242", follow: "true" })).status).toBe(404);
    // Offsite redirects are refused.
    const offsite = await s.post(follows.action, "/me/follows", { channelId: String(org.channels.safety.id), follow: "true", redirectTo: "//evil.example" });
    expect(offsite.location).toBe("/me");
  });

  it("saves email settings and keeps the typed choice valid", async () => {
    const u = await person(org.departments.planning.id);
    const s = await session(u.id);
    const saved = await s.post(me.action, "/me", { intent: "prefs", digest: "daily" });
    expect(saved.status).toBe(302);
    expect(await getNotificationPrefs(await getDb(), u.id)).toMatchObject({ digest: "daily", alerts: false });
    const bad = await s.post(me.action, "/me", { intent: "prefs", digest: "hourly", alerts: "on" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors.digest).toMatch(/Choose how often/);
    expect((await s.post(me.action, "/me", { intent: "nonsense" })).status).toBe(400);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const res = await anonymous(me.loader, "/me");
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login/);
  });
});

describe("confirming and dismissing", () => {
  it("confirms a must-read item from its page, shows it on the home page until then, and hides dismissed banners", async () => {
    const { waste } = org.departments;
    const u = await person(waste.id);
    const s = await session(u.id);
    const must = await createItem({ title: "Depot gas leak", priority: "urgent", mustRead: true, targetDepartmentIds: [waste.id] });
    const ntk = await createItem({ title: "Car park resurfacing", priority: "need-to-know", targetDepartmentIds: [waste.id] });
    await createItem({ title: "Depot rota", targetDepartmentIds: [waste.id] });

    let data = (await s.get(home.loader, "/")).json();
    // The urgent must-read comes first, in full; it counts as a thing to confirm but is shown once, as a notice.
    expect(data.lead.title).toBe("Depot gas leak");
    expect(data.notices.map((b: { title: string }) => b.title)).toEqual(["Car park resurfacing"]);
    expect(data.mustReadTotal).toBe(1);
    expect(data.mustRead).toEqual([]);
    const forYou = data.forYou.map((f: { title: string }) => f.title);
    expect(forYou).not.toContain("Depot gas leak");
    expect(data.forYou.find((f: { title: string }) => f.title === "Depot rota").reasons).toEqual(["For everyone in Waste & Street Scene"]);

    const dismissed = await s.post(bannerDismiss.action, "/banners/dismiss", { itemId: String(ntk.id), redirectTo: "/" });
    expect(dismissed.status).toBe(302);
    expect((await s.post(bannerDismiss.action, "/banners/dismiss", { itemId: String(must.id) })).status).toBe(400);

    const confirmed = await s.post(ackConfirm.action, "/acknowledgements/confirm", { itemId: String(must.id), redirectTo: `/announcements/${must.slug}` });
    expect(confirmed.status).toBe(302);
    expect(confirmed.location).toBe(`/announcements/${must.slug}#acknowledge`);
    expect((await getAcknowledgementStatus(await getDb(), u.id, must.id)).confirmedAt).not.toBeNull();

    data = (await s.get(home.loader, "/")).json();
    expect(data.mustReadTotal).toBe(0);
    expect(data.lead).toBeNull();
    expect(data.notices).toEqual([]);
    expect((await s.post(ackConfirm.action, "/acknowledgements/confirm", { itemId: String(must.id) }, {}, { csrf: false })).status).toBe(403);
  });
});

describe("completion pages and CSV", () => {
  it("shows managers their own department, comms every department, and staff nothing; exports CSV with formulas neutralised", async () => {
    const housing = await createDepartment({ name: "Housing" });
    const planning = await createDepartment({ name: "Planning" });
    const item = await createItem({ title: "Fire safety must-read", mustRead: true, targetDepartmentIds: [housing.id, planning.id] });
    const housingPeople = [await person(housing.id), await person(housing.id)];
    const evil = await createUser({ departmentId: housing.id, name: "=HYPERLINK(\"http://evil.example\",\"x\")" });
    const planner = await createUser({ departmentId: planning.id, name: "Pat Planner" });
    const manager = await person(housing.id, "manager");
    const comms = await person(null, "comms");
    const staff = await person(housing.id, "staff");
    await (await session(housingPeople[0].id)).post(ackConfirm.action, "/acknowledgements/confirm", { itemId: String(item.id) });

    expect((await (await session(staff.id)).get(ackIndex.loader, "/acknowledgements")).status).toBe(403);
    expect((await (await session(staff.id)).get(ackItem.loader, `/acknowledgements/${item.id}`, { itemId: String(item.id) })).status).toBe(403);

    const m = await session(manager.id);
    const overview = (await m.get(ackIndex.loader, "/acknowledgements")).json();
    const row = overview.rows.find((r: { id: number }) => r.id === item.id);
    const housingInScope = housingPeople.length + 3; // + evil, manager, staff
    expect(row).toMatchObject({ inScope: housingInScope, confirmed: 1 });
    const detail = (await m.get(ackItem.loader, `/acknowledgements/${item.id}`, { itemId: String(item.id) })).json();
    expect(detail.completion.map((c: { departmentName: string }) => c.departmentName)).toEqual(["Housing"]);
    const names = detail.outstanding.map((p: { name: string }) => p.name);
    expect(names).toContain('=HYPERLINK("http://evil.example","x")');
    expect(names).not.toContain("Pat Planner");

    const c = await session(comms.id);
    const all = (await c.get(ackItem.loader, `/acknowledgements/${item.id}`, { itemId: String(item.id) })).json();
    expect(all.completion.map((x: { departmentName: string; inScope: number }) => [x.departmentName, x.inScope])).toEqual([
      ["Housing", housingInScope],
      ["Planning", 1],
    ]);
    expect(all.outstanding.map((p: { name: string }) => p.name)).toContain("Pat Planner");

    const csv = await m.get(ackCsv.loader, `/acknowledgements/${item.id}/export.csv`, { itemId: String(item.id) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const records = parseCsv(csv.body.replace(/^\uFEFF/, ""));
    expect(records).toHaveLength(housingInScope);
    expect(records.map((r) => r.Name)).not.toContain("Pat Planner");
    const evilRow = records.find((r) => r.Email === evil.email)!;
    expect(evilRow.Name.startsWith("'=")).toBe(true);
    expect(records.filter((r) => r.Status === "Confirmed")).toHaveLength(1);

    // Not a must-read item, or a bad id: 404.
    const plain = await createItem();
    expect((await m.get(ackItem.loader, `/acknowledgements/${plain.id}`, { itemId: String(plain.id) })).status).toBe(404);
    expect((await m.get(ackItem.loader, "/acknowledgements/x", { itemId: "x'; DROP TABLE users" })).status).toBe(404);
    void planner;
  });
});

describe("one-click unsubscribe", () => {
  it("turns a kind of mail off from a signed link, by page or by the mail client's one-click POST, and rejects forged tokens", async () => {
    const u = await person(org.departments.housing.id);
    const db = await getDb();
    const secret = await getOrCreateSigningKey(db, "unsubscribe");
    const digestToken = signUnsubscribeToken(secret, u.id, "digest");
    const page = await anonymous(unsubscribe.loader, `/me/unsubscribe?token=${digestToken}`);
    expect(page.json()).toEqual({ valid: true, what: "digest emails" });
    // Viewing the page changes nothing (mail scanners follow links).
    expect((await getNotificationPrefs(db, u.id)).digest).toBe("weekly");

    const oneClick = await anonymous(unsubscribe.action, `/me/unsubscribe?token=${digestToken}`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await getNotificationPrefs(db, u.id)).digest).toBe("off");

    const alertsToken = signUnsubscribeToken(secret, u.id, "alerts");
    const byPage = await anonymous(unsubscribe.action, `/me/unsubscribe?token=${alertsToken}`, { method: "POST" });
    expect(byPage.json()).toEqual({ done: true });
    expect((await getNotificationPrefs(db, u.id)).alerts).toBe(false);

    const forged = signUnsubscribeToken("not-the-secret", u.id + 1, "digest");
    expect((await anonymous(unsubscribe.loader, `/me/unsubscribe?token=${forged}`)).json()).toMatchObject({ valid: false });
    expect((await anonymous(unsubscribe.action, `/me/unsubscribe?token=${forged}`, { method: "POST" })).status).toBe(400);
    expect((await anonymous(unsubscribe.loader, "/me/unsubscribe?token=%3Cscript%3E")).json()).toMatchObject({ valid: false });
  });
});

describe("item pages", () => {
  it("count guide views too, per department and day", async () => {
    const { housing } = org.departments;
    const reader = await session((await person(housing.id)).id);
    const guide = await createItem({ type: "guide", slug: "reach-guide", title: "Reach guide", departmentId: housing.id, ownerEmail: "o@x.test" });
    await reader.get(guidePage.loader, `/guides/${guide.slug}`, { slug: guide.slug });
    await flushReach();
    const reach = await reachByDepartment(await getDb(), guide.id);
    expect(reach.map((r) => [r.departmentName, r.views])).toEqual([["Housing", 1]]);
  });

  it("count views per department and day only, and offer the confirm button only when asked", async () => {
    const { housing, planning } = org.departments;
    const h = await person(housing.id);
    const p = await person(planning.id);
    const item = await createItem({ title: "Reach test", mustRead: true, targetDepartmentIds: [housing.id] });
    const sh = await session(h.id);
    const sp = await session(p.id);
    const asHousing = (await sh.get(announcementPage.loader, `/announcements/${item.slug}`, { slug: item.slug })).json();
    await sh.get(announcementPage.loader, `/announcements/${item.slug}`, { slug: item.slug });
    const asPlanning = (await sp.get(announcementPage.loader, `/announcements/${item.slug}`, { slug: item.slug })).json();
    expect(asHousing.acknowledge).toMatchObject({ itemId: item.id, asked: true, confirmedAt: null });
    expect(asPlanning.acknowledge.asked).toBe(false); // not sent to Planning

    await flushReach();
    const db = await getDb();
    const reach = await reachByDepartment(db, item.id);
    expect(reach.map((r) => [r.departmentName, r.views])).toEqual([["Housing", 2], ["Planning", 1]]);
    const columns = (await db.all<{ name: string }>("SELECT name FROM pragma_table_info('reach_daily')")).map((c) => c.name);
    expect(columns.sort()).toEqual(["day", "department_id", "item_id", "views"]);

    const policy = await createItem({ type: "policy", slug: "reach-policy", title: "Reach policy", reference: "HR-900" });
    await addPolicyVersion(policy.id, policy.revisionId, 1, true);
    const before = (await sp.get(policyPage.loader, "/policies/reach-policy", { slug: "reach-policy" })).json();
    expect(before.acknowledge).toMatchObject({ asked: true, confirmedAt: null, version: 1 });
    await sp.post(ackConfirm.action, "/acknowledgements/confirm", { itemId: String(policy.id) });
    await addPolicyVersion(policy.id, policy.revisionId, 2, false);
    const after = (await sp.get(policyPage.loader, "/policies/reach-policy", { slug: "reach-policy" })).json();
    expect(after.acknowledge.confirmedAt).not.toBeNull();
  });
});
