/**
 * The staff directory (issue 20, decision 140): profiles, teams, expertise, languages,
 * photos, and what the people search index reads. Official fields (name, job title,
 * department) live on `users`; the manager and the directory sync's external id live on
 * the profile with the person's own optional fields. Who sees which field is decided in
 * app/access/people.server.ts, never here.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { insertMany } from "./batch.server";

export const VISIBILITIES = ["everyone", "department", "me"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * The person's own fields: ONE definition (property → column, and what a person without a
 * profile row shows). The profile's SELECT, the edit's UPDATE and the OwnFields type are all
 * made from it.
 */
const OWN_FIELDS = {
  preferredName: { column: "preferred_name", fallback: "''" },
  teamId: { column: "team_id", fallback: null },
  base: { column: "base", fallback: "''" },
  workPhone: { column: "work_phone", fallback: "''" },
  mobilePhone: { column: "mobile_phone", fallback: "''" },
  mobileVisibility: { column: "mobile_visibility", fallback: "'department'" },
  workingPattern: { column: "working_pattern", fallback: "''" },
  patternVisibility: { column: "pattern_visibility", fallback: "'everyone'" },
  pronouns: { column: "pronouns", fallback: "''" },
  pronounsVisibility: { column: "pronouns_visibility", fallback: "'everyone'" },
  about: { column: "about", fallback: "''" },
  aboutVisibility: { column: "about_visibility", fallback: "'everyone'" },
  photoVisibility: { column: "photo_visibility", fallback: "'everyone'" },
} as const;
type OwnFieldKey = keyof typeof OWN_FIELDS;
const OWN_FIELD_KEYS = Object.keys(OWN_FIELDS) as OwnFieldKey[];

/** What a person sets on their own profile (and who sees each optional field). */
export type OwnFields = {
  [K in OwnFieldKey]: K extends "teamId" ? number | null : K extends `${string}Visibility` ? Visibility : string;
};

export type ProfileRow = OwnFields & {
  id: number;
  handle: string | null;
  email: string | null;
  name: string;
  role: Role;
  jobTitle: string;
  active: number;
  generated: number;
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  managerId: number | null;
  managerName: string | null;
  managerHandle: string | null;
  teamSlug: string | null;
  teamName: string | null;
  teamPhone: string | null;
  hasPhoto: number;
  nudgeDismissed: number;
  externalId: string | null;
};

const OWN_COLUMNS = OWN_FIELD_KEYS.map((k) => {
  const { column, fallback } = OWN_FIELDS[k];
  return fallback === null ? `p.${column} AS ${k}` : `COALESCE(p.${column}, ${fallback}) AS ${k}`;
}).join(", ");

const PROFILE_COLUMNS = `u.id, p.handle, u.email, u.name, u.role, u.job_title AS jobTitle,
  u.active, u.generated, u.department_id AS departmentId, d.slug AS departmentSlug, d.name AS departmentName,
  p.manager_id AS managerId, m.name AS managerName, mp.handle AS managerHandle,
  t.slug AS teamSlug, t.name AS teamName, t.phone AS teamPhone, ${OWN_COLUMNS},
  (ph.user_id IS NOT NULL) AS hasPhoto, COALESCE(p.nudge_dismissed, 0) AS nudgeDismissed, p.external_id AS externalId`;

const PROFILE_FROM = `users u LEFT JOIN people_profiles p ON p.user_id = u.id LEFT JOIN departments d ON d.id = u.department_id
  LEFT JOIN users m ON m.id = p.manager_id LEFT JOIN people_profiles mp ON mp.user_id = p.manager_id
  LEFT JOIN people_teams t ON t.id = p.team_id LEFT JOIN people_photos ph ON ph.user_id = u.id`;

/** One person by handle, or by account id (`/people/123` works before a handle is given). */
export async function findProfile(q: Queryable, handleOrId: string): Promise<ProfileRow | undefined> {
  if (/^\d{1,12}$/.test(handleOrId)) return q.get<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE u.id = ?`, [Number(handleOrId)]);
  return q.get<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.handle = ?`, [handleOrId.toLowerCase()]);
}

export async function findProfileById(q: Queryable, userId: number): Promise<ProfileRow | undefined> {
  return q.get<ProfileRow>(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE u.id = ?`, [userId]);
}

/* ---- handles ---- */

export function handleBase(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  // A handle is never all digits: those address people by account id.
  return !base || /^\d+$/.test(base) || base === "me" ? `person-${base || "x"}` : base;
}

/**
 * Gives every account without a profile row one, with a handle made from the name
 * ("priya-shah", then "priya-shah-2"). Many rows per statement: the demo has about 2,000.
 */
export async function createMissingProfiles(q: Queryable, now: string): Promise<number> {
  const missing = await q.all<{ id: number; name: string }>(
    "SELECT u.id, u.name FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id WHERE p.user_id IS NULL ORDER BY u.id",
  );
  if (missing.length === 0) return 0;
  const taken = new Set((await q.all<{ handle: string }>("SELECT handle FROM people_profiles WHERE handle IS NOT NULL")).map((r) => r.handle));
  const rows = missing.map((m) => {
    const base = handleBase(m.name);
    let handle = base;
    for (let n = 2; taken.has(handle); n++) handle = `${base}-${n}`;
    taken.add(handle);
    return [m.id, handle, now];
  });
  return insertMany(q, "INSERT INTO people_profiles (user_id, handle, updated_at)", 3, rows, "ON CONFLICT (user_id) DO NOTHING");
}

/* ---- the person's own fields ---- */

export async function updateOwnFields(q: Queryable, userId: number, f: OwnFields, now: string): Promise<void> {
  await q.run(
    `UPDATE people_profiles SET ${OWN_FIELD_KEYS.map((k) => `${OWN_FIELDS[k].column} = ?`).join(", ")}, updated_at = ? WHERE user_id = ?`,
    [...OWN_FIELD_KEYS.map((k) => f[k]), now, userId],
  );
}

export async function setManager(q: Queryable, userId: number, managerId: number | null, now: string): Promise<void> {
  await q.run("UPDATE people_profiles SET manager_id = ?, updated_at = ? WHERE user_id = ?", [managerId, now, userId]);
}

export async function setExternalId(q: Queryable, userId: number, externalId: string | null, now: string): Promise<void> {
  await q.run("UPDATE people_profiles SET external_id = ?, updated_at = ? WHERE user_id = ?", [externalId, now, userId]);
}

export async function findUserIdByExternalId(q: Queryable, externalId: string): Promise<number | undefined> {
  return (await q.get<{ id: number }>("SELECT user_id AS id FROM people_profiles WHERE external_id = ?", [externalId]))?.id;
}

export async function dismissNudge(q: Queryable, userId: number, now: string): Promise<void> {
  await q.run("UPDATE people_profiles SET nudge_dismissed = 1, updated_at = ? WHERE user_id = ?", [now, userId]);
}

/** Replaces a person's list of tags or languages (normalised by the caller). */
export async function setExpertise(q: Queryable, userId: number, tags: readonly string[]): Promise<void> {
  await q.run("DELETE FROM people_expertise WHERE user_id = ?", [userId]);
  if (tags.length) await insertMany(q, "INSERT INTO people_expertise (user_id, tag)", 2, [...new Set(tags)].map((t) => [userId, t]));
}

export async function setLanguages(q: Queryable, userId: number, languages: readonly string[]): Promise<void> {
  await q.run("DELETE FROM people_languages WHERE user_id = ?", [userId]);
  if (languages.length) await insertMany(q, "INSERT INTO people_languages (user_id, language)", 2, [...new Set(languages)].map((l) => [userId, l]));
}

export async function listExpertise(q: Queryable, userId: number): Promise<string[]> {
  return (await q.all<{ tag: string }>("SELECT tag FROM people_expertise WHERE user_id = ? ORDER BY tag", [userId])).map((r) => r.tag);
}

export async function listLanguages(q: Queryable, userId: number): Promise<string[]> {
  return (await q.all<{ language: string }>("SELECT language FROM people_languages WHERE user_id = ? ORDER BY language", [userId])).map((r) => r.language);
}

/* ---- photos ---- */

export async function savePhoto(q: Queryable, userId: number, image: Buffer, mimeType: string, now: string): Promise<void> {
  await q.run(
    `INSERT INTO people_photos (user_id, image, mime_type, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET image = excluded.image, mime_type = excluded.mime_type, updated_at = excluded.updated_at`,
    [userId, image.toString("base64"), mimeType, now],
  );
}

export async function deletePhoto(q: Queryable, userId: number): Promise<void> {
  await q.run("DELETE FROM people_photos WHERE user_id = ?", [userId]);
}

export async function getPhoto(q: Queryable, userId: number): Promise<{ image: Buffer; mimeType: string; updatedAt: string } | undefined> {
  const row = await q.get<{ image: string; mimeType: string; updatedAt: string }>(
    "SELECT image, mime_type AS mimeType, updated_at AS updatedAt FROM people_photos WHERE user_id = ?", [userId]);
  return row && { ...row, image: Buffer.from(row.image, "base64") };
}

/* ---- lists ---- */

export type PersonCard = {
  id: number;
  handle: string | null;
  name: string;
  preferredName: string;
  jobTitle: string;
  departmentName: string | null;
  teamName: string | null;
  base: string;
};

const CARD_COLUMNS = `u.id, p.handle, u.name, COALESCE(p.preferred_name, '') AS preferredName, u.job_title AS jobTitle,
  d.name AS departmentName, t.name AS teamName, COALESCE(p.base, '') AS base`;
const CARD_FROM = `users u LEFT JOIN people_profiles p ON p.user_id = u.id LEFT JOIN departments d ON d.id = u.department_id
  LEFT JOIN people_teams t ON t.id = p.team_id`;

export type DirectoryFilter = { q?: string; department?: string; team?: string; base?: string; expertise?: string; language?: string };

function directoryWhere(f: DirectoryFilter): { sql: string; params: unknown[] } {
  // Switched-off accounts are never listed.
  const clauses = ["u.active = 1"];
  const params: unknown[] = [];
  if (f.q) {
    for (const word of f.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      clauses.push(`(lower(u.name) LIKE ? ESCAPE '\\' OR lower(COALESCE(p.preferred_name, '')) LIKE ? ESCAPE '\\' OR lower(u.job_title) LIKE ? ESCAPE '\\'
        OR lower(COALESCE(t.name, '')) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM people_expertise e WHERE e.user_id = u.id AND e.tag LIKE ? ESCAPE '\\'))`);
      params.push(like, like, like, like, like);
    }
  }
  if (f.department) {
    clauses.push("d.slug = ?");
    params.push(f.department);
  }
  if (f.team) {
    clauses.push("t.slug = ?");
    params.push(f.team);
  }
  if (f.base) {
    clauses.push("lower(p.base) = lower(?)");
    params.push(f.base);
  }
  if (f.expertise) {
    clauses.push("EXISTS (SELECT 1 FROM people_expertise e WHERE e.user_id = u.id AND e.tag = ?)");
    params.push(f.expertise);
  }
  if (f.language) {
    clauses.push("EXISTS (SELECT 1 FROM people_languages l WHERE l.user_id = u.id AND l.language = ?)");
    params.push(f.language);
  }
  return { sql: `WHERE ${clauses.join(" AND ")}`, params };
}

/** The directory: active people matching the filters, by name. */
export async function listDirectory(q: Queryable, f: DirectoryFilter, limit: number, offset: number): Promise<{ rows: PersonCard[]; total: number }> {
  const where = directoryWhere(f);
  const rows = await q.all<PersonCard>(
    `SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} ${where.sql} ORDER BY u.name COLLATE NOCASE, u.id LIMIT ? OFFSET ?`,
    [...where.params, limit, offset],
  );
  const total = (await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${CARD_FROM} ${where.sql}`, where.params))?.n ?? 0;
  return { rows, total };
}

/** The choices the directory's filters offer (only values someone active has). */
export async function listDirectoryFacets(q: Queryable): Promise<{ bases: string[]; expertise: string[]; languages: string[] }> {
  const [bases, expertise, languages] = await Promise.all([
    q.all<{ v: string }>("SELECT DISTINCT p.base AS v FROM people_profiles p JOIN users u ON u.id = p.user_id WHERE u.active = 1 AND p.base <> '' ORDER BY v"),
    q.all<{ v: string }>("SELECT DISTINCT e.tag AS v FROM people_expertise e JOIN users u ON u.id = e.user_id WHERE u.active = 1 ORDER BY v"),
    q.all<{ v: string }>("SELECT DISTINCT l.language AS v FROM people_languages l JOIN users u ON u.id = l.user_id WHERE u.active = 1 ORDER BY v"),
  ]);
  return { bases: bases.map((r) => r.v), expertise: expertise.map((r) => r.v), languages: languages.map((r) => r.v) };
}

export async function listCardsByIds(q: Queryable, ids: readonly number[]): Promise<PersonCard[]> {
  if (ids.length === 0) return [];
  const rows = await q.all<PersonCard>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE u.active = 1 AND u.id IN (${ids.map(() => "?").join(", ")})`, [...ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listDirectReports(q: Queryable, managerId: number): Promise<PersonCard[]> {
  return q.all<PersonCard>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE u.active = 1 AND p.manager_id = ? ORDER BY u.name COLLATE NOCASE`, [managerId]);
}

/** Managers above a person, nearest first (stops at a loop or after `max`). */
export async function listManagerChain(q: Queryable, userId: number, max = 8): Promise<PersonCard[]> {
  const chain: PersonCard[] = [];
  const seen = new Set([userId]);
  let current = userId;
  for (let i = 0; i < max; i++) {
    const next = await q.get<{ managerId: number | null }>("SELECT manager_id AS managerId FROM people_profiles WHERE user_id = ?", [current]);
    if (!next?.managerId || seen.has(next.managerId)) break;
    seen.add(next.managerId);
    const card = await q.get<PersonCard>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE u.id = ?`, [next.managerId]);
    if (!card) break;
    chain.push(card);
    current = next.managerId;
  }
  return chain;
}

/* ---- teams ---- */

export type TeamRow = { id: number; slug: string; name: string; departmentId: number | null; departmentName: string | null; departmentSlug: string | null; managerId: number | null; phone: string };

const TEAM_COLUMNS = `t.id, t.slug, t.name, t.department_id AS departmentId, d.name AS departmentName, d.slug AS departmentSlug, t.manager_id AS managerId, t.phone`;

export async function findTeam(q: Queryable, slug: string): Promise<TeamRow | undefined> {
  return q.get<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM people_teams t LEFT JOIN departments d ON d.id = t.department_id WHERE t.slug = ?`, [slug]);
}

export async function listTeams(q: Queryable): Promise<TeamRow[]> {
  return q.all<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM people_teams t LEFT JOIN departments d ON d.id = t.department_id ORDER BY t.name COLLATE NOCASE`);
}

export async function listTeamMembers(q: Queryable, teamId: number): Promise<PersonCard[]> {
  return q.all<PersonCard>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE u.active = 1 AND p.team_id = ? ORDER BY u.name COLLATE NOCASE`, [teamId]);
}

export async function upsertTeam(
  q: Queryable,
  team: { slug: string; name: string; departmentId: number | null; managerId: number | null; phone: string },
  now: string,
): Promise<number> {
  await q.run(
    `INSERT INTO people_teams (slug, name, department_id, manager_id, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, department_id = excluded.department_id, manager_id = excluded.manager_id, phone = excluded.phone`,
    [team.slug, team.name, team.departmentId, team.managerId, team.phone, now],
  );
  return (await q.get<{ id: number }>("SELECT id FROM people_teams WHERE slug = ?", [team.slug]))!.id;
}

/* ---- who to ask ---- */

/** Active champions of a department, by name. */
export async function listDepartmentChampions(q: Queryable, departmentId: number, limit = 3): Promise<PersonCard[]> {
  return q.all<PersonCard>(
    `SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE u.active = 1 AND u.role = 'champion' AND u.department_id = ? ORDER BY u.name COLLATE NOCASE LIMIT ?`,
    [departmentId, limit],
  );
}

/** Active people by email (owners and deputies are named by email). */
export async function listCardsByEmails(q: Queryable, emails: readonly string[]): Promise<(PersonCard & { email: string })[]> {
  const wanted = [...new Set(emails.filter(Boolean).map((e) => e.toLowerCase()))];
  if (!wanted.length) return [];
  return q.all(`SELECT ${CARD_COLUMNS}, lower(u.email) AS email FROM ${CARD_FROM} WHERE u.active = 1 AND lower(u.email) IN (${wanted.map(() => "?").join(", ")})`, wanted);
}

/** Active people whose "ask me about" tags include any of `tags`, most tags in common first. */
export async function listPeopleWithExpertise(q: Queryable, tags: readonly string[], excludeIds: readonly number[], limit: number): Promise<(PersonCard & { matched: number })[]> {
  if (!tags.length) return [];
  const ex = excludeIds.length ? `AND u.id NOT IN (${excludeIds.map(() => "?").join(", ")})` : "";
  return q.all(
    `SELECT ${CARD_COLUMNS}, COUNT(*) AS matched FROM ${CARD_FROM} JOIN people_expertise e ON e.user_id = u.id
      WHERE u.active = 1 AND e.tag IN (${tags.map(() => "?").join(", ")}) ${ex}
      GROUP BY u.id, p.handle, u.name, p.preferred_name, u.job_title, d.name, t.name, p.base
      ORDER BY matched DESC, u.name COLLATE NOCASE LIMIT ?`,
    [...tags, ...excludeIds, limit],
  );
}

/* ---- the people search index (decision 140) ---- */

export type PersonIndexRow = {
  id: number;
  handle: string | null;
  name: string;
  preferredName: string;
  jobTitle: string;
  departmentName: string | null;
  teamName: string | null;
  active: number;
  expertise: string[];
};

/** The newest people_changes row (0 when none). */
export async function latestPeopleChange(q: Queryable): Promise<number> {
  return (await q.get<{ id: number | null }>("SELECT MAX(id) AS id FROM people_changes"))?.id ?? 0;
}

/** The people changed after `afterId` (distinct ids) and the newest row's id. */
export async function listPeopleChangedAfter(q: Queryable, afterId: number, limit = 5000): Promise<{ ids: number[]; last: number }> {
  const rows = await q.all<{ id: number; userId: number }>("SELECT id, user_id AS userId FROM people_changes WHERE id > ? ORDER BY id LIMIT ?", [afterId, limit]);
  return { ids: [...new Set(rows.map((r) => r.userId))], last: rows.length ? rows[rows.length - 1].id : afterId };
}

/** Forgets change rows every people index has read (the index keeps its own position in memory). */
export async function prunePeopleChanges(q: Queryable, upTo: number): Promise<void> {
  await q.run("DELETE FROM people_changes WHERE id <= ?", [upTo]);
}

/** What the people index holds of each person (all of them, or `ids`). */
export async function listPeopleForIndex(q: Queryable, ids?: readonly number[]): Promise<PersonIndexRow[]> {
  const where = ids ? `WHERE u.id IN (${ids.map(() => "?").join(", ") || "NULL"})` : "";
  const rows = await q.all<Omit<PersonIndexRow, "expertise">>(
    `SELECT u.id, p.handle, u.name, COALESCE(p.preferred_name, '') AS preferredName, u.job_title AS jobTitle, d.name AS departmentName,
            t.name AS teamName, u.active FROM ${CARD_FROM} ${where}`,
    ids ? [...ids] : [],
  );
  const tags = await q.all<{ userId: number; tag: string }>(
    `SELECT user_id AS userId, tag FROM people_expertise ${ids ? `WHERE user_id IN (${ids.map(() => "?").join(", ") || "NULL"})` : ""}`,
    ids ? [...ids] : [],
  );
  const byUser = new Map<number, string[]>();
  for (const t of tags) (byUser.get(t.userId) ?? byUser.set(t.userId, []).get(t.userId)!).push(t.tag);
  return rows.map((r) => ({ ...r, expertise: byUser.get(r.id) ?? [] }));
}

export async function findTeamById(q: Queryable, id: number): Promise<TeamRow | undefined> {
  return q.get<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM people_teams t LEFT JOIN departments d ON d.id = t.department_id WHERE t.id = ?`, [id]);
}

/** Active people to choose a manager from (name order). */
export async function listManagerChoices(q: Queryable, limit = 5000): Promise<{ id: number; name: string; jobTitle: string }[]> {
  return q.all("SELECT id, name, job_title AS jobTitle FROM users WHERE active = 1 AND generated = 0 ORDER BY name COLLATE NOCASE LIMIT ?", [limit]);
}

/** Profiles someone has filled in (any expertise or team): the demo's profiles are added only when there are none. */
export async function countEditedProfiles(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT (SELECT COUNT(*) FROM people_expertise) + (SELECT COUNT(*) FROM people_profiles WHERE team_id IS NOT NULL) AS n"))?.n ?? 0;
}

/** Expertise tags of several people at once. */
export async function listExpertiseOf(q: Queryable, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  const rows = await q.all<{ userId: number; tag: string }>(
    `SELECT user_id AS userId, tag FROM people_expertise WHERE user_id IN (${ids.map(() => "?").join(", ")}) ORDER BY tag`, [...ids]);
  for (const r of rows) (out.get(r.userId) ?? out.set(r.userId, []).get(r.userId)!).push(r.tag);
  return out;
}
