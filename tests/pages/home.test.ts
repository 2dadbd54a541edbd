import { beforeAll, describe, expect, it } from "vitest";
import { loader } from "~/routes/_index";
import { createDepartment, createItem, createPolicyVersion } from "../factories";
import { load, signedIn } from "./load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const dayOf = (offsetDays: number) => iso(offsetDays).slice(0, 10);

describe("home page", () => {
  let housing: { id: number; slug: string }, planning: { id: number; slug: string };
  beforeAll(async () => {
    housing = await createDepartment({ slug: "housing-h", name: "Housing" });
    planning = await createDepartment({ slug: "planning-h", name: "Planning" });
    await createItem({ slug: "gas-leak", title: "Depot closed: gas leak", priority: "urgent", publishAt: iso(-1) });
    await createItem({ slug: "pay-award", title: "Pay award agreed", priority: "need-to-know", publishAt: iso(-2) });
    await createItem({ slug: "old-ntk", title: "Expired notice", priority: "need-to-know", publishAt: iso(-20), expiresAt: iso(-1) });
    await createItem({
      slug: "housing-only-ntk", title: "HOUSING-ONLY-MARKER", priority: "need-to-know", audience: "departments",
      audienceDepartmentIds: [housing.id], publishAt: iso(-1),
    });
    await createItem({ slug: "future-news", title: "Scheduled news", publishAt: iso(2) });
    await createItem({ slug: "draft-news", title: "Draft news", status: "draft" });
    for (let i = 0; i < 7; i++) await createItem({ slug: `news-${i}`, title: `News ${i}`, publishAt: iso(-3 - i) });
    const policy = await createItem({ type: "policy", slug: "leave", title: "Annual leave policy", reference: "HR-015" });
    await createPolicyVersion(policy.id, { version: 1, effectiveOn: dayOf(-100), publishedAt: iso(-100) });
    await createPolicyVersion(policy.id, { version: 2, effectiveOn: dayOf(30), whatChanged: "Carry over ten days.", publishedAt: iso(-1) });
    await createItem({ type: "guide", slug: "fresh-guide", title: "Fresh guide", lastReviewedOn: dayOf(-5), reviewBy: dayOf(300), publishAt: iso(-500) });
    await createItem({ type: "guide", slug: "stale-guide", title: "Stale guide", lastReviewedOn: dayOf(-400), reviewBy: dayOf(-10), publishAt: iso(-500) });
  });

  it("sends a signed-out visitor to sign in", async () => {
    const res = await load(loader, new Request("http://localhost/"));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/login");
  });

  it("shows urgent first, then need-to-know, and nothing expired, scheduled or for other departments", async () => {
    const { data } = await (await signedIn("staff", planning.id)).get(loader, "/");
    expect(data.lead.title).toBe("Depot closed: gas leak");
    const titles = data.notices.map((p: { title: string }) => p.title);
    expect(titles).toContain("Pay award agreed");
    expect(titles).not.toContain("Expired notice");
    expect(data.attention).toEqual({ urgent: 1, needToKnow: 1, mustRead: 0 });
    expect(JSON.stringify(data)).not.toContain("HOUSING-ONLY-MARKER");
  });

  it("shows a department's restricted need-to-know item to people in that department", async () => {
    const { data } = await (await signedIn("staff", housing.id)).get(loader, "/");
    expect([data.lead, ...data.notices].map((p: { title: string }) => p.title)).toContain("HOUSING-ONLY-MARKER");
  });

  it("lists the latest news without repeating the notices, and never drafts or scheduled items", async () => {
    const { data } = await (await signedIn("staff", planning.id)).get(loader, "/");
    const titles = data.latest.map((a: { title: string }) => a.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(4);
    expect(titles).not.toContain("Depot closed: gas leak");
    expect(titles).not.toContain("Pay award agreed");
    expect(titles).not.toContain("Scheduled news");
    expect(titles).not.toContain("Draft news");
    expect(titles[0]).toBe("News 0");
  });

  it("shows recent policy changes with what changed and when they take effect", async () => {
    const { data } = await (await signedIn("staff", planning.id)).get(loader, "/");
    expect(data.policyChanges[0]).toMatchObject({ slug: "leave", version: 2, whatChanged: "Carry over ten days.", effectiveOn: dayOf(30), upcoming: true });
    // One entry per policy: its newest version.
    expect(data.policyChanges.filter((c: { slug: string }) => c.slug === "leave")).toHaveLength(1);
  });

  it("shows recently reviewed guides first and flags overdue reviews", async () => {
    const { data } = await (await signedIn("staff", planning.id)).get(loader, "/");
    expect(data.guides.map((g: { slug: string }) => g.slug)).toEqual(["fresh-guide", "stale-guide"]);
    expect(data.guides[1].reviewOverdue).toBe(true);
    expect(data.guides[0].reviewOverdue).toBe(false);
    expect(data.departmentName).toBe("Planning");
  });
});
