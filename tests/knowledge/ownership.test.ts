import { describe, expect, it } from "vitest";
import { reassignOwnership, sweepOwnership } from "~/commands/ownership.server";
import { findItemById } from "~/models/item.server";
import { listOwnershipChanges } from "~/models/ownership.server";
import { listOutbox } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { createDepartment, createItem, createUser } from "../factories";
import { resetEnvForTests } from "~/utils/env.server";

// Email is queued only when a mail server is configured; nothing is sent here (no delivery worker runs).
process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

async function deactivate(userId: number) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.run("UPDATE users SET active = 0 WHERE id = ?", [userId]);
    return reassignOwnership(tx, userId, "deactivated");
  });
}

async function ownerOf(itemId: number) {
  const item = await findItemById(await getDb(), itemId);
  return { owner: item?.ownerEmail ?? null, deputy: item?.deputyEmail ?? null };
}

describe("ownership hand-over", () => {
  it("passes to the deputy, then a champion, then never nobody", async () => {
    const dept = await createDepartment();
    const owner = await createUser({ departmentId: dept.id, role: "champion" });
    const deputy = await createUser({ departmentId: dept.id, role: "staff" });
    const champion = await createUser({ departmentId: dept.id, role: "champion" });
    const manager = await createUser({ departmentId: dept.id, role: "manager" });
    const comms = await createUser({ role: "comms" });
    const guide = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: owner.email, deputyEmail: deputy.email });

    // 1. The owner leaves: the deputy takes over, and a champion becomes the new deputy.
    const first = await deactivate(owner.id);
    expect(first.find((h) => h.role === "owner")).toMatchObject({ fromEmail: owner.email, toEmail: deputy.email, source: "deputy" });
    expect(await ownerOf(guide.id)).toEqual({ owner: deputy.email, deputy: champion.email });

    // 2. The new owner (former deputy) leaves: the champion deputy takes over; no other champion, so no deputy.
    await deactivate(deputy.id);
    expect(await ownerOf(guide.id)).toEqual({ owner: champion.email, deputy: null });

    // 3. The champion leaves: the department's manager.
    const third = await deactivate(champion.id);
    expect(third[0]).toMatchObject({ toEmail: manager.email, source: "manager" });

    // 4. The manager leaves: a comms editor. The page never has nobody.
    const fourth = await deactivate(manager.id);
    expect(fourth[0]).toMatchObject({ toEmail: comms.email, source: "comms" });
    expect((await ownerOf(guide.id)).owner).toBe(comms.email);

    const history = await listOwnershipChanges(await getDb(), guide.id);
    expect(history.filter((h) => h.role === "owner").map((h) => h.toEmail)).toEqual([comms.email, manager.email, champion.email, deputy.email]);
    // Each new owner is told by email (through the outbox).
    const mail = (await listOutbox(await getDb(), { purpose: "alert" })).filter((m) => m.itemId === guide.id);
    expect(mail.map((m) => m.userId)).toEqual(expect.arrayContaining([deputy.id, champion.id, manager.id, comms.id]));
  });

  it("skips an inactive deputy and prefers the champion who owns fewest pages", async () => {
    const dept = await createDepartment();
    const owner = await createUser({ departmentId: dept.id });
    const deputy = await createUser({ departmentId: dept.id });
    const busy = await createUser({ departmentId: dept.id, role: "champion", name: "Aaron Busy" });
    const free = await createUser({ departmentId: dept.id, role: "champion", name: "Zoe Free" });
    await createItem({ type: "guide", departmentId: dept.id, ownerEmail: busy.email });
    const guide = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: owner.email, deputyEmail: deputy.email });
    const db = await getDb();
    await db.run("UPDATE users SET active = 0 WHERE id = ?", [deputy.id]);
    await deactivate(owner.id);
    expect(await ownerOf(guide.id)).toMatchObject({ owner: free.email });
  });

  it("hands over pages of the department someone left, and only those", async () => {
    const housing = await createDepartment();
    const planning = await createDepartment();
    const mover = await createUser({ departmentId: housing.id, role: "champion" });
    const stay = await createUser({ departmentId: housing.id, role: "champion" });
    const housingGuide = await createItem({ type: "guide", departmentId: housing.id, ownerEmail: mover.email });
    const planningGuide = await createItem({ type: "guide", departmentId: planning.id, ownerEmail: mover.email });
    const db = await getDb();
    const handovers = await db.transaction(async (tx) => {
      await tx.run("UPDATE users SET department_id = ? WHERE id = ?", [planning.id, mover.id]);
      return reassignOwnership(tx, mover.id, "department-change", { previousDepartmentId: housing.id });
    });
    expect(handovers.map((h) => h.itemId)).toEqual([housingGuide.id]);
    expect((await ownerOf(housingGuide.id)).owner).toBe(stay.email);
    expect((await ownerOf(planningGuide.id)).owner).toBe(mover.email);
    expect((await listOwnershipChanges(db, housingGuide.id))[0].reason).toBe("department-change");
  });

  it("a role change alone keeps the pages", async () => {
    const dept = await createDepartment();
    const owner = await createUser({ departmentId: dept.id, role: "champion" });
    await createUser({ departmentId: dept.id, role: "champion" });
    const guide = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: owner.email });
    const db = await getDb();
    const handovers = await db.transaction(async (tx) => {
      await tx.run("UPDATE users SET role = 'staff' WHERE id = ?", [owner.id]);
      return reassignOwnership(tx, owner.id, "role-change");
    });
    expect(handovers).toEqual([]);
    expect((await ownerOf(guide.id)).owner).toBe(owner.email);
  });

  it("the sweep finds ownerless pages and pages of deactivated owners, and is idempotent", async () => {
    const dept = await createDepartment();
    const champion = await createUser({ departmentId: dept.id, role: "champion" });
    const gone = await createUser({ departmentId: dept.id });
    const unowned = await createItem({ type: "policy", departmentId: dept.id, ownerEmail: null });
    const orphan = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: gone.email });
    const notYetSignedIn = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: "someone.new@riverside.test" });
    const announcement = await createItem({ type: "announcement", departmentId: dept.id, ownerEmail: null });
    const db = await getDb();
    await db.run("UPDATE users SET active = 0 WHERE id = ?", [gone.id]);
    const first = await sweepOwnership();
    expect(first.filter((h) => h.role === "owner").map((h) => h.itemId).sort()).toEqual([unowned.id, orphan.id].sort());
    expect((await ownerOf(unowned.id)).owner).toBe(champion.email);
    expect((await ownerOf(orphan.id)).owner).toBe(champion.email);
    expect((await ownerOf(notYetSignedIn.id)).owner).toBe("someone.new@riverside.test");
    expect((await ownerOf(announcement.id)).owner).toBeNull();
    expect(await sweepOwnership()).toEqual([]);
  });
});

describe("hand-over from the administrators' commands", () => {
  it("switching an account off or moving someone to another department hands their pages over in the same change", async () => {
    const { setAccountActive, updateUserAccess } = await import("~/commands/users.server");
    const dept = await createDepartment();
    const other = await createDepartment();
    const admin = await createUser({ role: "admin" });
    const actor = { ...admin, name: "Admin" };
    const owner = await createUser({ departmentId: dept.id, role: "champion" });
    const deputy = await createUser({ departmentId: dept.id });
    const mover = await createUser({ departmentId: dept.id, role: "champion" });
    const guide = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: owner.email, deputyEmail: deputy.email });
    const second = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: mover.email });

    expect(await setAccountActive(actor, owner.id, false)).toEqual({ ok: true });
    expect((await ownerOf(guide.id)).owner).toBe(deputy.email);
    const db = await getDb();
    expect((await listOwnershipChanges(db, guide.id)).find((c) => c.role === "owner")).toMatchObject({ reason: "deactivated", actorId: admin.id });

    expect(await updateUserAccess(actor, mover.id, { name: "Mover", role: "champion", departmentId: other.id, jobTitle: "" })).toEqual({ ok: true });
    // No champion left in the department, and no manager: a comms editor, or failing that an administrator.
    expect((await ownerOf(second.id)).owner).not.toBe(mover.email);
    expect((await ownerOf(second.id)).owner).not.toBeNull();
    expect((await listOwnershipChanges(db, second.id))[0]).toMatchObject({ reason: "department-change", fromEmail: mover.email });
  });
});
