/** People with accounts. Passwords are stored only as scrypt hashes (utils/password.server.ts). */
import type { Queryable } from "~/utils/db.server";
import type { ReadingSettings } from "~/utils/reading-settings";
import type { Role } from "~/utils/roles";
import { insertMany } from "./batch.server";

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

export type SessionUserRow = UserRow & {
  session: { id: string; csrfToken: string; lastSeenAt: string; expiresAt: string; sharedDeviceId: number | null; deviceIdleMinutes: number | null };
  grants: { departmentId: number; canPublishUnreviewed: boolean }[];
  /** Permissions an administrator granted (permission_grants), sorted. */
  granted: string[];
  /** The person's stored reading settings (decision 122), or null when they have none. */
  reading: ReadingSettings | null;
  /** What the same statement saw of the intranet (decision 230): see `SessionSight`. */
  sight: SessionSight;
};

/**
 * Read in the session's statement because every page needs them (decision 230): the change
 * feed's newest id (what the audience cache checks before answering) and how many
 * pre-election periods are on `day` (the notice every staff page shows; almost always none,
 * and then the periods need not be read). `peopleId`: the directory's newest change
 * (`people_changes`, decision 140), what the directory cache checks (decision 255).
 */
export type SessionSight = { feedId: number; electionPeriodsOn: number; day: string; peopleId: number };

/**
 * The person a session belongs to, with the session's own fields, the person's department
 * grants, granted permissions and stored reading settings, in one query: every page asks
 * this (the root loader needs all of it; decision 210 folded the last two in, each had
 * been a statement of its own on every page).
 */
export async function findUserBySession(q: Queryable, sessionId: string, day: string): Promise<SessionUserRow | undefined> {
  const row = await q.get<
    UserRow & {
      sessionId: string; csrfToken: string; lastSeenAt: string; expiresAt: string; grantsCsv: string | null; grantedCsv: string | null;
      sharedDeviceId: number | null; deviceIdleMinutes: number | null; feedId: number | null; electionPeriodsOn: number | string; peopleId: number | null;
      readingTextSize: ReadingSettings["textSize"] | null; readingSpacing: ReadingSettings["spacing"]; readingContrast: ReadingSettings["contrast"]; readingMotion: ReadingSettings["motion"];
    }
  >(
    `SELECT s.id AS sessionId, s.csrf_token AS csrfToken, s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt, ${USER_COLUMNS},
       s.shared_device_id AS sharedDeviceId, (SELECT sd.idle_minutes FROM shared_devices sd WHERE sd.id = s.shared_device_id AND sd.revoked_at IS NULL) AS deviceIdleMinutes,
       (SELECT group_concat(g.department_id || ':' || g.can_publish_unreviewed) FROM department_grants g WHERE g.user_id = u.id) AS grantsCsv,
       (SELECT group_concat(pg.permission) FROM permission_grants pg WHERE pg.user_id = u.id) AS grantedCsv,
       rs.text_size AS readingTextSize, rs.spacing AS readingSpacing, rs.contrast AS readingContrast, rs.motion AS readingMotion,
       (SELECT MAX(high.id) FROM (SELECT MAX(id) AS id FROM change_feed UNION ALL SELECT MAX(position) AS id FROM change_feed_cursors) AS high) AS feedId,
       (SELECT COUNT(*) FROM election_periods ep WHERE ep.notice_on <= ? AND ep.polling_on >= ?) AS electionPeriodsOn,
       (SELECT MAX(pc.id) FROM people_changes pc) AS peopleId
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.department_id
       LEFT JOIN reading_settings rs ON rs.user_id = u.id
      WHERE s.id = ?`,
    [day, day, sessionId],
  );
  if (!row) return undefined;
  const {
    sessionId: id, csrfToken, lastSeenAt, expiresAt, grantsCsv, grantedCsv, sharedDeviceId, deviceIdleMinutes,
    readingTextSize, readingSpacing, readingContrast, readingMotion, feedId, electionPeriodsOn, peopleId, ...user
  } = row;
  // "departmentId:canPublish" pairs (string aggregation is translated for PostgreSQL, decision 100).
  const grants = (grantsCsv ? grantsCsv.split(",") : []).map((pair) => {
    const [departmentId, canPublish] = pair.split(":").map(Number);
    return { departmentId, canPublishUnreviewed: canPublish === 1 };
  });
  // Permission names never contain a comma; sorted as the grants list always was.
  const granted = (grantedCsv ? grantedCsv.split(",") : []).sort();
  const reading = readingTextSize === null ? null : { textSize: readingTextSize, spacing: readingSpacing, contrast: readingContrast, motion: readingMotion };
  const sight = { feedId: Number(feedId ?? 0), electionPeriodsOn: Number(electionPeriodsOn), day, peopleId: Number(peopleId ?? 0) };
  return { ...user, session: { id, csrfToken, lastSeenAt, expiresAt, sharedDeviceId, deviceIdleMinutes }, grants, granted, reading, sight };
}

export async function findUserById(q: Queryable, id: number): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?`, [id]);
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.email = ?`, [email.trim()]);
}

/** The password hash to check at sign-in; none for generated demo people (decision 087), whatever is stored. */
export async function getPasswordHash(q: Queryable, userId: number): Promise<string | null> {
  const row = await q.get<{ hash: string | null }>("SELECT password_hash AS hash FROM users WHERE id = ? AND generated = 0", [userId]);
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

export async function markSignedIn(q: Queryable, userId: number, at = new Date().toISOString()): Promise<void> {
  await q.run("UPDATE users SET last_sign_in_at = ? WHERE id = ?", [at, userId]);
}

export async function setPasswordHash(q: Queryable, userId: number, hash: string): Promise<void> {
  await q.run("UPDATE users SET password_hash = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", [hash, userId]);
}

/* ---- Administration of people (routes/admin.users.*) ---- */

export type UserListRow = UserRow & { lastSignInAt: string | null; hasPassword: number; oidcLinked: number; createdAt: string };

const LIST_COLUMNS = `${USER_COLUMNS}, u.last_sign_in_at AS lastSignInAt, (u.password_hash IS NOT NULL) AS hasPassword,
  (u.oidc_subject IS NOT NULL) AS oidcLinked, u.created_at AS createdAt`;

export type UserFilter = { q?: string; role?: Role; departmentId?: number; active?: boolean };

function userWhere(filter: UserFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push("(u.name LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\' OR u.job_title LIKE ? ESCAPE '\\')");
    params.push(like, like, like);
  }
  if (filter.role) {
    clauses.push("u.role = ?");
    params.push(filter.role);
  }
  if (filter.departmentId) {
    clauses.push("u.department_id = ?");
    params.push(filter.departmentId);
  }
  if (filter.active !== undefined) {
    clauses.push("u.active = ?");
    params.push(filter.active ? 1 : 0);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

export async function listUsers(q: Queryable, filter: UserFilter, limit: number, offset: number): Promise<{ rows: UserListRow[]; total: number }> {
  const where = userWhere(filter);
  const rows = await q.all<UserListRow>(
    `SELECT ${LIST_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id ${where.sql}
      ORDER BY u.name COLLATE NOCASE, u.id LIMIT ? OFFSET ?`,
    [...where.params, limit, offset],
  );
  const total = (await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM users u ${where.sql}`, where.params))?.n ?? 0;
  return { rows, total };
}

export async function findUserForAdmin(q: Queryable, id: number): Promise<UserListRow | undefined> {
  return q.get<UserListRow>(`SELECT ${LIST_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = ?`, [id]);
}

export async function insertUser(q: Queryable, user: NewUser): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO users (email, name, role, department_id, job_title, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
    [user.email.trim(), user.name, user.role, user.departmentId, user.jobTitle ?? "", user.passwordHash ?? null],
  );
  return lastID;
}

export async function updateUserProfile(
  q: Queryable,
  id: number,
  fields: { name: string; role: Role; departmentId: number | null; jobTitle: string },
): Promise<void> {
  await q.run(
    `UPDATE users SET name = ?, role = ?, department_id = ?, job_title = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    [fields.name, fields.role, fields.departmentId, fields.jobTitle, id],
  );
}

export async function setUserActive(q: Queryable, id: number, active: boolean): Promise<void> {
  await q.run("UPDATE users SET active = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?", [active ? 1 : 0, id]);
}

export async function countActiveAdmins(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1"))?.n ?? 0;
}

export type GrantRow = { departmentId: number; departmentName: string; departmentSlug: string; canPublishUnreviewed: number; grantedAt: string; grantedByName: string | null };

export async function listGrantsForAdmin(q: Queryable, userId: number): Promise<GrantRow[]> {
  return q.all<GrantRow>(
    `SELECT g.department_id AS departmentId, d.name AS departmentName, d.slug AS departmentSlug,
            g.can_publish_unreviewed AS canPublishUnreviewed, g.granted_at AS grantedAt, gb.name AS grantedByName
       FROM department_grants g JOIN departments d ON d.id = g.department_id LEFT JOIN users gb ON gb.id = g.granted_by
      WHERE g.user_id = ? ORDER BY d.name COLLATE NOCASE`,
    [userId],
  );
}

export async function upsertDepartmentGrant(q: Queryable, userId: number, departmentId: number, canPublishUnreviewed: boolean, grantedBy: number): Promise<void> {
  await q.run(
    `INSERT INTO department_grants (user_id, department_id, can_publish_unreviewed, granted_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(user_id, department_id) DO UPDATE SET can_publish_unreviewed = excluded.can_publish_unreviewed,
         granted_by = excluded.granted_by, granted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    [userId, departmentId, canPublishUnreviewed ? 1 : 0, grantedBy],
  );
}

export async function deleteDepartmentGrant(q: Queryable, userId: number, departmentId: number): Promise<number> {
  return (await q.run("DELETE FROM department_grants WHERE user_id = ? AND department_id = ?", [userId, departmentId])).changes;
}

/* ---- OpenID Connect ---- */

export async function findUserByOidcSubject(q: Queryable, subject: string): Promise<UserRow | undefined> {
  return q.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.oidc_subject = ?`, [subject]);
}

export async function linkOidcSubject(q: Queryable, userId: number, subject: string): Promise<void> {
  await q.run("UPDATE users SET oidc_subject = ? WHERE id = ?", [subject, userId]);
}

/* ---- One-time set-password links ---- */

export type PasswordLinkRow = { id: string; userId: number; purpose: "invite" | "reset"; expiresAt: string; usedAt: string | null };

export async function insertPasswordLink(
  q: Queryable,
  link: { id: string; userId: number; purpose: "invite" | "reset"; createdBy: number | null; createdAt: string; expiresAt: string },
): Promise<void> {
  // A new link replaces any earlier unused one: only the newest link shown to an admin works.
  await q.run("UPDATE password_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL", [link.createdAt, link.userId]);
  await q.run("INSERT INTO password_links (id, user_id, purpose, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", [
    link.id, link.userId, link.purpose, link.createdBy, link.createdAt, link.expiresAt,
  ]);
}

export async function findPasswordLink(q: Queryable, id: string): Promise<PasswordLinkRow | undefined> {
  return q.get<PasswordLinkRow>(
    "SELECT id, user_id AS userId, purpose, expires_at AS expiresAt, used_at AS usedAt FROM password_links WHERE id = ?",
    [id],
  );
}

/** Marks the link used; false when it was already used (two tabs, a replay). */
export async function usePasswordLink(q: Queryable, id: string, at: string): Promise<boolean> {
  return (await q.run("UPDATE password_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?", [at, id, at])).changes === 1;
}

export async function getOidcSubject(q: Queryable, userId: number): Promise<string | null> {
  return (await q.get<{ s: string | null }>("SELECT oidc_subject AS s FROM users WHERE id = ?", [userId]))?.s ?? null;
}

/** Ends every session of a person (deactivation, new password, "sign out everywhere"). */
export async function deleteSessionsOfUser(q: Queryable, userId: number): Promise<number> {
  return (await q.run("DELETE FROM sessions WHERE user_id = ?", [userId])).changes;
}

/**
 * People whose account was created after `at`, with when: email about what happened
 * before someone joined is not sent to them (decision 079).
 */
export async function listJoinedAfter(q: Queryable, at: string): Promise<Map<number, string>> {
  const rows = await q.all<{ id: number; createdAt: string }>("SELECT id, created_at AS createdAt FROM users WHERE created_at > ?", [at]);
  return new Map(rows.map((r) => [r.id, r.createdAt]));
}

/* ---- Generated people of the demo council (decision 087) ---- */

export type NewGeneratedPerson = { email: string; name: string; departmentId: number; jobTitle: string; joinedAt: string };
export type GeneratedPerson = { id: number; departmentId: number; joinedAt: string };

/**
 * Adds generated staff: role staff, no password, `generated = 1` (never emailed, cannot
 * sign in), joined at `joinedAt`. Many rows per statement: the demo adds about 2,000.
 */
export async function insertGeneratedPeople(q: Queryable, people: readonly NewGeneratedPerson[]): Promise<number> {
  return insertMany(
    q, "INSERT INTO users (email, name, role, department_id, job_title, password_hash, generated, created_at, updated_at)", 9,
    people.map((p) => [p.email, p.name, "staff", p.departmentId, p.jobTitle, null, 1, p.joinedAt, p.joinedAt]),
  );
}

/** Every generated person, by id. */
export async function listGeneratedPeople(q: Queryable): Promise<GeneratedPerson[]> {
  return q.all<GeneratedPerson>("SELECT id, department_id AS departmentId, created_at AS joinedAt FROM users WHERE generated = 1 ORDER BY id");
}

export async function isGeneratedPerson(q: Queryable, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM users WHERE id = ? AND generated = 1", [userId]));
}

export async function countGeneratedPeople(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE generated = 1"))?.n ?? 0;
}

/** Active accounts per department and role (null: no department): how many people could read a page. */
export async function countActivePeopleByDepartmentAndRole(q: Queryable): Promise<{ departmentId: number | null; role: Role; people: number }[]> {
  return q.all("SELECT department_id AS departmentId, role, COUNT(*) AS people FROM users WHERE active = 1 GROUP BY department_id, role");
}

/** Names in use (lower case), so generated people do not share a name with someone in the directory. */
export async function listUserNames(q: Queryable): Promise<Set<string>> {
  return new Set((await q.all<{ name: string }>("SELECT lower(name) AS name FROM users")).map((r) => r.name));
}
