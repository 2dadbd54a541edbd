import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeItem, dismissBanner } from "~/commands/acknowledge.server";
import {
  completionByDepartment, getAcknowledgementStatus, listOutstandingForUser, listPeopleInScope,
} from "~/models/acknowledgement.server";
import { listBanners } from "~/models/banner.server";
import { visibleItemsSql } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { createItem } from "../factories";
import { addPolicyVersion, buildOrg, person, viewerOf } from "./org";

let org: Awaited<ReturnType<typeof buildOrg>>;
beforeAll(async () => {
  org = await buildOrg();
});

async function people(n: number, departmentId: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await person(departmentId));
  return out;
}

async function deactivate(userId: number) {
  const db = await getDb();
  await db.run("UPDATE users SET active = 0 WHERE id = ?", [userId]);
}

describe("completion per department", () => {
  it("counts the people in scope and those who confirmed, department by department", async () => {
    const { housing, planning, waste } = org.departments;
    const housingPeople = await people(10, housing.id);
    const planningPeople = await people(6, planning.id);
    await people(4, waste.id);
    const leaver = await person(housing.id);
    await deactivate(leaver.id);
    const comms = await person(waste.id, "comms"); // sees everything, but it was not sent to Waste

    const item = await createItem({ title: "Fire drill changes", mustRead: true, targetDepartmentIds: [housing.id, planning.id] });
    for (const p of housingPeople.slice(0, 7)) await acknowledgeItem(viewerOf(p), item.id);
    for (const p of planningPeople.slice(0, 2)) await acknowledgeItem(viewerOf(p), item.id);
    // Confirming twice changes nothing.
    await acknowledgeItem(viewerOf(housingPeople[0]), item.id);

    const db = await getDb();
    const all = await completionByDepartment(db, item.id, null);
    expect(all.map((r) => [r.departmentName, r.inScope, r.confirmed])).toEqual([
      ["Housing", 10, 7],
      ["Planning", 6, 2],
    ]);
    expect(await completionByDepartment(db, item.id, [housing.id])).toHaveLength(1);
    const outstanding = (await listPeopleInScope(db, item.id, [housing.id])).filter((p) => !p.confirmedAt).map((p) => p.userId).sort();
    expect(outstanding).toEqual(housingPeople.slice(7).map((p) => p.id).sort());

    const err = await acknowledgeItem(viewerOf(comms), item.id).catch((e: unknown) => e);
    expect((err as Response).status).toBe(400);
  });

  it("asks again for a material policy version, not for a non-material one", async () => {
    const { housing } = org.departments;
    const u = await person(housing.id);
    const policy = await createItem({ type: "policy", title: "Lone working", reference: "HS-012" });
    await addPolicyVersion(policy.id, policy.revisionId, 1, true);
    const db = await getDb();
    const v = visibleItemsSql(viewerOf(u));
    expect((await listOutstandingForUser(db, u.id, v)).map((i) => i.id)).toContain(policy.id);
    await acknowledgeItem(viewerOf(u), policy.id);
    expect((await getAcknowledgementStatus(db, u.id, policy.id)).confirmedAt).not.toBeNull();

    await addPolicyVersion(policy.id, policy.revisionId, 2, false);
    expect((await getAcknowledgementStatus(db, u.id, policy.id)).confirmedAt).not.toBeNull();
    expect((await listOutstandingForUser(db, u.id, v)).map((i) => i.id)).not.toContain(policy.id);

    await addPolicyVersion(policy.id, policy.revisionId, 3, true);
    const status = await getAcknowledgementStatus(db, u.id, policy.id);
    expect(status).toMatchObject({ requiredVersion: 3, confirmedAt: null, inScope: true });
    expect((await listOutstandingForUser(db, u.id, v)).map((i) => i.id)).toContain(policy.id);
    await acknowledgeItem(viewerOf(u), policy.id);
    expect((await getAcknowledgementStatus(db, u.id, policy.id)).confirmedAt).not.toBeNull();
  });

  it("does not ask about items that are not must-read, and hides items the person may not open (404)", async () => {
    const { housing, planning } = org.departments;
    const u = await person(planning.id);
    const plain = await createItem({ title: "Plain news" });
    expect(((await acknowledgeItem(viewerOf(u), plain.id).catch((e: unknown) => e)) as Response).status).toBe(400);
    const hidden = await createItem({ mustRead: true, audience: "departments", audienceDepartmentIds: [housing.id] });
    expect(((await acknowledgeItem(viewerOf(u), hidden.id).catch((e: unknown) => e)) as Response).status).toBe(404);
    const db = await getDb();
    expect((await listOutstandingForUser(db, u.id, visibleItemsSql(viewerOf(u)))).map((i) => i.id)).not.toContain(hidden.id);
  });
});

describe("banners", () => {
  it("need-to-know banners go when dismissed; urgent must-read ones stay until confirmed", async () => {
    const { housing } = org.departments;
    const u = await person(housing.id);
    const ntk = await createItem({ title: "Car park closed", priority: "need-to-know", targetDepartmentIds: [housing.id] });
    const urgent = await createItem({ title: "Gas leak", priority: "urgent", mustRead: true, targetDepartmentIds: [housing.id] });
    const urgentPlain = await createItem({ title: "Snow", priority: "urgent" });
    const expired = await createItem({ title: "Old", priority: "need-to-know", expiresAt: "2020-01-01T00:00:00.000Z" });
    const db = await getDb();
    const banners = async () => (await listBanners(db, u.id, visibleItemsSql(viewerOf(u)), 10)).map((b) => b.id);

    const first = await banners();
    expect([...first].sort()).toEqual([ntk.id, urgent.id, urgentPlain.id].sort());
    expect(first[2]).toBe(ntk.id); // urgent ones first
    expect(await banners()).not.toContain(expired.id);

    await dismissBanner(viewerOf(u), ntk.id);
    expect(await banners()).not.toContain(ntk.id);

    const refused = await dismissBanner(viewerOf(u), urgent.id).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(400);
    expect(await banners()).toContain(urgent.id);
    await acknowledgeItem(viewerOf(u), urgent.id);
    expect(await banners()).not.toContain(urgent.id);

    await dismissBanner(viewerOf(u), urgentPlain.id);
    expect(await banners()).toEqual([]);

    // Another person still sees them: dismissal is per person.
    const other = await person(housing.id);
    expect((await listBanners(db, other.id, visibleItemsSql(viewerOf(other)), 10)).map((b) => b.id).sort()).toEqual(
      [ntk.id, urgent.id, urgentPlain.id].sort(),
    );
  });
});

describe("need-to-know must-read banners", () => {
  it("go away when the item is confirmed, as well as when dismissed", async () => {
    const u = await person(org.departments.planning.id);
    const item = await createItem({ title: "Fire doors", priority: "need-to-know", mustRead: true });
    const db = await getDb();
    const ids = async () => (await listBanners(db, u.id, visibleItemsSql(viewerOf(u)), 10)).map((b) => b.id);
    expect(await ids()).toContain(item.id);
    await acknowledgeItem(viewerOf(u), item.id);
    expect(await ids()).not.toContain(item.id);
  });
});
