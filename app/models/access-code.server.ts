/**
 * Access codes for people without a council email address (issue 18, decision 120), and
 * the frontline columns of users (employee number, email_missing, PIN). Only a code's SHA-256
 * is stored; the rules (format, lifetime, who may issue) are in
 * app/commands/access-codes.server.ts.
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";

export type AccessCodeRow = { id: number; userId: number; issuedAt: string; expiresAt: string; usedAt: string | null; revokedAt: string | null; expiredAt: string | null };

export type FrontlinePerson = { id: number; name: string; employeeNumber: string; departmentId: number | null; active: number; generated: number };

export async function findPersonByEmployeeNumber(q: Queryable, employeeNumber: string): Promise<FrontlinePerson | undefined> {
  return q.get<FrontlinePerson>(
    `SELECT id, name, employee_number AS employeeNumber, department_id AS departmentId, active, generated FROM users WHERE employee_number = ?`,
    [employeeNumber],
  );
}

/** People already holding these employee numbers (for the bulk issue: one query). */
export async function findPeopleByEmployeeNumbers(q: Queryable, numbers: readonly string[]): Promise<Map<string, FrontlinePerson>> {
  const out = new Map<string, FrontlinePerson>();
  for (let i = 0; i < numbers.length; i += 500) {
    const chunk = numbers.slice(i, i + 500);
    const rows = await q.all<FrontlinePerson>(
      `SELECT id, name, employee_number AS employeeNumber, department_id AS departmentId, active, generated FROM users
        WHERE employee_number IN (${chunk.map(() => "?").join(", ")})`,
      chunk,
    );
    for (const r of rows) out.set(r.employeeNumber, r);
  }
  return out;
}

/** A person with no email address: `email` is the reserved .invalid address made by the command. */
export async function insertPersonWithoutEmail(
  q: Queryable,
  p: { email: string; name: string; employeeNumber: string; departmentId: number | null; jobTitle: string; at: string },
): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO users (email, name, role, department_id, job_title, email_missing, employee_number, created_at, updated_at)
     VALUES (?, ?, 'staff', ?, ?, 1, ?, ?, ?)`,
    [p.email, p.name, p.departmentId, p.jobTitle, p.employeeNumber, p.at, p.at],
  );
  return lastID;
}

export async function hasEmailAddress(q: Queryable, userId: number): Promise<boolean> {
  const row = await q.get<{ missing: number }>("SELECT email_missing AS missing FROM users WHERE id = ?", [userId]);
  return row ? row.missing === 0 : false;
}

export async function getEmployeeNumber(q: Queryable, userId: number): Promise<string | null> {
  return (await q.get<{ n: string | null }>("SELECT employee_number AS n FROM users WHERE id = ?", [userId]))?.n ?? null;
}

export async function getPinHash(q: Queryable, userId: number): Promise<string | null> {
  const row = await q.get<{ hash: string | null }>("SELECT pin_hash AS hash FROM users WHERE id = ? AND generated = 0", [userId]);
  return row?.hash ?? null;
}

export async function setPinHash(q: Queryable, userId: number, hash: string | null, at: string): Promise<void> {
  await q.run("UPDATE users SET pin_hash = ?, updated_at = ? WHERE id = ?", [hash, at, userId]);
}

export async function setPasswordHashAt(q: Queryable, userId: number, hash: string, at: string): Promise<void> {
  await q.run("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", [hash, at, userId]);
}

export async function insertAccessCodes(
  q: Queryable,
  rows: readonly { userId: number; codeHash: string; issuedBy: number | null; issuedAt: string; expiresAt: string }[],
): Promise<void> {
  await insertMany(q, "INSERT INTO access_codes (user_id, code_hash, issued_by, issued_at, expires_at)", 5, rows.map((r) => [r.userId, r.codeHash, r.issuedBy, r.issuedAt, r.expiresAt]));
}

/** Revokes a person's live codes (re-issuing replaces a lost letter); returns their ids. */
export async function revokeLiveCodes(q: Queryable, userId: number, at: string): Promise<number[]> {
  const live = await q.all<{ id: number }>(
    "SELECT id FROM access_codes WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL AND expires_at > ?",
    [userId, at],
  );
  if (live.length) await q.run(`UPDATE access_codes SET revoked_at = ? WHERE id IN (${live.map(() => "?").join(", ")})`, [at, ...live.map((r) => r.id)]);
  return live.map((r) => r.id);
}

/** The live code with this hash, for this person; undefined for a wrong, used, revoked or expired one. */
export async function findLiveCode(q: Queryable, userId: number, codeHash: string, now: string): Promise<AccessCodeRow | undefined> {
  return q.get<AccessCodeRow>(
    `SELECT id, user_id AS userId, issued_at AS issuedAt, expires_at AS expiresAt, used_at AS usedAt, revoked_at AS revokedAt, expired_at AS expiredAt
       FROM access_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL AND expires_at > ?`,
    [userId, codeHash, now],
  );
}

/** Marks a code used, once: false if someone else used it first. */
export async function markCodeUsed(q: Queryable, id: number, at: string): Promise<boolean> {
  const { changes } = await q.run("UPDATE access_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL", [at, id]);
  return changes === 1;
}

/** Codes past their expiry not yet marked: marked now, returned for the audit log. */
export async function markExpiredCodes(q: Queryable, now: string): Promise<{ id: number; userId: number }[]> {
  const rows = await q.all<{ id: number; userId: number }>(
    "SELECT id, user_id AS userId FROM access_codes WHERE expires_at <= ? AND used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL ORDER BY id",
    [now],
  );
  if (rows.length) await q.run("UPDATE access_codes SET expired_at = ? WHERE expires_at <= ? AND used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL", [now, now]);
  return rows;
}

export type IssuedCodeRow = {
  id: number; userId: number; name: string; employeeNumber: string | null; departmentName: string | null;
  issuedAt: string; expiresAt: string; usedAt: string | null; revokedAt: string | null; expiredAt: string | null; issuedByName: string | null;
};

/** The latest codes issued to people of these departments (null: every department), newest first. */
export async function listIssuedCodes(q: Queryable, departmentIds: number[] | null, limit = 200): Promise<IssuedCodeRow[]> {
  const where = departmentIds === null ? "" : departmentIds.length ? `WHERE u.department_id IN (${departmentIds.map(() => "?").join(", ")})` : "WHERE 1 = 0";
  return q.all<IssuedCodeRow>(
    `SELECT c.id, c.user_id AS userId, u.name, u.employee_number AS employeeNumber, d.name AS departmentName, c.issued_at AS issuedAt,
            c.expires_at AS expiresAt, c.used_at AS usedAt, c.revoked_at AS revokedAt, c.expired_at AS expiredAt, b.name AS issuedByName
       FROM access_codes c JOIN users u ON u.id = c.user_id LEFT JOIN departments d ON d.id = u.department_id
       LEFT JOIN users b ON b.id = c.issued_by ${where}
      ORDER BY c.issued_at DESC, c.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    departmentIds ?? [],
  );
}
