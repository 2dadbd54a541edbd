import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findItemById, loadItemFields, setItemStatus, updateItem } from "~/models/item.server";
import { loader as searchLoader } from "~/routes/search";
import { loader as suggestLoader } from "~/routes/search.suggest";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { getDb, openConfiguredDatabase } from "~/utils/db.server";
import { changeFeedSettled } from "~/commands/change-feed.server";
import { followChangesIntoSearch } from "~/commands/search-follower.server";
import { ROLES, type Role } from "~/utils/roles";
import { searchIndex, startSearch, stopSearch } from "~/utils/search.server";
import { createDepartment, createItem, createUser, requestAs } from "../factories";
import { load } from "../pages/load";

/**
 * If you cannot open it, you cannot find it: for every role in two departments, search
 * and the typeahead return exactly the items `visibleItemsSql` lists, and a change of
 * audience or status is honoured at once, before the index has even caught up.
 */
const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();

describe("search permissions", () => {
  let housing: number, planning: number;
  let stopFollowing: () => Promise<void>;
  const items: Record<string, number> = {};
  const people: { role: Role; departmentId: number; id: number }[] = [];

  beforeAll(async () => {
    housing = (await createDepartment({ slug: "housing", name: "Housing" })).id;
    planning = (await createDepartment({ slug: "planning", name: "Planning" })).id;
    const variants = {
      everyone: {},
      public: { isPublic: true },
      housingOnly: { audience: "departments" as const, audienceDepartmentIds: [housing] },
      managersOnly: { audience: "roles" as const, audienceRoles: ["manager" as const] },
      draft: { status: "draft" as const },
      inReview: { status: "in-review" as const },
      scheduled: { status: "scheduled" as const, publishAt: iso(2) },
      future: { publishAt: iso(2) },
      expired: { publishAt: iso(-20), expiresAt: iso(-1) },
      archived: { status: "archived" as const },
    };
    for (const [name, v] of Object.entries(variants))
      items[name] = (await createItem({ slug: `quokka-${name.toLowerCase()}`, title: `Quokka ${name}`, body: `The quokka sanctuary (${name}).`, ...v })).id;
    for (const role of ROLES)
      for (const departmentId of [housing, planning]) people.push({ role, departmentId, id: (await createUser({ role, departmentId })).id });
    stopFollowing = await followChangesIntoSearch();
    await startSearch({ persistPath: null, buildIn: "inline" });
  });
  afterAll(async () => {
    await stopFollowing();
    await stopSearch();
  });

  async function expected(p: { role: Role; departmentId: number; id: number }): Promise<number[]> {
    const viewer: Viewer = { id: p.id, email: "", name: "", role: p.role, departmentId: p.departmentId };
    const { sql, params } = visibleItemsSql(viewer);
    const db = await getDb();
    const rows = await db.all<{ id: number }>(`SELECT i.id FROM items i WHERE i.slug LIKE 'quokka-%' AND ${sql} ORDER BY i.id`, params);
    return rows.map((r) => r.id);
  }

  async function found(userId: number, q = "quokka sanctuary"): Promise<number[]> {
    const res = await load(searchLoader, await requestAs(userId, `/search?q=${encodeURIComponent(q)}`));
    expect(res.status).toBe(200);
    return (res.data.hits as { id: number }[]).map((h) => h.id).sort((a, b) => a - b);
  }

  it("returns exactly what each role in each department may open", async () => {
    for (const p of people) {
      const want = await expected(p);
      expect(want.length, `${p.role} sees something`).toBeGreaterThan(0);
      expect(await found(p.id), `${p.role} in ${p.departmentId === housing ? "housing" : "planning"}`).toEqual(want);
    }
    // Sanity: the rule really differs between people, so the test above means something.
    const staffHousing = people.find((p) => p.role === "staff" && p.departmentId === housing)!;
    const staffPlanning = people.find((p) => p.role === "staff" && p.departmentId === planning)!;
    expect(await found(staffHousing.id)).toContain(items.housingOnly);
    expect(await found(staffPlanning.id)).not.toContain(items.housingOnly);
    expect(await found(people.find((p) => p.role === "manager")!.id)).toContain(items.managersOnly);
  });

  it("gives the typeahead the same answer", async () => {
    for (const p of people) {
      const res = await load(suggestLoader, await requestAs(p.id, "/search/suggest?q=quokka"));
      const titles = (res.data.items as { title: string }[]).map((i) => i.title);
      const db = await getDb();
      const allowed = new Set<string>();
      for (const id of await expected(p)) allowed.add((await findItemById(db, id))!.title);
      expect(titles.length).toBe(Math.min(6, allowed.size));
      for (const t of titles) expect(allowed.has(t), `${p.role} offered ${t}`).toBe(true);
    }
  });

  it("hides an item from everyone outside its new audience the moment it changes", async () => {
    const db = await getDb();
    const staffHousing = people.find((p) => p.role === "staff" && p.departmentId === housing)!;
    const staffPlanning = people.find((p) => p.role === "staff" && p.departmentId === planning)!;
    expect(await found(staffHousing.id)).toContain(items.everyone);
    await db.transaction(async (tx) => {
      const item = (await findItemById(tx, items.everyone))!;
      const fields = await loadItemFields(tx, item);
      await updateItem(tx, item.id, { ...fields, audience: "departments", audienceDepartmentIds: [planning] });
    });
    // Not waiting for the index: the change must already count.
    expect(await found(staffHousing.id)).not.toContain(items.everyone);
    await changeFeedSettled();
    expect(await found(staffHousing.id)).not.toContain(items.everyone);
    expect(await found(staffPlanning.id)).toContain(items.everyone);
  });

  it("drops an archived item at once", async () => {
    const db = await getDb();
    const admin = people.find((p) => p.role === "admin")!;
    expect(await found(admin.id)).toContain(items.public);
    await db.transaction((tx) => setItemStatus(tx, items.public, "archived"));
    expect(await found(admin.id)).not.toContain(items.public);
    await changeFeedSettled();
    expect(await found(admin.id)).not.toContain(items.public);
  });

  it("never shows a restricted item on the results page even if nobody told the index", async () => {
    const db = await getDb();
    const staffPlanning = people.find((p) => p.role === "staff" && p.departmentId === planning)!;
    const target = items.managersOnly;
    const manager = people.find((p) => p.role === "manager" && p.departmentId === planning)!;
    expect(await found(manager.id)).toContain(target);
    // Before the index has followed the change feed: the database check on the page already holds.
    await db.transaction(async (tx) => {
      const item = (await findItemById(tx, target))!;
      await updateItem(tx, target, { ...(await loadItemFields(tx, item)), audience: "roles", audienceRoles: ["admin"] });
    });
    expect(await found(manager.id)).not.toContain(target);
    expect(await found(staffPlanning.id)).not.toContain(target);
    await changeFeedSettled();
    expect(await found(manager.id)).not.toContain(target);
  });

  it("counts, facets and typeahead agree with the database the moment a change commits", async () => {
    const db = await getDb();
    const staffHousing = people.find((p) => p.role === "staff" && p.departmentId === housing)!;
    const target = items.housingOnly;
    const before = await load(searchLoader, await requestAs(staffHousing.id, "/search?q=quokka+sanctuary"));
    expect(before.data.hits.map((h: { id: number }) => h.id)).toContain(target);
    // Restricted to Planning by another process (here a second connection, which nudges nobody: the follower
    // would only find it at its next poll). The next search asks the follower to catch up first.
    const request = await requestAs(staffHousing.id, "/search?q=quokka+sanctuary");
    const elsewhere = await openConfiguredDatabase();
    try {
      await elsewhere.transaction(async (tx) => {
        const item = (await findItemById(tx, target))!;
        await updateItem(tx, target, { ...(await loadItemFields(tx, item)), audienceDepartmentIds: [planning] });
      });
    } finally {
      await elsewhere.close();
    }
    const after = await load(searchLoader, request);
    expect(after.data.hits.map((h: { id: number }) => h.id)).not.toContain(target);
    expect(after.data.total).toBe(before.data.total - 1);
    const facetCount = (page: typeof before) => Object.values(page.data.facets.types as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(facetCount(after)).toBe(facetCount(before) - 1);
    const suggest = await load(suggestLoader, await requestAs(staffHousing.id, "/search/suggest?q=quokka+housingonly"));
    expect(JSON.stringify(suggest.data)).not.toContain("Quokka housingOnly");
  });

  it("asks anonymous visitors to sign in", async () => {
    const res = await load(searchLoader, new Request("http://localhost/search?q=quokka"));
    expect(res.status).toBe(302);
    expect(res.location).toContain("/login");
    const suggest = await load(suggestLoader, new Request("http://localhost/search/suggest?q=quokka"));
    expect(suggest.status).toBe(302);
  });
});
