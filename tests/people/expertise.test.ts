/**
 * Expertise that is found (issue 20): people in search (their own group, active only, fresh
 * after every change through people_changes), "who to ask" on guides, and zero-result
 * searches that suggest a person before a knowledge request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureProfiles, saveOwnProfile } from "~/commands/people.server";
import { setAccountActive, updateUserAccess } from "~/commands/users.server";
import { ProfileForm } from "~/schemas/people";
import { getDb } from "~/utils/db.server";
import { searchPeople } from "~/utils/people-search.server";
import { startSearch, stopSearch } from "~/utils/search.server";
import * as guideRoute from "~/routes/guides.$slug";
import * as searchRoute from "~/routes/search";
import { createDepartment, createItem, createUser } from "../factories";
import { session } from "../delivery/http";

let housing: { id: number }, finance: { id: number };
let tom: { id: number; email: string }, ella: { id: number }, champ: { id: number; email: string }, owner: { id: number; email: string }, admin: { id: number };
const actor = async (id: number) => (await (await getDb()).get<any>("SELECT id, email, name, role, department_id AS departmentId FROM users WHERE id = ?", [id]))!;
const profile = (over: Record<string, string>) =>
  ProfileForm.parse({ mobileVisibility: "everyone", patternVisibility: "everyone", pronounsVisibility: "everyone", aboutVisibility: "everyone", photoVisibility: "everyone", ...over });

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  finance = await createDepartment({ slug: "finance", name: "Finance" });
  tom = await createUser({ name: "Tom Reed", departmentId: finance.id, email: "tom.reed@riverside.test" });
  ella = await createUser({ name: "Ella Hughes", departmentId: finance.id });
  champ = await createUser({ name: "Chris Champion", role: "champion", departmentId: finance.id, email: "chris@riverside.test" });
  owner = await createUser({ name: "Fiona MacLeod", role: "manager", departmentId: finance.id, email: "fiona@riverside.test" });
  admin = await createUser({ name: "Ada Admin", role: "admin", departmentId: housing.id });
  const db = await getDb();
  await db.run("UPDATE users SET job_title = 'Payments and Expenses Officer' WHERE id = ?", [tom.id]);
  await ensureProfiles();
  await saveOwnProfile(await actor(tom.id), tom.id, profile({ expertise: "expenses, mileage, receipts" }));
  await saveOwnProfile(await actor(ella.id), ella.id, profile({ expertise: "receipts, purchase orders, quantum budgeting" }));
  await saveOwnProfile(await actor(owner.id), owner.id, profile({ expertise: "expenses" }));
  await createItem({
    type: "guide", slug: "expenses-receipts", title: "Claiming expenses", departmentId: finance.id, ownerEmail: owner.email, tags: ["expenses", "receipts", "vat"],
  });
  await startSearch({ persistPath: null });
});
afterAll(async () => {
  await stopSearch();
});

describe("people in search", () => {
  it("finds people by name (prefix), job title, expertise (stem) and department", async () => {
    expect((await searchPeople("tom")).people.map((p) => p.name)).toEqual(["Tom Reed"]);
    expect((await searchPeople("reed payments")).people.map((p) => p.name)).toEqual(["Tom Reed"]);
    expect((await searchPeople("mileage")).people[0]).toMatchObject({ name: "Tom Reed", matchedExpertise: ["mileage"] });
    expect((await searchPeople("receipt")).people.map((p) => p.name).sort()).toEqual(["Ella Hughes", "Tom Reed"]);
    expect((await searchPeople("nobody-like-this")).total).toBe(0);
    expect((await searchPeople("  ")).total).toBe(0);
  });

  it("sees a change at the next search, and never a switched-off account", async () => {
    await saveOwnProfile(await actor(ella.id), ella.id, profile({ expertise: "council tax" }));
    expect((await searchPeople("council tax")).people.map((p) => p.name)).toEqual(["Ella Hughes"]);
    expect((await searchPeople("purchase orders")).total).toBe(0);
    await updateUserAccess(await actor(admin.id), ella.id, { name: "Ella Hughes-Ward", role: "staff", departmentId: housing.id, jobTitle: "Revenues Officer" });
    expect((await searchPeople("revenues")).people.map((p) => p.name)).toEqual(["Ella Hughes-Ward"]);
    await setAccountActive(await actor(admin.id), ella.id, false);
    expect((await searchPeople("ella")).total).toBe(0);
    expect((await searchPeople("council tax")).total).toBe(0);
    await setAccountActive(await actor(admin.id), ella.id, true);
    expect((await searchPeople("ella")).total).toBe(1);
  });

  it("writes people_changes in the transaction of the change (triggers), and none when it rolls back", async () => {
    const db = await getDb();
    const before = (await db.get<{ n: number }>("SELECT MAX(id) AS n FROM people_changes"))!.n;
    await expect(db.transaction(async (tx) => {
      await tx.run("UPDATE users SET name = 'X' WHERE id = ?", [tom.id]);
      throw new Error("no");
    })).rejects.toThrow("no");
    expect((await db.get<{ n: number }>("SELECT MAX(id) AS n FROM people_changes"))!.n).toBe(before);
    await db.run("INSERT INTO people_expertise (user_id, tag) VALUES (?, 'vat')", [tom.id]);
    expect(await db.all("SELECT user_id AS u FROM people_changes WHERE id > ?", [before])).toEqual([{ u: tom.id }]);
    const triggers = await db.all<{ tbl_name: string }>("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%people_changes%' ORDER BY tbl_name");
    expect(triggers.map((t) => t.tbl_name)).toEqual(["departments", "people_expertise", "people_languages", "people_photos", "people_profiles", "people_teams", "users"]);
  });

  it("shows people as their own group on the search page", async () => {
    const s = await session(admin.id);
    const page = (await s.get(searchRoute.loader, "/search?q=expenses")).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.people.list.map((p: any) => p.name)).toContain("Tom Reed");
    expect(page.people.list[0].url).toMatch(/^\/people\//);
    // A type filter or a later page leaves people out.
    expect((await s.get(searchRoute.loader, "/search?q=expenses&type=guide")).json().people.list).toEqual([]);
  });

  it("suggests a person whose expertise matches when no page does", async () => {
    const page = (await (await session(admin.id)).get(searchRoute.loader, "/search?q=quantum")).json();
    expect(page.total).toBe(0);
    expect(page.people.list).toEqual([]);
    await saveOwnProfile(await actor(tom.id), tom.id, profile({ expertise: "expenses, quantum budgeting" }));
    const again = (await (await session(admin.id)).get(searchRoute.loader, "/search?q=quantum budgeting")).json();
    expect(again.total).toBe(0);
    expect(again.people.list).toEqual([expect.objectContaining({ name: "Tom Reed", matchedExpertise: ["quantum budgeting"] })]);
  });
});

describe("who to ask on a guide", () => {
  it("lists owner, champions and up to three people whose expertise matches the tags, each once", async () => {
    await saveOwnProfile(await actor(tom.id), tom.id, profile({ expertise: "expenses, mileage, receipts" }));
    const page = (await (await session(admin.id)).get(guideRoute.loader, "/guides/expenses-receipts", { slug: "expenses-receipts" })).json();
    const w = page.whoToAsk;
    expect(w.owner.name).toBe("Fiona MacLeod");
    expect(w.deputy).toBeNull();
    expect(w.champions.map((c: any) => c.name)).toEqual(["Chris Champion"]);
    // Fiona also has "expenses" but is already the owner; Tom shares two tags.
    expect(w.experts.map((e: any) => [e.name, e.matched])).toEqual([["Tom Reed", ["expenses", "receipts"]]]);
    expect(JSON.stringify(w)).not.toMatch(/@/);
  });

  it("leaves out switched-off people", async () => {
    await setAccountActive(await actor(admin.id), tom.id, false);
    const w = (await (await session(admin.id)).get(guideRoute.loader, "/guides/expenses-receipts", { slug: "expenses-receipts" })).json().whoToAsk;
    expect(w.experts).toEqual([]);
    await setAccountActive(await actor(admin.id), tom.id, true);
  });
});
