/**
 * The home page's sections (issue 26, decision 027): each item once, in the first section
 * that applies (notices, to read and confirm, For you, latest news, policy changes); the
 * most urgent notice first; things to confirm grouped, the oldest overdue first; and the
 * full lists on /me/notices, /me/must-reads and /me/for-you, all through the audience rule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BannerEntry } from "~/components/delivery/Banner";
import type { ForYouEntry } from "~/components/delivery/ForYou";
import type { MustReadEntry } from "~/components/delivery/MustReadChecklist";
import { attentionText } from "~/components/delivery/Attention";
import { orderMustReads } from "~/presenters/delivery.server";
import { arrangeHome, HOME_LIMITS } from "~/presenters/home.server";
import { loader as home } from "~/routes/_index";
import { loader as forYouPage } from "~/routes/me.for-you";
import { loader as mustReadsPage } from "~/routes/me.must-reads";
import { loader as noticesPage } from "~/routes/me.notices";
import { createChannel, createDepartment, createItem, createPolicyVersion } from "../factories";
import { load, signedIn } from "./load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const dayOf = (offsetDays: number) => iso(offsetDays).slice(0, 10);

describe("orderMustReads", () => {
  const today = "2026-12-06";
  const item = (id: number, f: Partial<{ kind: "policy" | "announcement"; urgent: boolean; dueOn: string | null; askedAt: string }>) => ({
    id, kind: f.kind ?? "policy", urgent: f.urgent ?? false, dueOn: f.dueOn ?? null, askedAt: f.askedAt ?? "2026-11-01T00:00:00Z",
  });

  it("puts overdue first (oldest due first), then due later (soonest first), then undated (urgent, then waiting longest)", () => {
    const items = [
      item(1, { kind: "announcement", askedAt: "2026-12-01T00:00:00Z" }),
      item(2, { dueOn: "2027-01-10" }),
      item(3, { dueOn: "2025-04-01" }),
      item(4, { kind: "announcement", askedAt: "2026-11-20T00:00:00Z" }),
      item(5, { dueOn: "2024-06-01" }),
      item(6, { dueOn: "2026-12-06" }), // due today: not overdue yet
      item(7, { kind: "announcement", urgent: true, askedAt: "2026-12-05T00:00:00Z" }),
    ];
    expect(orderMustReads(items, today).map((i) => i.id)).toEqual([5, 3, 6, 2, 7, 4, 1]);
  });
});

describe("arrangeHome", () => {
  const notice = (slug: string, priority: "urgent" | "need-to-know", mustRead = false): BannerEntry => ({
    id: slug.length, slug, title: slug, summary: "", priority, mustRead, publishedAt: null,
  });
  const must = (kind: "policy" | "announcement", slug: string, dueOn: string | null = null): MustReadEntry => ({
    id: slug.length, href: kind === "policy" ? `/policies/${slug}` : `/announcements/${slug}`, title: slug, kind, urgent: false, dueOn, overdue: false, askedAt: null,
  });
  const stream = (slug: string): ForYouEntry => ({
    id: slug.length, slug, title: slug, summary: "", priority: "normal", mustRead: false, publishedAt: null, reasons: ["Sent to all staff"], sentTo: null,
  });
  const news = (slug: string) => ({ type: "announcement" as const, slug, title: slug, summary: "" });
  const change = (slug: string, version: number) => ({
    slug, title: slug, reference: null, version, effectiveOn: "2027-01-01", whatChanged: "", isMaterial: 1, publishedAt: "2026-11-01T00:00:00Z",
  });

  it("shows each item once, in the first section that applies, and latest news only what For you did not", () => {
    const sections = arrangeHome(
      {
        notices: [notice("fire", "urgent", true), notice("pay", "need-to-know"), notice("bins", "need-to-know", true)],
        mustRead: [must("announcement", "fire"), must("policy", "leave", "2026-01-01"), must("announcement", "bins"), must("announcement", "ppe")],
        forYou: [stream("fire"), stream("pay"), stream("ppe"), stream("vans"), stream("survey")],
        latest: [news("survey"), news("vans"), news("pay"), news("budget"), news("fire")],
        policyChanges: [change("leave", 3), change("leave", 2), change("travel", 2)],
        guides: [{ type: "guide", slug: "mileage", title: "Mileage", summary: "" }],
      },
      "2026-12-06",
    );
    expect(sections.lead?.slug).toBe("fire");
    expect(sections.notices.map((n) => n.slug)).toEqual(["pay", "bins"]);
    expect(sections.mustRead).toEqual([
      { kind: "policy", items: [expect.objectContaining({ href: "/policies/leave" })] },
      { kind: "announcement", items: [expect.objectContaining({ href: "/announcements/ppe" })] },
    ]);
    expect(sections.mustReadTotal).toBe(4);
    expect(sections.forYou.map((f) => f.slug)).toEqual(["vans", "survey"]);
    expect(sections.latest.map((l) => l.slug)).toEqual(["budget"]);
    expect(sections.policyChanges.map((c) => `${c.slug}:${c.version}`)).toEqual(["travel:2"]);
    expect(sections.attention).toEqual({ urgent: 1, needToKnow: 2, mustRead: 4 });
  });

  it("keeps to the limits and says how many notices are not listed", () => {
    const many = Array.from({ length: 9 }, (_, i) => notice(`notice-${i}`, "need-to-know"));
    const mustReads = Array.from({ length: 8 }, (_, i) => must("policy", `policy-${i}`));
    const streamed = Array.from({ length: 7 }, (_, i) => stream(`stream-${i}`));
    const sections = arrangeHome(
      { notices: many, mustRead: mustReads, forYou: streamed, latest: [news("stream-6"), news("other")], policyChanges: [], guides: [] },
      "2026-12-06",
    );
    expect(sections.notices).toHaveLength(HOME_LIMITS.notices);
    expect(sections.forYou).toHaveLength(HOME_LIMITS.forYou);
    // Beyond the limit but in the person's stream (its own page has it): not offered as latest news.
    expect(sections.latest.map((l) => l.slug)).toEqual(["other"]);
    expect(sections.moreNotices).toBe(9 - 1 - HOME_LIMITS.notices);
    expect(sections.mustRead.flatMap((g) => g.items)).toHaveLength(5);
    expect(sections.mustReadTotal).toBe(8);
  });

  it("says what needs attention in one line", () => {
    expect(attentionText({ urgent: 3, needToKnow: 0, mustRead: 11 })).toBe("You have 3 urgent notices and 11 things to read and confirm.");
    expect(attentionText({ urgent: 1, needToKnow: 2, mustRead: 1 })).toBe(
      "You have 1 urgent notice, 2 need-to-know notices and 1 thing to read and confirm.",
    );
    expect(attentionText({ urgent: 0, needToKnow: 0, mustRead: 0 })).toMatch(/^Nothing needs your attention/);
  });
});

describe("the home page and its full pages, through the loaders", () => {
  let waste: { id: number }, housing: { id: number };
  beforeAll(async () => {
    waste = await createDepartment({ slug: "waste-hs", name: "Waste" });
    housing = await createDepartment({ slug: "housing-hs", name: "Housing" });
    const wasteNews = await createChannel({ slug: "waste-news-hs", name: "Waste news", departmentId: waste.id, isDefault: true });
    // Notices: an urgent must-read, a need-to-know must-read, plain need-to-know ones.
    await createItem({ slug: "depot-fire", title: "Depot fire", priority: "urgent", mustRead: true, targetDepartmentIds: [waste.id], publishAt: iso(-1) });
    await createItem({ slug: "fire-doors", title: "Fire doors", priority: "need-to-know", mustRead: true, targetDepartmentIds: [waste.id], publishAt: iso(-2) });
    for (let i = 0; i < 5; i++)
      await createItem({ slug: `ntk-${i}`, title: `Need to know ${i}`, priority: "need-to-know", publishAt: iso(-3 - i) });
    // Restricted to Housing: a must-read notice nobody in Waste may see.
    await createItem({
      slug: "housing-secret", title: "HOUSING-MARKER", priority: "need-to-know", mustRead: true, audience: "departments",
      audienceDepartmentIds: [housing.id], publishAt: iso(-1),
    });
    // A must-read that is not a notice.
    await createItem({ slug: "ppe-rules", title: "PPE rules", mustRead: true, publishAt: iso(-10) });
    // Material policies: two overdue, one due later; and a non-material change.
    for (const [slug, effective] of [["leave", -400], ["travel", -30], ["sickness", 20]] as const) {
      const p = await createItem({ type: "policy", slug, title: `${slug} policy`, publishAt: iso(-500) });
      await createPolicyVersion(p.id, { version: 1, effectiveOn: dayOf(effective), isMaterial: true, publishedAt: iso(-40) });
    }
    const minor = await createItem({ type: "policy", slug: "minor", title: "Minor policy", publishAt: iso(-500) });
    await createPolicyVersion(minor.id, { version: 1, effectiveOn: dayOf(-5), isMaterial: false, publishedAt: iso(-5) });
    // For you (sent to Waste or in its channel) and other news.
    for (let i = 0; i < 6; i++)
      await createItem({ slug: `waste-${i}`, title: `Waste news ${i}`, targetDepartmentIds: [waste.id], channelIds: [wasteNews.id], publishAt: iso(-1 - i / 10) });
    for (let i = 0; i < 6; i++) await createItem({ slug: `corp-${i}`, title: `Council news ${i}`, publishAt: iso(-2 - i / 10) });
  });

  function hrefsBySection(data: any): Record<string, string[]> {
    return {
      notices: [data.lead, ...data.notices].filter(Boolean).map((n: { slug: string }) => `/announcements/${n.slug}`),
      mustRead: data.mustRead.flatMap((g: { items: { href: string }[] }) => g.items.map((i) => i.href)),
      forYou: data.forYou.map((f: { slug: string }) => `/announcements/${f.slug}`),
      latest: data.latest.map((l: { type: string; slug: string }) => `/${l.type === "policy" ? "policies" : `${l.type}s`}/${l.slug}`),
      policyChanges: data.policyChanges.map((c: { slug: string }) => `/policies/${c.slug}`),
      guides: data.guides.map((g: { slug: string }) => `/guides/${g.slug}`),
    };
  }

  it("shows the urgent notice first, then need to know, each item once, and nothing the viewer may not open", async () => {
    const { data } = await (await signedIn("staff", waste.id)).get(home, "/");
    expect(data.lead).toMatchObject({ slug: "depot-fire", priority: "urgent", mustRead: true });
    expect(data.notices.map((n: { slug: string }) => n.slug)).toEqual(["fire-doors", "ntk-0", "ntk-1"]);
    expect(data.moreNotices).toBe(3);
    expect(data.attention).toEqual({ urgent: 1, needToKnow: 6, mustRead: 6 });

    const sections = hrefsBySection(data);
    const all = Object.values(sections).flat();
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((h, i) => all.indexOf(h) !== i), JSON.stringify(sections)).toEqual([]);
    expect(JSON.stringify(data)).not.toContain("HOUSING-MARKER");

    // For you is Waste's news; latest news is what For you did not show.
    expect(sections.forYou).toEqual(["/announcements/waste-0", "/announcements/waste-1", "/announcements/waste-2", "/announcements/waste-3"]);
    expect(data.forYou[0].reasons).toEqual(["For everyone in Waste", "You follow Waste news"]);
    expect(sections.latest.every((h) => !h.startsWith("/announcements/waste-"))).toBe(true);
  });

  it("lists things to read and confirm grouped, the oldest overdue first, leaving out those shown as notices", async () => {
    const { data } = await (await signedIn("staff", waste.id)).get(home, "/");
    expect(data.mustReadTotal).toBe(6);
    expect(data.mustRead).toEqual([
      {
        kind: "policy",
        items: [
          expect.objectContaining({ href: "/policies/leave", dueOn: dayOf(-400), overdue: true }),
          expect.objectContaining({ href: "/policies/travel", dueOn: dayOf(-30), overdue: true }),
          expect.objectContaining({ href: "/policies/sickness", dueOn: dayOf(20), overdue: false }),
        ],
      },
      { kind: "announcement", items: [expect.objectContaining({ href: "/announcements/ppe-rules", dueOn: null, overdue: false })] },
    ]);
    // A policy shown to confirm is not shown again under policy changes; the non-material change is.
    expect(data.policyChanges.map((c: { slug: string }) => c.slug)).toEqual(["minor"]);
  });

  it("has the full lists on their own pages: every notice, everything to confirm, the whole stream", async () => {
    const viewer = await signedIn("staff", waste.id);
    const notices = (await viewer.get(noticesPage, "/me/notices")).data;
    expect(notices.notices.map((n: { slug: string }) => n.slug)).toEqual(["depot-fire", "fire-doors", "ntk-0", "ntk-1", "ntk-2", "ntk-3", "ntk-4"]);

    const mustReads = (await viewer.get(mustReadsPage, "/me/must-reads")).data;
    expect(mustReads.total).toBe(6);
    expect(mustReads.groups.map((g: { kind: string; items: { href: string }[] }) => [g.kind, g.items.map((i) => i.href)])).toEqual([
      ["policy", ["/policies/leave", "/policies/travel", "/policies/sickness"]],
      ["announcement", ["/announcements/depot-fire", "/announcements/ppe-rules", "/announcements/fire-doors"]],
    ]);

    const stream = (await viewer.get(forYouPage, "/me/for-you")).data;
    expect(stream.items.map((i: { slug: string }) => i.slug)).toEqual(
      expect.arrayContaining(["depot-fire", "fire-doors", "waste-0", "waste-5"]),
    );
    for (const page of [notices, mustReads, stream]) expect(JSON.stringify(page)).not.toContain("HOUSING-MARKER");
  });

  it("shows Housing its restricted notice, and sends signed-out visitors to sign in", async () => {
    const { data } = await (await signedIn("staff", housing.id)).get(home, "/");
    expect([data.lead, ...data.notices].map((n: { title: string }) => n.title)).toContain("HOUSING-MARKER");
    for (const [loader, url] of [[noticesPage, "/me/notices"], [mustReadsPage, "/me/must-reads"], [forYouPage, "/me/for-you"]] as const) {
      const res = await load(loader, new Request(`http://localhost${url}`));
      expect(res.status, url).toBe(302);
      expect(res.location).toMatch(/^\/login/);
    }
  });
});
