import { beforeAll, describe, expect, it } from "vitest";
import { loader as listLoader } from "~/routes/announcements._index";
import { loader as itemLoader } from "~/routes/announcements.$slug";
import { createChannel, createDepartment, createItem } from "../factories";
import { signedIn } from "./load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

describe("announcements", () => {
  let housing: { id: number; slug: string }, planning: { id: number; slug: string }, waste: { id: number; slug: string };
  let repairs: { id: number; slug: string };
  beforeAll(async () => {
    housing = await createDepartment({ slug: "housing", name: "Housing" });
    planning = await createDepartment({ slug: "planning", name: "Planning" });
    waste = await createDepartment({ slug: "waste", name: "Waste" });
    repairs = await createChannel({ slug: "housing-repairs", name: "Housing: Repairs", departmentId: housing.id });
    // 25 council-wide announcements, newest first by number.
    for (let i = 0; i < 25; i++) await createItem({ slug: `all-${i}`, title: `All staff ${i}`, departmentId: waste.id, publishAt: iso(-10 - i) });
    await createItem({
      slug: "repairs-contractor", title: "New repairs contractor", summary: "Who to call from 1 December.",
      body: "## Who to call\n\nCall **Fixit** on 0300 000 000.\n\n<script>alert(1)</script>",
      departmentId: housing.id, channelIds: [repairs.id], publishAt: iso(-1), related: [{ type: "guide", slug: "report-repair" }, { type: "guide", slug: "secret-guide" }, { type: "guide", slug: "does-not-exist" }],
    });
    await createItem({ slug: "sent-to-planning", title: "Planning portal training", departmentId: housing.id, targetDepartmentIds: [planning.id, housing.id], priority: "need-to-know", publishAt: iso(-2) });
    await createItem({
      slug: "housing-secret", title: "HOUSING-RESTRICTED-MARKER", departmentId: housing.id, audience: "departments",
      audienceDepartmentIds: [housing.id], publishAt: iso(-1),
    });
    await createItem({ slug: "expired-news", title: "Summer fete", publishAt: iso(-60), expiresAt: iso(-30) });
    await createItem({ slug: "draft-news", title: "Draft", status: "draft" });
    await createItem({ type: "guide", slug: "report-repair", title: "Report a repair" });
    await createItem({ type: "guide", slug: "secret-guide", title: "SECRET-GUIDE-MARKER", audience: "roles", audienceRoles: ["manager"] });
  });

  describe("list", () => {
    it("shows 20 a page, newest first, with pages after", async () => {
      const as = await signedIn("staff", planning.id);
      const p1 = await as.get(listLoader, "/announcements");
      expect(p1.status).toBe(200);
      expect(p1.data.announcements).toHaveLength(20);
      expect(p1.data.total).toBe(27); // 25 + contractor + training; not restricted, expired or draft
      expect(p1.data.pageCount).toBe(2);
      expect(p1.data.announcements[0].title).toBe("New repairs contractor");
      const p2 = await as.get(listLoader, "/announcements?page=2");
      expect(p2.data.announcements).toHaveLength(7);
      expect(p2.data.page).toBe(2);
      const titles = [...p1.data.announcements, ...p2.data.announcements].map((a: { title: string }) => a.title);
      expect(new Set(titles).size).toBe(27);
      expect(titles).not.toContain("HOUSING-RESTRICTED-MARKER");
      expect(titles).not.toContain("Summer fete");
      expect(titles).not.toContain("Draft");
    });

    it.each([
      ["page=abc", 1],
      ["page=-3", 1],
      ["page=0", 1],
      ["page=1e9", 1],
      ["page=999", 2],
      ["page=2&page=x", 2],
    ])("copes with %s (page %i)", async (query, page) => {
      const res = await (await signedIn("staff", planning.id)).get(listLoader, `/announcements?${query}`);
      expect(res.status).toBe(200);
      expect(res.data.page).toBe(page);
    });

    it("filters by department: posted by it or sent to it", async () => {
      const as = await signedIn("staff", planning.id);
      const res = await as.get(listLoader, "/announcements?department=planning");
      expect(res.data.announcements.map((a: { slug: string }) => a.slug)).toEqual(["sent-to-planning"]);
      expect(res.data.filter.department).toBe("planning");
      const housingNews = await as.get(listLoader, "/announcements?department=housing");
      expect(housingNews.data.announcements.map((a: { slug: string }) => a.slug)).toEqual(["repairs-contractor", "sent-to-planning"]);
    });

    it("filters by channel, and by both", async () => {
      const as = await signedIn("staff", planning.id);
      const res = await as.get(listLoader, "/announcements?channel=housing-repairs");
      expect(res.data.announcements.map((a: { slug: string }) => a.slug)).toEqual(["repairs-contractor"]);
      const both = await as.get(listLoader, "/announcements?channel=housing-repairs&department=planning");
      expect(both.data.total).toBe(0);
    });

    it("shows a department's own restricted announcement to its staff", async () => {
      const res = await (await signedIn("staff", housing.id)).get(listLoader, "/announcements?department=housing");
      expect(res.data.announcements.map((a: { title: string }) => a.title)).toContain("HOUSING-RESTRICTED-MARKER");
    });

    it.each(["department=<script>alert(1)</script>", "department=nowhere", "channel=%00", "channel=" + "x".repeat(5000), "department[]=a"])(
      "ignores a bad filter (%s) instead of failing",
      async (query) => {
        const res = await (await signedIn("staff", planning.id)).get(listLoader, `/announcements?${query}`);
        expect(res.status).toBe(200);
        expect(res.data.total).toBe(27);
        expect(res.data.filter).toEqual({ department: "", channel: "" });
        expect(JSON.stringify(res.data)).not.toContain("<script>");
      },
    );
  });

  describe("page", () => {
    it("shows the rendered, sanitised body, department, channels, sent-to and related pages the viewer may open", async () => {
      const res = await (await signedIn("staff", planning.id)).get(itemLoader, "/announcements/repairs-contractor", { slug: "repairs-contractor" });
      expect(res.status).toBe(200);
      expect(res.data.announcement).toMatchObject({ title: "New repairs contractor", summary: "Who to call from 1 December.", expired: false });
      expect(res.data.html).toContain('<h2 id="h-who-to-call">Who to call</h2>');
      expect(res.data.html).toContain("<strong>Fixit</strong>");
      expect(res.data.html).not.toContain("<script");
      expect(res.data.department).toEqual({ slug: "housing", name: "Housing" });
      expect(res.data.channels).toEqual([{ slug: "housing-repairs", name: "Housing: Repairs" }]);
      expect(res.data.related).toEqual([{ type: "guide", slug: "report-repair", title: "Report a repair" }]);
      expect(JSON.stringify(res.data)).not.toContain("SECRET-GUIDE-MARKER");
    });

    it("names the departments it was sent to and its priority", async () => {
      const res = await (await signedIn("staff", planning.id)).get(itemLoader, "/announcements/sent-to-planning", { slug: "sent-to-planning" });
      expect(res.data.sentTo.map((d: { name: string }) => d.name)).toEqual(["Housing", "Planning"]);
      expect(res.data.sentToEveryone).toBe(false);
      expect(res.data.announcement.priority).toBe("need-to-know");
    });

    it("still opens an expired announcement, marked as expired", async () => {
      const res = await (await signedIn("staff", planning.id)).get(itemLoader, "/announcements/expired-news", { slug: "expired-news" });
      expect(res.status).toBe(200);
      expect(res.data.announcement.expired).toBe(true);
    });

    it("answers 404 for a restricted announcement outside its audience, and opens it inside", async () => {
      const params = { slug: "housing-secret" };
      expect((await (await signedIn("staff", planning.id)).get(itemLoader, "/announcements/housing-secret", params)).status).toBe(404);
      expect((await (await signedIn("manager", planning.id)).get(itemLoader, "/announcements/housing-secret", params)).status).toBe(404);
      expect((await (await signedIn("staff", housing.id)).get(itemLoader, "/announcements/housing-secret", params)).status).toBe(200);
      expect((await (await signedIn("comms", planning.id)).get(itemLoader, "/announcements/housing-secret", params)).status).toBe(200);
      const asHousing = await (await signedIn("staff", housing.id)).get(itemLoader, "/announcements/housing-secret", params);
      expect(asHousing.data.audience).toEqual({ kind: "departments", departments: ["Housing"], roles: [] });
    });

    it.each(["draft-news", "does-not-exist", "report-repair", "../etc/passwd", "<script>", "x".repeat(500)])("answers 404 for %s", async (slug) => {
      const res = await (await signedIn("comms", planning.id)).get(itemLoader, `/announcements/x`, { slug });
      expect(res.status).toBe(404);
    });
  });
});
