/**
 * Creating, renaming and archiving departments and channels (never deleting: items,
 * people and history keep pointing at them). A new department gets its default "news"
 * channel in the same transaction, as every department has one.
 */
import { recordAudit } from "~/models/audit.server";
import {
  findChannelForAdmin, findDepartmentForAdmin, insertChannel, insertDepartment, renameChannel, renameDepartment, setChannelArchived,
  setDepartmentArchived, slugTaken,
} from "~/models/organisation-admin.server";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/access/permissions.server";
import type { Outcome } from "./users.server";

export async function createDepartment(actor: Actor, input: { slug: string; name: string; description: string }): Promise<Outcome<{ id: number }>> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome<{ id: number }>> => {
    if (await slugTaken(tx, "departments", input.slug)) return { ok: false, errors: { slug: "Another department already uses that web address" } };
    const channelSlug = `${input.slug}-news`;
    const id = await insertDepartment(tx, input);
    let channelId: number | null = null;
    if (!(await slugTaken(tx, "channels", channelSlug))) {
      channelId = await insertChannel(tx, { slug: channelSlug, name: `${input.name} news`, description: `News and updates for everyone working in ${input.name}.`, departmentId: id, isMandatory: false, isDefault: true });
    }
    await recordAudit(tx, { actorId: actor.id, action: "department.created", entityType: "department", entityId: id, detail: { slug: input.slug, name: input.name, defaultChannelId: channelId } });
    return { ok: true, id };
  });
}

export async function updateDepartment(actor: Actor, id: number, input: { name: string; description: string }): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const before = await findDepartmentForAdmin(tx, id);
    if (!before) return { ok: false, errors: { form: "That department no longer exists" } };
    if (before.name === input.name && before.description === input.description) return { ok: true };
    await renameDepartment(tx, id, input);
    await recordAudit(tx, { actorId: actor.id, action: "department.renamed", entityType: "department", entityId: id, detail: { from: before.name, to: input.name } });
    return { ok: true };
  });
}

export async function archiveDepartment(actor: Actor, id: number, archived: boolean, now = new Date()): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const before = await findDepartmentForAdmin(tx, id);
    if (!before) return { ok: false, errors: { form: "That department no longer exists" } };
    if (!!before.archivedAt === archived) return { ok: true };
    await setDepartmentArchived(tx, id, archived ? now.toISOString() : null);
    await recordAudit(tx, { actorId: actor.id, action: archived ? "department.archived" : "department.restored", entityType: "department", entityId: id, detail: { slug: before.slug } });
    return { ok: true };
  });
}

export async function createChannel(
  actor: Actor,
  input: { slug: string; name: string; description: string; departmentId: number | null; isMandatory: boolean },
): Promise<Outcome<{ id: number }>> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome<{ id: number }>> => {
    if (await slugTaken(tx, "channels", input.slug)) return { ok: false, errors: { slug: "Another channel already uses that web address" } };
    if (input.departmentId !== null) {
      const department = await findDepartmentForAdmin(tx, input.departmentId);
      if (!department || department.archivedAt) return { ok: false, errors: { departmentId: "Choose a department from the list" } };
    }
    const id = await insertChannel(tx, input);
    await recordAudit(tx, { actorId: actor.id, action: "channel.created", entityType: "channel", entityId: id, detail: { slug: input.slug, name: input.name, departmentId: input.departmentId } });
    return { ok: true, id };
  });
}

export async function updateChannel(actor: Actor, id: number, input: { name: string; description: string; isMandatory: boolean }): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const before = await findChannelForAdmin(tx, id);
    if (!before) return { ok: false, errors: { form: "That channel no longer exists" } };
    await renameChannel(tx, id, input);
    if (before.name !== input.name)
      await recordAudit(tx, { actorId: actor.id, action: "channel.renamed", entityType: "channel", entityId: id, detail: { from: before.name, to: input.name } });
    if (!!before.isMandatory !== input.isMandatory)
      await recordAudit(tx, { actorId: actor.id, action: "channel.mandatory-changed", entityType: "channel", entityId: id, detail: { mandatory: input.isMandatory } });
    return { ok: true };
  });
}

export async function archiveChannel(actor: Actor, id: number, archived: boolean, now = new Date()): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const before = await findChannelForAdmin(tx, id);
    if (!before) return { ok: false, errors: { form: "That channel no longer exists" } };
    if (archived && before.isDefault) return { ok: false, errors: { form: "This is its department’s default channel. Archive the department instead" } };
    if (!!before.archivedAt === archived) return { ok: true };
    await setChannelArchived(tx, id, archived ? now.toISOString() : null);
    await recordAudit(tx, { actorId: actor.id, action: archived ? "channel.archived" : "channel.restored", entityType: "channel", entityId: id, detail: { slug: before.slug } });
    return { ok: true };
  });
}
