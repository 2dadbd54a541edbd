import { beforeAll, describe, expect, it } from "vitest";
import { getAudienceFacts, findItemById } from "~/models/item.server";
import { audienceAdmits, canSeeItem, personInAudienceSql, visibleItemsSql, type Viewer } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { ROLES } from "~/utils/roles";
import { createDepartment, createItem, createUser } from "../factories";

/**
 * The in-memory rule (item pages) and the SQL rule (lists, search) must agree for every
 * combination of viewer and item, or something would be findable that cannot be opened.
 */
describe("audience rule", () => {
  let housing: number, planning: number;
  const ids: number[] = [];
  beforeAll(async () => {
    housing = (await createDepartment({ slug: "housing-a" })).id;
    planning = (await createDepartment({ slug: "planning-a" })).id;
    const day = 24 * 3600 * 1000;
    const past = new Date(Date.now() - day).toISOString();
    const future = new Date(Date.now() + day).toISOString();
    const variants = [
      { audience: "everyone" as const },
      { audience: "everyone" as const, isPublic: true },
      { audience: "departments" as const, audienceDepartmentIds: [housing] },
      { audience: "roles" as const, audienceRoles: ["manager" as const] },
      { audience: "everyone" as const, status: "draft" as const },
      { audience: "everyone" as const, publishAt: future },
      { audience: "everyone" as const, expiresAt: past },
      { audience: "everyone" as const, status: "archived" as const },
    ];
    for (const v of variants) ids.push((await createItem(v)).id);
  });

  const viewers = (): (Viewer | null)[] => [
    null,
    ...ROLES.flatMap((role) => [housing, planning].map((departmentId) => ({ id: 1, email: "x@y.z", name: "X", role, departmentId }))),
  ];

  it("agrees between SQL lists and item pages for every role and department", async () => {
    const db = await getDb();
    for (const viewer of viewers()) {
      const { sql, params } = visibleItemsSql(viewer, "i", { includeExpired: true });
      const listed = new Set((await db.all<{ id: number }>(`SELECT i.id FROM items i WHERE ${sql}`, params)).map((r) => r.id));
      for (const id of ids) {
        const item = (await findItemById(db, id))!;
        expect(canSeeItem(viewer, await getAudienceFacts(db, item)), `viewer ${JSON.stringify(viewer)} item ${id}`).toBe(listed.has(id));
      }
    }
  });

  it("lets staff in the department, not outside it, open a department-only item", async () => {
    const db = await getDb();
    const item = (await findItemById(db, ids[2]))!;
    const facts = await getAudienceFacts(db, item);
    expect(canSeeItem({ id: 1, email: "", name: "", role: "staff", departmentId: housing }, facts)).toBe(true);
    expect(canSeeItem({ id: 1, email: "", name: "", role: "staff", departmentId: planning }, facts)).toBe(false);
    expect(canSeeItem({ id: 1, email: "", name: "", role: "comms", departmentId: planning }, facts)).toBe(true);
    expect(canSeeItem(null, facts)).toBe(false);
  });

  it("hides expired items from lists but keeps them readable", async () => {
    const db = await getDb();
    const viewer: Viewer = { id: 1, email: "", name: "", role: "staff", departmentId: housing };
    const listed = visibleItemsSql(viewer);
    const rows = await db.all<{ id: number }>(`SELECT i.id FROM items i WHERE ${listed.sql}`, listed.params);
    expect(rows.map((r) => r.id)).not.toContain(ids[6]);
    expect(canSeeItem(viewer, await getAudienceFacts(db, (await findItemById(db, ids[6]))!))).toBe(true);
  });

  it("personInAudienceSql (people: owners, recipients) agrees with audienceAdmits for every role and department", async () => {
    const db = await getDb();
    const people = [];
    for (const role of ROLES) for (const departmentId of [housing, planning, null]) people.push({ ...(await createUser({ role, departmentId })), role, departmentId });
    for (const person of people) {
      const rows = await db.all<{ id: number }>(`SELECT i.id FROM items i JOIN users u ON u.id = ? WHERE ${personInAudienceSql("i", "u")}`, [person.id]);
      const admitted = new Set(rows.map((r) => r.id));
      for (const id of ids) {
        const facts = await getAudienceFacts(db, (await findItemById(db, id))!);
        expect(audienceAdmits(person, facts), `person ${person.role}/${person.departmentId} item ${id}`).toBe(admitted.has(id));
      }
    }
  });
});
