import { beforeAll, describe, expect, it } from "vitest";
import { loader as listLoader } from "~/routes/guides._index";
import { loader as guideLoader } from "~/routes/guides.$slug";
import { createDepartment, createItem, createUser } from "../factories";
import { signedIn } from "./load";

const day = 86_400_000;
const dayOf = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

const LONG_BODY = "Intro.\n\n## Before you start\n\nText.\n\n## Make a claim\n\nText.\n\n### Receipts\n\nText.\n\n## After you claim\n\nText.";

describe("guides", () => {
  let finance: { id: number; slug: string }, housing: { id: number; slug: string };
  beforeAll(async () => {
    finance = await createDepartment({ slug: "finance", name: "Finance" });
    housing = await createDepartment({ slug: "housing", name: "Housing" });
    await createUser({ email: "tom.reed@riverside.test", name: "Tom Reed", departmentId: finance.id });
    await createUser({ email: "ella.hughes@riverside.test", name: "Ella Hughes", departmentId: finance.id });
    await createItem({
      type: "guide", slug: "claim-mileage", title: "How to claim mileage", departmentId: finance.id, tags: ["expenses", "Mileage"],
      ownerEmail: "Tom.Reed@riverside.test", deputyEmail: "ella.hughes@riverside.test", lastReviewedOn: dayOf(-425), reviewBy: dayOf(-60),
      body: LONG_BODY, related: [{ type: "policy", slug: "travel" }, { type: "guide", slug: "housing-secret" }, { type: "guide", slug: "gone" }],
    });
    await createItem({
      type: "guide", slug: "book-pool-car", title: "Book a pool car", departmentId: finance.id, tags: ["travel"],
      ownerEmail: "unknown.person@riverside.test", lastReviewedOn: dayOf(-3), reviewBy: dayOf(360), body: "## One\n\n## Two",
    });
    await createItem({ type: "guide", slug: "report-repair", title: "Report a repair", departmentId: housing.id, tags: ["repairs", "expenses"], lastReviewedOn: dayOf(-10), reviewBy: dayOf(0) });
    await createItem({
      type: "guide", slug: "housing-secret", title: "HOUSING-GUIDE-MARKER", departmentId: housing.id, tags: ["secret-tag"],
      audience: "departments", audienceDepartmentIds: [housing.id],
    });
    await createItem({ type: "guide", slug: "draft-guide", title: "Draft guide", status: "draft", tags: ["draft-tag"] });
    await createItem({ type: "policy", slug: "travel", title: "Travel and subsistence policy" });
  });

  describe("list", () => {
    it("lists guides A to Z with departments and tags the viewer may see", async () => {
      const { data, status } = await (await signedIn("staff", finance.id)).get(listLoader, "/guides");
      expect(status).toBe(200);
      expect(data.guides.map((g: { title: string }) => g.title)).toEqual(["Book a pool car", "How to claim mileage", "Report a repair"]);
      expect(data.guides[1].reviewOverdue).toBe(true);
      expect(data.guides[2].reviewOverdue).toBe(false); // review-by today is not overdue yet
      expect(data.departments).toEqual([{ slug: "finance", name: "Finance", count: 2 }, { slug: "housing", name: "Housing", count: 1 }]);
      expect(data.tags.map((t: { tag: string }) => t.tag)).toEqual(["expenses", "mileage", "repairs", "travel"]);
      expect(data.tags.find((t: { tag: string }) => t.tag === "expenses").count).toBe(2);
      const text = JSON.stringify(data);
      expect(text).not.toContain("HOUSING-GUIDE-MARKER");
      expect(text).not.toContain("secret-tag");
      expect(text).not.toContain("draft-tag");
    });

    it("filters by department, by tag and by both", async () => {
      const as = await signedIn("staff", finance.id);
      const slugs = async (q: string) => (await as.get(listLoader, `/guides?${q}`)).data.guides.map((g: { slug: string }) => g.slug);
      expect(await slugs("department=housing")).toEqual(["report-repair"]);
      expect(await slugs("tag=expenses")).toEqual(["claim-mileage", "report-repair"]);
      expect(await slugs("tag=MILEAGE")).toEqual(["claim-mileage"]);
      expect(await slugs("tag=expenses&department=finance")).toEqual(["claim-mileage"]);
    });

    it("shows a department's restricted guide and its tags to that department", async () => {
      const { data } = await (await signedIn("staff", housing.id)).get(listLoader, "/guides?tag=secret-tag");
      expect(data.guides.map((g: { title: string }) => g.title)).toEqual(["HOUSING-GUIDE-MARKER"]);
    });

    it.each(["tag=<script>alert(1)</script>", "tag=secret-tag", "tag=" + "a".repeat(300), "department=../../x", "page=NaN"])("ignores a bad filter: %s", async (q) => {
      const { data, status } = await (await signedIn("staff", finance.id)).get(listLoader, `/guides?${q}`);
      expect(status).toBe(200);
      expect(data.total).toBe(3);
      expect(data.filter).toEqual({ department: "", tag: "" });
    });
  });

  describe("page", () => {
    it("shows owner and deputy by name, how long ago it was reviewed, and that review is overdue", async () => {
      const { data, status } = await (await signedIn("staff", housing.id)).get(guideLoader, "/guides/claim-mileage", { slug: "claim-mileage" });
      expect(status).toBe(200);
      expect(data.owner).toEqual({ email: "Tom.Reed@riverside.test", name: "Tom Reed" });
      expect(data.deputy).toEqual({ email: "ella.hughes@riverside.test", name: "Ella Hughes" });
      expect(data.guide).toMatchObject({ lastReviewedOn: dayOf(-425), reviewBy: dayOf(-60), reviewOverdue: true });
      expect(data.guide.lastReviewedAgo).toBe("13 months ago");
      expect(data.department).toEqual({ slug: "finance", name: "Finance" });
      expect(data.tags).toEqual(["expenses", "mileage"]);
    });

    it("has a table of contents when there are three or more headings", async () => {
      const { data } = await (await signedIn("staff", finance.id)).get(guideLoader, "/guides/claim-mileage", { slug: "claim-mileage" });
      expect(data.toc.map((t: { text: string }) => t.text)).toEqual(["Before you start", "Make a claim", "Receipts", "After you claim"]);
      expect(data.html).toContain('id="h-make-a-claim"');
      const short = await (await signedIn("staff", finance.id)).get(guideLoader, "/guides/book-pool-car", { slug: "book-pool-car" });
      expect(short.data.toc).toEqual([]);
      expect(short.data.guide.reviewOverdue).toBe(false);
      expect(short.data.owner).toEqual({ email: "unknown.person@riverside.test", name: "unknown.person@riverside.test" });
      expect(short.data.deputy).toBeNull();
    });

    it("lists only related pages the viewer may open", async () => {
      const asFinance = await (await signedIn("staff", finance.id)).get(guideLoader, "/guides/claim-mileage", { slug: "claim-mileage" });
      expect(asFinance.data.related.map((r: { slug: string }) => r.slug)).toEqual(["travel"]);
      const asHousing = await (await signedIn("staff", housing.id)).get(guideLoader, "/guides/claim-mileage", { slug: "claim-mileage" });
      expect(asHousing.data.related.map((r: { slug: string }) => r.slug)).toEqual(["travel", "housing-secret"]);
    });

    it("answers 404 outside the audience, for drafts and for missing guides", async () => {
      expect((await (await signedIn("staff", finance.id)).get(guideLoader, "/guides/housing-secret", { slug: "housing-secret" })).status).toBe(404);
      expect((await (await signedIn("staff", housing.id)).get(guideLoader, "/guides/housing-secret", { slug: "housing-secret" })).status).toBe(200);
      expect((await (await signedIn("admin", null)).get(guideLoader, "/guides/draft-guide", { slug: "draft-guide" })).status).toBe(404);
      expect((await (await signedIn("staff", finance.id)).get(guideLoader, "/guides/travel", { slug: "travel" })).status).toBe(404);
    });
  });
});
