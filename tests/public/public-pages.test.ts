/**
 * Public pages (decision 091): off until an administrator turns them on; then visitors who
 * are not signed in read public items, a landing page, search and a feed — and nothing on
 * any of them reveals an item that is not public (marker text checked on every answer).
 * PUBLIC_PAGES=false keeps them off whatever the administrator chose.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as publicIndex } from "~/routes/public._index";
import { loader as publicItem } from "~/routes/public.$type.$slug";
import { loader as publicSearch } from "~/routes/public.search";
import { loader as publicFeed } from "~/routes/public.feed[.]xml";
import { action as switchAction, loader as switchLoader } from "~/routes/admin.public-pages";
import { loader as guideLoader } from "~/routes/guides.$slug";
import { loader as announcementLoader } from "~/routes/announcements.$slug";
import { changeFeedSettled } from "~/commands/change-feed.server";
import { followChangesIntoSearch } from "~/commands/search-follower.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { startSearch, stopSearch } from "~/utils/search.server";
import { createDepartment, createItem, createUser, requestAs } from "../factories";
import { ORIGIN, post } from "../auth/route-harness";
import { load } from "../pages/load";
import { strictXmlProblems } from "../strict-xml";

/** In items that are not public (or not yet, or no longer, listed). */
const MARKER = "QUOLLPRIVATE";
const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const anon = (path: string) => new Request(new URL(path, ORIGIN));

let admin: { id: number };
let staff: { id: number };
let stopFollowing: () => Promise<void>;

beforeAll(async () => {
  const housing = await createDepartment({ slug: "housing", name: "Housing" });
  admin = await createUser({ role: "admin", departmentId: housing.id });
  staff = await createUser({ role: "staff", departmentId: housing.id });
  await createItem({ slug: "bin-days", title: "Christmas bin days", summary: "Collections move by a day.", isPublic: true, publishAt: iso(-1), body: "Quoll collections move by one day." });
  await createItem({
    type: "guide", slug: "report-fly-tipping", title: "Report fly-tipping", isPublic: true, publishAt: iso(-2), body: "Tell us where the quoll rubbish is.",
    related: [{ type: "policy", slug: "enforcement" }, { type: "guide", slug: "internal-rota" }],
    tags: ["waste"],
  });
  await createItem({ type: "policy", slug: "enforcement", title: "Enforcement policy", isPublic: true, publishAt: iso(-3), body: "How we enforce." });
  // Not public, in several ways: each carries the marker and must never reach a visitor.
  await createItem({ type: "guide", slug: "internal-rota", title: `${MARKER} rota`, summary: MARKER, body: `quoll ${MARKER}`, publishAt: iso(-1) });
  await createItem({ slug: "draft-public", title: `${MARKER} draft`, isPublic: true, status: "draft", body: `quoll ${MARKER}` });
  await createItem({ slug: "future-public", title: `${MARKER} future`, isPublic: true, publishAt: iso(5), body: `quoll ${MARKER}` });
  await createItem({ slug: "expired-public", title: `${MARKER} expired`, isPublic: true, publishAt: iso(-20), expiresAt: iso(-10), body: `quoll ${MARKER}` });
  stopFollowing = await followChangesIntoSearch();
  await startSearch({ persistPath: null, buildIn: "inline" });
});
afterAll(async () => {
  await stopFollowing();
  await stopSearch();
  delete process.env.PUBLIC_PAGES;
  resetEnvForTests();
});

async function feed(path: string): Promise<{ status: number; body: string }> {
  try {
    const res = await publicFeed({ request: anon(path), params: {}, context: {} });
    return { status: res.status, body: await res.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
}

async function switchTo(on: boolean, userId = admin.id) {
  const probe = await requestAs(userId, "/admin/public-pages");
  const user = await getOptionalUser(probe);
  const request = post(`${ORIGIN}/admin/public-pages`, { csrf: user!.csrfToken, publicPages: on ? "on" : "off" }, { cookie: probe.headers.get("cookie")!, origin: ORIGIN });
  try {
    const res = await switchAction({ request, params: {}, context: {} });
    return { status: res.status };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    throw thrown;
  }
}

describe("while public pages are off (the default)", () => {
  it("answers visitors with 404 on every public page and sends them to sign in from item pages", async () => {
    expect((await load(publicIndex, anon("/public"))).status).toBe(404);
    expect((await load(publicItem, anon("/public/announcements/bin-days"), { type: "announcements", slug: "bin-days" })).status).toBe(404);
    expect((await load(publicSearch, anon("/public/search?q=quoll"))).status).toBe(404);
    expect((await feed("/public/feed.xml")).status).toBe(404);
    const item = await load(announcementLoader, anon("/announcements/bin-days"), { slug: "bin-days" });
    expect(item.status).toBe(302);
    expect(item.location).toBe("/login?redirectTo=%2Fannouncements%2Fbin-days");
  });

  it("lets only administrators change the switch, and records who did", async () => {
    expect((await load(switchLoader, await requestAs(staff.id, "/admin/public-pages"))).status).toBe(403);
    expect((await switchTo(true, staff.id)).status).toBe(403);
    const page = await load(switchLoader, await requestAs(admin.id, "/admin/public-pages"));
    expect(page.data.tier).toEqual({ on: false, why: "switched-off" });
    expect((await switchTo(true)).status).toBe(302);
    const audit = await (await getDb()).all("SELECT action FROM audit_log WHERE action LIKE 'settings.public-pages%'");
    expect(audit).toEqual([{ action: "settings.public-pages-on" }]);
  });
});

describe("once an administrator turned them on", () => {
  beforeAll(async () => {
    await switchTo(true);
    await changeFeedSettled();
  });

  it("lists public, live items only, newest first, on the landing page", async () => {
    const page = await load(publicIndex, anon("/public"));
    expect(page.status).toBe(200);
    expect(page.data.items.map((i: { href: string }) => i.href)).toEqual(["/public/announcements/bin-days", "/public/guides/report-fly-tipping", "/public/policies/enforcement"]);
    expect(JSON.stringify(page.data)).not.toContain(MARKER);
  });

  it("shows a public item with only public related pages, and 404 for anything else", async () => {
    const guide = await load(publicItem, anon("/public/guides/report-fly-tipping"), { type: "guides", slug: "report-fly-tipping" });
    expect(guide.status).toBe(200);
    expect(guide.data.related).toEqual([{ title: "Enforcement policy", href: "/public/policies/enforcement" }]);
    expect(guide.data.tags).toEqual(["waste"]);
    expect(JSON.stringify(guide.data)).not.toContain(MARKER);
    for (const [type, slug] of [["guides", "internal-rota"], ["announcements", "draft-public"], ["announcements", "future-public"], ["guides", "bin-days"], ["secrets", "bin-days"], ["announcements", "../etc"]]) {
      const res = await load(publicItem, anon(`/public/${type}/${slug}`), { type, slug });
      expect(res.status, `${type}/${slug}`).toBe(404);
    }
    // As for staff, an expired item stays readable at its address; it is no longer listed (landing page above).
    expect((await load(publicItem, anon("/public/announcements/expired-public"), { type: "announcements", slug: "expired-public" })).status).toBe(200);
  });

  it("sends visitors from a public item's staff address to its public page, and from any other to sign in", async () => {
    const pub = await load(guideLoader, anon("/guides/report-fly-tipping"), { slug: "report-fly-tipping" });
    expect(pub).toMatchObject({ status: 302, location: "/public/guides/report-fly-tipping" });
    const other = await load(guideLoader, anon("/guides/internal-rota"), { slug: "internal-rota" });
    expect(other.location).toMatch(/^\/login\?redirectTo=/);
    // Signed-in staff keep the staff page.
    expect((await load(guideLoader, await requestAs(staff.id, "/guides/report-fly-tipping"), { slug: "report-fly-tipping" })).status).toBe(200);
  });

  it("searches public items only, linking to public pages, without the glossary", async () => {
    const found = await load(publicSearch, anon("/public/search?q=quoll"));
    expect(found.status).toBe(200);
    expect(found.data.hits.map((h: { url: string }) => h.url).sort()).toEqual(["/public/announcements/bin-days", "/public/guides/report-fly-tipping"]);
    expect(JSON.stringify(found.data)).not.toContain(MARKER);
    // Bad input is just words.
    for (const q of ["quoll~2^", "title:quoll", "*", "a".repeat(500)]) expect((await load(publicSearch, anon(`/public/search?q=${encodeURIComponent(q)}`))).status).toBe(200);
  });

  it("offers a feed of public items that is valid XML and links to public pages", async () => {
    for (const path of ["/public/feed.xml", "/public/feed.xml?format=atom"]) {
      const res = await feed(path);
      expect(res.status).toBe(200);
      expect(strictXmlProblems(res.body)).toEqual([]);
      expect(res.body).toContain("/public/announcements/bin-days");
      expect(res.body).not.toContain(MARKER);
      expect(res.body).not.toContain("For council staff only");
    }
  });

  it("goes dark at once when the administrator turns it off again", async () => {
    await switchTo(false);
    expect((await load(publicIndex, anon("/public"))).status).toBe(404);
    expect((await load(guideLoader, anon("/guides/report-fly-tipping"), { slug: "report-fly-tipping" })).location).toMatch(/^\/login/);
    await switchTo(true);
  });
});

describe("PUBLIC_PAGES=false", () => {
  it("keeps public pages off whatever the administrator chose", async () => {
    process.env.PUBLIC_PAGES = "false";
    resetEnvForTests();
    try {
      expect((await load(publicIndex, anon("/public"))).status).toBe(404);
      expect((await feed("/public/feed.xml")).status).toBe(404);
      const page = await load(switchLoader, await requestAs(admin.id, "/admin/public-pages"));
      expect(page.data.tier).toEqual({ on: false, why: "forbidden-by-environment" });
    } finally {
      delete process.env.PUBLIC_PAGES;
      resetEnvForTests();
    }
    expect((await load(publicIndex, anon("/public"))).status).toBe(200);
  });
});
