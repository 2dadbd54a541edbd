/** People with accounts. Passwords are stored only as scrypt hashes (utils/password.server.ts). */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

export type UserRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  jobTitle: string;
  active: number;
};

const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.department_id AS departmentId, d.slug AS departmentSlug,
  d.name AS departmentName, u.job_title AS jobTitle, u.active`;

export async function findUserById(q: Queryable, id: number): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?`, [id]);
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.email = ?`, [email.trim()]);
}

export async function getPasswordHash(q: Queryable, userId: number): Promise<string | null> {
  const row = await q.get<{ hash: string | null }>("SELECT password_hash AS hash FROM users WHERE id = ?", [userId]);
  return row?.hash ?? null;
}

export type NewUser = { email: string; name: string; role: Role; departmentId: number | null; jobTitle?: string; passwordHash?: string | null };

/** Creates the user or updates name, role, department and title of an existing one (matched by email). */
export async function upsertUser(q: Queryable, user: NewUser): Promise<number> {
  const existing = await q.get<{ id: number }>("SELECT id FROM users WHERE email = ?", [user.email]);
  if (existing) {
    await q.run(
      `UPDATE users SET name = ?, role = ?, department_id = ?, job_title = ?, password_hash = COALESCE(?, password_hash),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      [user.name, user.role, user.departmentId, user.jobTitle ?? "", user.passwordHash ?? null, existing.id],
    );
    return existing.id;
  }
  const { lastID } = await q.run(
    "INSERT INTO users (email, name, role, department_id, job_title, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
    [user.email, user.name, user.role, user.departmentId, user.jobTitle ?? "", user.passwordHash ?? null],
  );
  return lastID;
}

export async function countUsersWithPassword(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE password_hash IS NOT NULL"))?.n ?? 0;
}

/** Display names of people by email, for owners and deputies named in content. */
export async function namesByEmail(q: Queryable, emails: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.filter(Boolean).map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await q.all<{ email: string; name: string }>(
    `SELECT lower(email) AS email, name FROM users WHERE lower(email) IN (${wanted.map(() => "?").join(",")})`,
    wanted,
  );
  return new Map(rows.map((r) => [r.email, r.name]));
}

export async function listDepartmentGrants(q: Queryable, userId: number): Promise<{ departmentId: number; canPublishUnreviewed: boolean }[]> {
  const rows = await q.all<{ departmentId: number; canPublishUnreviewed: number }>(
    "SELECT department_id AS departmentId, can_publish_unreviewed AS canPublishUnreviewed FROM department_grants WHERE user_id = ?",
    [userId],
  );
  return rows.map((r) => ({ departmentId: r.departmentId, canPublishUnreviewed: r.canPublishUnreviewed === 1 }));
}
