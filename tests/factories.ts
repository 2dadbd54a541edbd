/** Test data builders: the smallest valid rows, with overrides. They write through the real models. */
import { insertItem, type ItemFields } from "~/models/item.server";
import { addRevision } from "~/models/revision.server";
import { upsertUser } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { Role } from "~/utils/roles";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";

let seq = 0;
const next = () => ++seq;

export async function createDepartment(overrides: Partial<{ slug: string; name: string }> = {}): Promise<{ id: number; slug: string; name: string }> {
  const n = next();
  const slug = overrides.slug ?? `dept-${n}`;
  const name = overrides.name ?? `Department ${n}`;
  const db = await getDb();
  const { lastID } = await db.run("INSERT INTO departments (slug, name) VALUES (?, ?)", [slug, name]);
  return { id: lastID, slug, name };
}

export async function createChannel(overrides: Partial<{ slug: string; name: string; departmentId: number | null; isDefault: boolean; isMandatory: boolean }> = {}) {
  const n = next();
  const slug = overrides.slug ?? `channel-${n}`;
  const db = await getDb();
  const { lastID } = await db.run("INSERT INTO channels (slug, name, department_id, is_default, is_mandatory) VALUES (?, ?, ?, ?, ?)", [
    slug, overrides.name ?? `Channel ${n}`, overrides.departmentId ?? null, overrides.isDefault ?? false, overrides.isMandatory ?? false,
  ]);
  return { id: lastID, slug };
}

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: string | undefined;

/**
 * A person with an account. `joinedAt` (when the account was created) defaults to long
 * ago: tests drive clocks through past and future dates, and email about what happened
 * before someone joined is not sent (decision 079). Pass it to test a new joiner.
 */
export async function createUser(overrides: Partial<{ email: string; name: string; role: Role; departmentId: number | null; joinedAt: string }> = {}) {
  const n = next();
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const db = await getDb();
  const email = overrides.email ?? `person${n}@riverside.test`;
  const id = await upsertUser(db, {
    email, name: overrides.name ?? `Person ${n}`, role: overrides.role ?? "staff",
    departmentId: overrides.departmentId ?? null, passwordHash: cachedHash,
  });
  await db.run("UPDATE users SET created_at = ? WHERE id = ?", [overrides.joinedAt ?? "2020-01-01T00:00:00.000Z", id]);
  return { id, email, role: overrides.role ?? "staff", departmentId: overrides.departmentId ?? null };
}

/** A Request as the signed-in user would send it (cookie and, for forms, same-origin headers). */
export async function requestAs(userId: number, url: string, init: RequestInit = {}): Promise<Request> {
  const { token } = await createSession(userId);
  const headers = new Headers(init.headers);
  headers.set("cookie", `${SESSION_COOKIE}=${token}`);
  const full = new URL(url, "http://localhost");
  if (init.method && init.method !== "GET") headers.set("origin", full.origin);
  return new Request(full, { ...init, headers });
}

export function itemFields(overrides: Partial<ItemFields> = {}): ItemFields {
  const n = next();
  return {
    type: "announcement", slug: `item-${n}`, title: `Item ${n}`, summary: `Summary ${n}`, status: "published",
    departmentId: null, audience: "everyone", audienceDepartmentIds: [], audienceRoles: [], isPublic: false,
    priority: "normal", mustRead: false, publishAt: null, expiresAt: null, reference: null, ownerEmail: null,
    deputyEmail: null, lastReviewedOn: null, reviewBy: null, targetDepartmentIds: [], channelIds: [], tags: [],
    related: [], source: "web", sourcePath: null, authorId: null, ...overrides,
  };
}

/** An item with one revision, written in one transaction like a command would. */
export async function createItem(overrides: Partial<ItemFields> & { body?: string } = {}) {
  const { body = "Some **body** text.", ...rest } = overrides;
  const fields = itemFields(rest);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const id = await insertItem(tx, fields);
    const rev = await addRevision(tx, { itemId: id, title: fields.title, summary: fields.summary, body, fields: {}, source: fields.source, authorId: null });
    return { id, slug: fields.slug, revisionId: rev.id, fields };
  });
}

/** Adds version `version` of a policy: a new revision holding its text and a policy_versions row pointing at it. */
export async function createPolicyVersion(
  itemId: number,
  v: { version: number; body?: string; title?: string; effectiveOn?: string; whatChanged?: string; isMaterial?: boolean; approvalRef?: string; publishedAt?: string },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const item = await tx.get<{ title: string; summary: string }>("SELECT title, summary FROM items WHERE id = ?", [itemId]);
    const rev = await addRevision(tx, {
      itemId, title: v.title ?? item!.title, summary: item!.summary, body: v.body ?? `Version ${v.version} text.`,
      fields: { version: v.version }, source: "web", authorId: null,
    });
    await tx.run(
      `INSERT INTO policy_versions (item_id, version, revision_id, effective_on, approval_ref, what_changed, is_material, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [itemId, v.version, rev.id, v.effectiveOn ?? "2026-01-01", v.approvalRef ?? "", v.whatChanged ?? "", v.isMaterial ?? false,
        v.publishedAt ?? new Date(Date.now() - 60_000).toISOString()],
    );
    return rev;
  });
}
