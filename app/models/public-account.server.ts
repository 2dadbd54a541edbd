/** The register of the council's official public accounts (social media and other public channels). */
import type { Queryable } from "~/utils/db.server";

export type PublicAccountRow = {
  id: number;
  platform: string;
  handle: string;
  address: string;
  departmentId: number | null;
  departmentName: string | null;
  holder1Id: number | null;
  holder1Name: string | null;
  holder1Active: number | null;
  holder2Id: number | null;
  holder2Name: string | null;
  holder2Active: number | null;
  twoFactor: number;
  lastReviewedOn: string | null;
  updatedAt: string;
};

const SELECT = `SELECT p.id, p.platform, p.handle, p.address, p.department_id AS departmentId, d.name AS departmentName,
    p.holder1_id AS holder1Id, h1.name AS holder1Name, h1.active AS holder1Active,
    p.holder2_id AS holder2Id, h2.name AS holder2Name, h2.active AS holder2Active,
    p.two_factor AS twoFactor, p.last_reviewed_on AS lastReviewedOn, p.updated_at AS updatedAt
  FROM public_accounts p LEFT JOIN departments d ON d.id = p.department_id
  LEFT JOIN users h1 ON h1.id = p.holder1_id LEFT JOIN users h2 ON h2.id = p.holder2_id`;

export async function listPublicAccounts(q: Queryable): Promise<PublicAccountRow[]> {
  return q.all<PublicAccountRow>(`${SELECT} ORDER BY lower(p.platform), lower(p.handle)`);
}

export async function findPublicAccount(q: Queryable, id: number): Promise<PublicAccountRow | undefined> {
  return q.get<PublicAccountRow>(`${SELECT} WHERE p.id = ?`, [id]);
}

export type PublicAccountInput = {
  platform: string;
  handle: string;
  address: string;
  departmentId: number | null;
  holder1Id: number | null;
  holder2Id: number | null;
  twoFactor: boolean;
  lastReviewedOn: string | null;
};

export async function findPublicAccountByHandle(q: Queryable, platform: string, handle: string): Promise<{ id: number } | undefined> {
  return q.get<{ id: number }>("SELECT id FROM public_accounts WHERE lower(platform) = lower(?) AND lower(handle) = lower(?)", [platform, handle]);
}

export async function insertPublicAccount(q: Queryable, a: PublicAccountInput, now: string): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO public_accounts (platform, handle, address, department_id, holder1_id, holder2_id, two_factor, last_reviewed_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.platform, a.handle, a.address, a.departmentId, a.holder1Id, a.holder2Id, a.twoFactor ? 1 : 0, a.lastReviewedOn, now, now],
  );
  return lastID;
}

export async function updatePublicAccount(q: Queryable, id: number, a: PublicAccountInput, now: string): Promise<void> {
  await q.run(
    `UPDATE public_accounts SET platform = ?, handle = ?, address = ?, department_id = ?, holder1_id = ?, holder2_id = ?, two_factor = ?,
       last_reviewed_on = ?, updated_at = ? WHERE id = ?`,
    [a.platform, a.handle, a.address, a.departmentId, a.holder1Id, a.holder2Id, a.twoFactor ? 1 : 0, a.lastReviewedOn, now, id],
  );
}

export async function markPublicAccountReviewed(q: Queryable, id: number, on: string, now: string): Promise<void> {
  await q.run("UPDATE public_accounts SET last_reviewed_on = ?, updated_at = ? WHERE id = ?", [on, now, id]);
}

export async function deletePublicAccount(q: Queryable, id: number): Promise<void> {
  await q.run("DELETE FROM public_accounts WHERE id = ?", [id]);
}
