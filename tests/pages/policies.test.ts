import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { DiffView } from "~/components/DiffView";
import { loader as listLoader } from "~/routes/policies._index";
import { loader as policyLoader } from "~/routes/policies.$slug";
import { loader as compareLoader } from "~/routes/policies.$slug_.compare";
import { ukTodayIso } from "~/utils/dates";
import { createDepartment, createItem, createPolicyVersion } from "../factories";
import { signedIn } from "./load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const dayOf = (offsetDays: number) => iso(offsetDays).slice(0, 10);

describe("policies", () => {
  let hr: { id: number; slug: string }, housing: { id: number; slug: string };
  beforeAll(async () => {
    hr = await createDepartment({ slug: "hr-od", name: "HR and OD" });
    housing = await createDepartment({ slug: "housing", name: "Housing" });
    const leave = await createItem({ type: "policy", slug: "annual-leave", title: "Annual leave policy", reference: "HR-015", departmentId: hr.id, summary: "How much leave you get." });
    await createPolicyVersion(leave.id, { version: 1, body: "You may carry over five days.\n\nBook leave with your manager.", effectiveOn: dayOf(-400), approvalRef: "Employment Committee, 2025", publishedAt: iso(-420) });
    await createPolicyVersion(leave.id, {
      version: 2, body: "You may carry over ten days.\n\nBook leave with your manager.\n\n<b>bold</b> <script>alert(1)</script>",
      effectiveOn: dayOf(-10), whatChanged: "Carry over ten days instead of five.", isMaterial: true, approvalRef: "Employment Committee, 11 February 2026", publishedAt: iso(-30),
    });
    await createPolicyVersion(leave.id, { version: 3, body: "You may carry over ten days.\n\nBook leave in MyHR.\n\n<b>bold</b> <script>alert(1)</script>", effectiveOn: dayOf(20), whatChanged: "Book leave in MyHR.", publishedAt: iso(-1) });
    // A version published in the future is not shown yet.
    await createPolicyVersion(leave.id, { version: 4, body: "FUTURE-VERSION-MARKER", effectiveOn: dayOf(90), whatChanged: "FUTURE-VERSION-MARKER", publishedAt: iso(5) });
    const lone = await createItem({ type: "policy", slug: "lone-working", title: "Lone working policy", reference: "HS-003", ownerEmail: "nobody@riverside.test" });
    await createPolicyVersion(lone.id, { version: 1, effectiveOn: dayOf(-50), publishedAt: iso(-50) });
    const secret = await createItem({ type: "policy", slug: "housing-allocations", title: "HOUSING-POLICY-MARKER", audience: "departments", audienceDepartmentIds: [housing.id] });
    await createPolicyVersion(secret.id, { version: 1, effectiveOn: dayOf(5), whatChanged: "HOUSING-POLICY-MARKER", publishedAt: iso(-1) });
  });

  describe("list", () => {
    it("shows what's new, what takes effect soon and every policy A to Z", async () => {
      const { data, status } = await (await signedIn("staff", hr.id)).get(listLoader, "/policies");
      expect(status).toBe(200);
      expect(data.recent.map((c: { slug: string; version: number }) => `${c.slug}@${c.version}`)).toEqual(["annual-leave@3", "annual-leave@2", "lone-working@1", "annual-leave@1"]);
      expect(data.upcoming).toEqual([expect.objectContaining({ slug: "annual-leave", version: 3, effectiveOn: dayOf(20), upcoming: true })]);
      expect(data.policies.map((p: { title: string }) => p.title)).toEqual(["Annual leave policy", "Lone working policy"]);
      expect(data.policies[0]).toMatchObject({ reference: "HR-015", currentVersion: 3 });
      expect(JSON.stringify(data)).not.toContain("HOUSING-POLICY-MARKER");
      expect(JSON.stringify(data)).not.toContain("FUTURE-VERSION-MARKER");
    });

    it("shows a department's restricted policy to its own staff", async () => {
      const { data } = await (await signedIn("staff", housing.id)).get(listLoader, "/policies");
      expect(JSON.stringify(data.upcoming)).toContain("HOUSING-POLICY-MARKER");
      expect(data.policies).toHaveLength(3);
    });

    it("filters by department and ignores a bad one", async () => {
      const as = await signedIn("staff", hr.id);
      expect((await as.get(listLoader, "/policies?department=hr-od")).data.policies.map((p: { slug: string }) => p.slug)).toEqual(["annual-leave"]);
      const bad = await as.get(listLoader, "/policies?department=%3Cscript%3E&page=abc");
      expect(bad.status).toBe(200);
      expect(bad.data.policies).toHaveLength(2);
    });
  });

  describe("page", () => {
    it("shows the current version with its facts, body and history, but not a version published in the future", async () => {
      const { data, status } = await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/annual-leave", { slug: "annual-leave" });
      expect(status).toBe(200);
      expect(data.policy).toMatchObject({ title: "Annual leave policy", reference: "HR-015" });
      expect(data.shown).toMatchObject({ version: 3, isCurrent: true, effectiveOn: dayOf(20), upcoming: true, whatChanged: "Book leave in MyHR." });
      // Version 3 is not in force yet, so version 2 still applies.
      expect(data.inForceVersion).toEqual({ version: 2, effectiveOn: dayOf(-10) });
      expect(data.html).toContain("Book leave in MyHR.");
      expect(data.html).not.toContain("<script");
      expect(data.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
      expect(data.versions[1]).toMatchObject({ whatChanged: "Carry over ten days instead of five.", isMaterial: true, approvalRef: "Employment Committee, 11 February 2026" });
      expect(JSON.stringify(data)).not.toContain("FUTURE-VERSION-MARKER");
      expect(data.department).toEqual({ slug: "hr-od", name: "HR and OD" });
    });

    it("reads an older version with ?version=N, marked as not current", async () => {
      const { data } = await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/annual-leave?version=1", { slug: "annual-leave" });
      expect(data.shown).toMatchObject({ version: 1, isCurrent: false, approvalRef: "Employment Committee, 2025" });
      expect(data.html).toContain("carry over five days");
      expect(data.currentVersion).toBe(3);
    });

    it.each(["version=abc", "version=-1", "version=0", "version=%3Cscript%3E", "version=4", "version=99"])("shows the current version for %s", async (query) => {
      const { data, status } = await (await signedIn("staff", hr.id)).get(policyLoader, `/policies/annual-leave?${query}`, { slug: "annual-leave" });
      expect(status).toBe(200);
      expect(data.shown.version).toBe(3);
      expect(data.shown.isCurrent).toBe(true);
      expect(JSON.stringify(data)).not.toContain("FUTURE-VERSION-MARKER");
    });

    it("says when a version asked for does not exist", async () => {
      const { data } = await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/annual-leave?version=99", { slug: "annual-leave" });
      expect(data.missingVersion).toBe(99);
    });

    it("falls back to the owner's email when they have no account", async () => {
      const { data } = await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/lone-working", { slug: "lone-working" });
      expect(data.policy.ownerEmail).toBe("nobody@riverside.test");
      expect(data.policy.ownerName).toBeNull();
      expect(data.shown.upcoming).toBe(false);
      expect(data.inForceVersion).toBeNull();
    });

    it("answers 404 outside the audience, for missing policies and for slugs of other types", async () => {
      const params = { slug: "housing-allocations" };
      expect((await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/housing-allocations", params)).status).toBe(404);
      expect((await (await signedIn("staff", housing.id)).get(policyLoader, "/policies/housing-allocations", params)).status).toBe(200);
      expect((await (await signedIn("staff", hr.id)).get(policyLoader, "/policies/nope", { slug: "nope" })).status).toBe(404);
    });
  });

  describe("compare", () => {
    it("shows word-level changes between two versions, as text", async () => {
      const { data, status } = await (await signedIn("staff", hr.id)).get(compareLoader, "/policies/annual-leave/compare?from=1&to=3", { slug: "annual-leave" });
      expect(status).toBe(200);
      expect(data.from.version).toBe(1);
      expect(data.to.version).toBe(3);
      const removed = data.parts.filter((p: { removed?: boolean }) => p.removed).map((p: { value: string }) => p.value).join("|");
      const added = data.parts.filter((p: { added?: boolean }) => p.added).map((p: { value: string }) => p.value).join("|");
      expect(removed).toContain("five");
      expect(added).toContain("ten");
      expect(added).toContain("MyHR");
      // The Markdown source is compared, so HTML in it arrives as text to be escaped on the page.
      expect(added).toContain("<script>");
      expect(data.between.map((v: { version: number }) => v.version)).toEqual([2, 3]);
      expect(data.changed).toBe(true);
    });

    it("escapes the compared text when rendered and marks changes in words for screen readers", () => {
      const html = renderToStaticMarkup(
        createElement(DiffView, { label: "Changes", parts: [{ value: "keep " }, { value: "<script>alert(1)</script>", added: true }, { value: "old", removed: true }] }),
      );
      expect(html).not.toContain("<script>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>/);
      expect(html).toMatch(/<del><span class="visually-hidden">\[removed: <\/span>old/);
    });

    it.each([
      ["", 2, 3],
      ["?from=abc&to=<script>", 2, 3],
      ["?from=1", 1, 3],
      ["?from=4&to=1", 2, 1],
      ["?from=99&to=2", 2, 2],
    ])("picks sensible versions for %j", async (query, from, to) => {
      const { data, status } = await (await signedIn("staff", hr.id)).get(compareLoader, `/policies/annual-leave/compare${query}`, { slug: "annual-leave" });
      expect(status).toBe(200);
      expect([data.from.version, data.to.version]).toEqual([from, to]);
      expect(JSON.stringify(data)).not.toContain("FUTURE-VERSION-MARKER");
    });

    it("says there is nothing to compare for a policy with one version", async () => {
      const { data } = await (await signedIn("staff", hr.id)).get(compareLoader, "/policies/lone-working/compare", { slug: "lone-working" });
      expect(data.versions).toEqual([1]);
      expect(data.parts).toEqual([]);
    });

    it("answers 404 outside the audience, so a diff never leaks a restricted policy", async () => {
      const res = await (await signedIn("staff", hr.id)).get(compareLoader, "/policies/housing-allocations/compare", { slug: "housing-allocations" });
      expect(res.status).toBe(404);
    });
  });

  it("knows today's date in the UK", () => {
    expect(ukTodayIso(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(ukTodayIso(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });
});
