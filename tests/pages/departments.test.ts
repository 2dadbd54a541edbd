import { beforeAll, describe, expect, it } from "vitest";
import { loader as channelLoader } from "~/routes/channels.$slug";
import { loader as listLoader } from "~/routes/departments._index";
import { loader as departmentLoader } from "~/routes/departments.$slug";
import { createChannel, createDepartment, createItem, createPolicyVersion } from "../factories";
import { signedIn } from "./load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

describe("departments and channels", () => {
  let housing: { id: number; slug: string }, planning: { id: number; slug: string };
  beforeAll(async () => {
    housing = await createDepartment({ slug: "housing", name: "Housing" });
    planning = await createDepartment({ slug: "planning", name: "Planning" });
    const news = await createChannel({ slug: "housing-news", name: "Housing news", departmentId: housing.id, isDefault: true });
    await createChannel({ slug: "housing-repairs", name: "Housing: Repairs", departmentId: housing.id });
    await createChannel({ slug: "all-staff", name: "All staff news", departmentId: null, isMandatory: true });
    for (let i = 0; i < 23; i++) await createItem({ slug: `hn-${i}`, title: `Housing news ${i}`, departmentId: housing.id, channelIds: [news.id], publishAt: iso(-1 - i) });
    await createItem({
      slug: "housing-secret", title: "HOUSING-MARKER", departmentId: housing.id, channelIds: [news.id], audience: "departments",
      audienceDepartmentIds: [housing.id], publishAt: iso(0),
    });
    await createItem({ type: "guide", slug: "report-repair", title: "Report a repair", departmentId: housing.id, reviewBy: "2000-01-01" });
    await createItem({ type: "guide", slug: "planning-guide", title: "Validate an application", departmentId: planning.id });
    const p = await createItem({ type: "policy", slug: "allocations", title: "Allocations policy", departmentId: housing.id, reference: "HSG-001" });
    await createPolicyVersion(p.id, { version: 1 });
  });

  it("lists every department and the council-wide channels", async () => {
    const { data, status } = await (await signedIn("staff", planning.id)).get(listLoader, "/departments");
    expect(status).toBe(200);
    expect(data.departments.map((d: { name: string }) => d.name)).toEqual(["Housing", "Planning"]);
    expect(data.yourDepartment).toBe("planning");
    expect(data.corporateChannels.map((c: { slug: string }) => c.slug)).toEqual(["all-staff"]);
  });

  it("leaves archived departments out of the list, but keeps their page readable", async () => {
    const { getDb } = await import("~/utils/db.server");
    const closed = await createDepartment({ slug: "closed-service", name: "Closed service" });
    await (await getDb()).run("UPDATE departments SET archived_at = ? WHERE id = ?", [new Date().toISOString(), closed.id]);
    const list = await (await signedIn("staff", planning.id)).get(listLoader, "/departments");
    expect(list.data.departments.map((d: { name: string }) => d.name)).toEqual(["Housing", "Planning"]);
    const page = await (await signedIn("staff", planning.id)).get(departmentLoader, "/departments/closed-service", { slug: "closed-service" });
    expect(page.status).toBe(200);
  });

  it("shows a department's channels, news, guides and policies", async () => {
    const { data, status } = await (await signedIn("staff", planning.id)).get(departmentLoader, "/departments/housing", { slug: "housing" });
    expect(status).toBe(200);
    expect(data.department.name).toBe("Housing");
    expect(data.isYours).toBe(false);
    expect(data.channels.map((c: { slug: string; isDefault: boolean }) => [c.slug, c.isDefault])).toEqual([["housing-news", true], ["housing-repairs", false]]);
    expect(data.news.items).toHaveLength(5);
    expect(data.news.total).toBe(23);
    expect(data.news.items[0].title).toBe("Housing news 0");
    expect(data.guides.items.map((g: { slug: string }) => g.slug)).toEqual(["report-repair"]);
    expect(data.guides.items[0].reviewOverdue).toBe(true);
    expect(data.policies.items.map((p: { slug: string }) => p.slug)).toEqual(["allocations"]);
    expect(JSON.stringify(data)).not.toContain("HOUSING-MARKER");
  });

  it("shows restricted news to the department's own staff", async () => {
    const { data } = await (await signedIn("staff", housing.id)).get(departmentLoader, "/departments/housing", { slug: "housing" });
    expect(data.isYours).toBe(true);
    expect(data.news.items[0].title).toBe("HOUSING-MARKER");
    expect(data.news.total).toBe(24);
  });

  it("answers 404 for an unknown department", async () => {
    const as = await signedIn("staff", housing.id);
    expect((await as.get(departmentLoader, "/departments/nowhere", { slug: "nowhere" })).status).toBe(404);
    expect((await as.get(departmentLoader, "/departments/x", { slug: "<script>" })).status).toBe(404);
  });

  it("pages through a channel's announcements, 20 at a time", async () => {
    const as = await signedIn("staff", planning.id);
    const p1 = await as.get(channelLoader, "/channels/housing-news", { slug: "housing-news" });
    expect(p1.status).toBe(200);
    expect(p1.data.channel).toMatchObject({ name: "Housing news", mandatory: false, archived: false });
    expect(p1.data.department).toEqual({ slug: "housing", name: "Housing" });
    expect(p1.data.announcements).toHaveLength(20);
    expect(p1.data.pageCount).toBe(2);
    const p2 = await as.get(channelLoader, "/channels/housing-news?page=2", { slug: "housing-news" });
    expect(p2.data.announcements.map((a: { title: string }) => a.title)).toEqual(["Housing news 20", "Housing news 21", "Housing news 22"]);
    const bad = await as.get(channelLoader, "/channels/housing-news?page=%27%3B--", { slug: "housing-news" });
    expect(bad.data.page).toBe(1);
    expect(JSON.stringify([p1.data, p2.data])).not.toContain("HOUSING-MARKER");
  });

  it("shows a council-wide channel and answers 404 for an unknown one", async () => {
    const as = await signedIn("staff", planning.id);
    const res = await as.get(channelLoader, "/channels/all-staff", { slug: "all-staff" });
    expect(res.data.channel.mandatory).toBe(true);
    expect(res.data.department).toBeNull();
    expect(res.data.announcements).toEqual([]);
    expect((await as.get(channelLoader, "/channels/nope", { slug: "nope" })).status).toBe(404);
  });
});
