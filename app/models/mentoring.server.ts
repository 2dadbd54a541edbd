/**
 * Mentoring (migration 136, decision 136): offers on topics, asks for a mentor, pairs and
 * the pair's private session log. Reads no items.
 *
 * Privacy: `listLogEntries`, `findPairPrivate` (goals) are for the pair only — callers check
 * `canReadPair` (access/mentoring.server.ts) first; coordinators get `mentoringCounts` and
 * `listEndFeedback`, which select no goals and no log text.
 */
import type { Queryable } from "~/utils/db.server";
import type { MentoringFormat } from "~/schemas/mentoring";

export type OfferRow = {
  id: number; mentorId: number; mentorName: string; mentorHandle: string | null; departmentName: string | null; jobTitle: string;
  capacity: number; format: MentoringFormat; about: string; isOpen: boolean; active: number; topics: string[];
};

const OFFER_COLUMNS = `o.id, o.mentor_id AS mentorId, u.name AS mentorName, p.handle AS mentorHandle, d.name AS departmentName, u.job_title AS jobTitle,
  o.capacity, o.format, o.about, o.is_open AS isOpen,
  (SELECT COUNT(*) FROM mentoring_pairs mp WHERE mp.mentor_id = o.mentor_id AND mp.status = 'active') AS active`;
const OFFER_FROM = `mentoring_offers o JOIN users u ON u.id = o.mentor_id LEFT JOIN people_profiles p ON p.user_id = u.id
  LEFT JOIN departments d ON d.id = u.department_id`;

type RawOffer = Omit<OfferRow, "isOpen" | "topics"> & { isOpen: number };

async function withTopics(q: Queryable, rows: RawOffer[]): Promise<OfferRow[]> {
  if (!rows.length) return [];
  const topics = await q.all<{ offerId: number; tag: string }>(
    `SELECT offer_id AS offerId, tag FROM mentoring_offer_topics WHERE offer_id IN (${rows.map(() => "?").join(", ")}) ORDER BY tag`,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, isOpen: r.isOpen === 1, topics: topics.filter((t) => t.offerId === r.id).map((t) => t.tag) }));
}

export async function findOfferByMentor(q: Queryable, mentorId: number): Promise<OfferRow | undefined> {
  const row = await q.get<RawOffer>(`SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} WHERE o.mentor_id = ?`, [mentorId]);
  return row ? (await withTopics(q, [row]))[0] : undefined;
}

export async function findOfferById(q: Queryable, id: number): Promise<OfferRow | undefined> {
  const row = await q.get<RawOffer>(`SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} WHERE o.id = ?`, [id]);
  return row ? (await withTopics(q, [row]))[0] : undefined;
}

/** Open offers of active people (optionally on one topic or by these mentors), by name. */
export async function listOpenOffers(q: Queryable, filter: { tag?: string; mentorIds?: number[] } = {}): Promise<OfferRow[]> {
  const where = ["o.is_open = 1", "u.active = 1"];
  const params: unknown[] = [];
  if (filter.tag) (where.push("EXISTS (SELECT 1 FROM mentoring_offer_topics t WHERE t.offer_id = o.id AND t.tag = ?)"), params.push(filter.tag));
  if (filter.mentorIds) {
    if (!filter.mentorIds.length) return [];
    where.push(`o.mentor_id IN (${filter.mentorIds.map(() => "?").join(", ")})`);
    params.push(...filter.mentorIds);
  }
  const rows = await q.all<RawOffer>(`SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} WHERE ${where.join(" AND ")} ORDER BY u.name COLLATE NOCASE, o.id`, params);
  return withTopics(q, rows);
}

export async function saveOffer(
  q: Queryable, mentorId: number, f: { capacity: number; format: MentoringFormat; about: string; isOpen: boolean; topics: string[] }, now: string,
): Promise<number> {
  await q.run(
    `INSERT INTO mentoring_offers (mentor_id, capacity, format, about, is_open, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (mentor_id) DO UPDATE SET capacity = excluded.capacity, format = excluded.format, about = excluded.about,
       is_open = excluded.is_open, updated_at = excluded.updated_at`,
    [mentorId, f.capacity, f.format, f.about, f.isOpen ? 1 : 0, now, now],
  );
  const id = (await q.get<{ id: number }>("SELECT id FROM mentoring_offers WHERE mentor_id = ?", [mentorId]))!.id;
  await q.run("DELETE FROM mentoring_offer_topics WHERE offer_id = ?", [id]);
  for (const tag of new Set(f.topics)) await q.run("INSERT INTO mentoring_offer_topics (offer_id, tag) VALUES (?, ?)", [id, tag]);
  return id;
}

/* ---- asks ---- */

export type AskRow = {
  id: number; menteeId: number; menteeName: string; departmentName: string | null; tag: string; format: MentoringFormat; hopes: string;
  status: "open" | "matched" | "withdrawn"; createdAt: string;
};
const ASK_COLUMNS = `a.id, a.mentee_id AS menteeId, u.name AS menteeName, d.name AS departmentName, a.tag, a.format, a.hopes, a.status, a.created_at AS createdAt`;
const ASK_FROM = `mentoring_asks a JOIN users u ON u.id = a.mentee_id LEFT JOIN departments d ON d.id = u.department_id`;

export async function insertAsk(q: Queryable, a: { menteeId: number; tag: string; format: MentoringFormat; hopes: string }, now: string): Promise<number> {
  return (await q.run("INSERT INTO mentoring_asks (mentee_id, tag, format, hopes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", [a.menteeId, a.tag, a.format, a.hopes, now, now])).lastID;
}

export async function findAsk(q: Queryable, id: number): Promise<AskRow | undefined> {
  return q.get<AskRow>(`SELECT ${ASK_COLUMNS} FROM ${ASK_FROM} WHERE a.id = ?`, [id]);
}

export async function listAsksOf(q: Queryable, menteeId: number): Promise<AskRow[]> {
  return q.all<AskRow>(`SELECT ${ASK_COLUMNS} FROM ${ASK_FROM} WHERE a.mentee_id = ? AND a.status = 'open' ORDER BY a.created_at, a.id`, [menteeId]);
}

/** Open asks of active people, oldest first (the coordinator's queue). */
export async function listOpenAsks(q: Queryable): Promise<AskRow[]> {
  return q.all<AskRow>(`SELECT ${ASK_COLUMNS} FROM ${ASK_FROM} WHERE a.status = 'open' AND u.active = 1 ORDER BY a.created_at, a.id`);
}

export async function setAskStatus(q: Queryable, id: number, status: AskRow["status"], now: string): Promise<void> {
  await q.run("UPDATE mentoring_asks SET status = ?, updated_at = ? WHERE id = ?", [status, now, id]);
}

/* ---- pairs ---- */

export type PairRow = {
  id: number; mentorId: number; mentorName: string; mentorEmail: string; menteeId: number; menteeName: string; menteeEmail: string; tag: string;
  status: "active" | "ended"; meetEveryDays: number; startedAt: string; endedAt: string | null;
};
/** The pair's own record: what only the two of them read. */
export type PrivatePairRow = PairRow & { goals: string };

const PAIR_COLUMNS = `mp.id, mp.mentor_id AS mentorId, m.name AS mentorName, m.email AS mentorEmail, mp.mentee_id AS menteeId, e.name AS menteeName,
  e.email AS menteeEmail, mp.tag, mp.status, mp.meet_every_days AS meetEveryDays, mp.started_at AS startedAt, mp.ended_at AS endedAt`;
const PAIR_FROM = `mentoring_pairs mp JOIN users m ON m.id = mp.mentor_id JOIN users e ON e.id = mp.mentee_id`;

export async function insertPair(
  q: Queryable, p: { mentorId: number; menteeId: number; tag: string; askId: number | null; matchedBy: number | null }, now: string,
): Promise<number> {
  return (await q.run(
    "INSERT INTO mentoring_pairs (mentor_id, mentee_id, tag, ask_id, matched_by, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [p.mentorId, p.menteeId, p.tag, p.askId, p.matchedBy, now, now],
  )).lastID;
}

/** A pair without its goals or log (who, topic, status): safe for reminders and the lists of the pair's members. */
export async function findPair(q: Queryable, id: number): Promise<PairRow | undefined> {
  return q.get<PairRow>(`SELECT ${PAIR_COLUMNS} FROM ${PAIR_FROM} WHERE mp.id = ?`, [id]);
}

/** The pair with its goals: only for one of the pair (callers check canReadPair). */
export async function findPairPrivate(q: Queryable, id: number): Promise<PrivatePairRow | undefined> {
  return q.get<PrivatePairRow>(`SELECT ${PAIR_COLUMNS}, mp.goals FROM ${PAIR_FROM} WHERE mp.id = ?`, [id]);
}

/** The person's own pairs (as mentor or mentee), active first. */
export async function listPairsOf(q: Queryable, userId: number): Promise<PairRow[]> {
  return q.all<PairRow>(
    `SELECT ${PAIR_COLUMNS} FROM ${PAIR_FROM} WHERE mp.mentor_id = ? OR mp.mentee_id = ? ORDER BY mp.status = 'active' DESC, mp.started_at DESC, mp.id DESC`,
    [userId, userId],
  );
}

export async function countActivePairsOfMentor(q: Queryable, mentorId: number): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM mentoring_pairs WHERE mentor_id = ? AND status = 'active'", [mentorId]))?.n ?? 0;
}

export async function hasActivePair(q: Queryable, mentorId: number, menteeId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM mentoring_pairs WHERE mentor_id = ? AND mentee_id = ? AND status = 'active'", [mentorId, menteeId]));
}

export async function setPairGoals(q: Queryable, id: number, goals: string, meetEveryDays: number, now: string): Promise<void> {
  await q.run("UPDATE mentoring_pairs SET goals = ?, meet_every_days = ?, updated_at = ? WHERE id = ?", [goals, meetEveryDays, now, id]);
}

export async function markPairEnded(q: Queryable, id: number, endedBy: number, feedback: string, now: string): Promise<void> {
  await q.run("UPDATE mentoring_pairs SET status = 'ended', ended_at = ?, ended_by = ?, end_feedback = ?, updated_at = ? WHERE id = ?", [now, endedBy, feedback, now, id]);
}

/* ---- the private log ---- */

export type LogEntryRow = { id: number; authorId: number; authorName: string; metOn: string; notes: string; createdAt: string };

export async function insertLogEntry(q: Queryable, e: { pairId: number; authorId: number; metOn: string; notes: string }, now: string): Promise<number> {
  return (await q.run("INSERT INTO mentoring_log_entries (pair_id, author_id, met_on, notes, created_at) VALUES (?, ?, ?, ?, ?)", [e.pairId, e.authorId, e.metOn, e.notes, now])).lastID;
}

/** The pair's log, newest meeting first: only for one of the pair (callers check canReadPair). */
export async function listLogEntries(q: Queryable, pairId: number): Promise<LogEntryRow[]> {
  return q.all<LogEntryRow>(
    `SELECT l.id, l.author_id AS authorId, u.name AS authorName, l.met_on AS metOn, l.notes, l.created_at AS createdAt
       FROM mentoring_log_entries l JOIN users u ON u.id = l.author_id WHERE l.pair_id = ? ORDER BY l.met_on DESC, l.id DESC`,
    [pairId],
  );
}

/* ---- reminders ---- */

export type PairDue = { id: number; mentorId: number; menteeId: number; mentorName: string; menteeName: string; tag: string; meetEveryDays: number; startedAt: string; lastMetOn: string | null };

/** Active pairs with the day of their last logged meeting (no notes). */
export async function listActivePairsWithLastMeeting(q: Queryable): Promise<PairDue[]> {
  return q.all<PairDue>(
    `SELECT mp.id, mp.mentor_id AS mentorId, mp.mentee_id AS menteeId, m.name AS mentorName, e.name AS menteeName, mp.tag,
            mp.meet_every_days AS meetEveryDays, mp.started_at AS startedAt,
            (SELECT MAX(l.met_on) FROM mentoring_log_entries l WHERE l.pair_id = mp.id) AS lastMetOn
       FROM ${PAIR_FROM} WHERE mp.status = 'active' AND m.active = 1 AND e.active = 1 ORDER BY mp.id`,
  );
}

/** Records a reminder for an overdue day; false when it was already sent. */
export async function recordReminder(q: Queryable, pairId: number, dueOn: string, now: string): Promise<boolean> {
  return (await q.run("INSERT INTO mentoring_reminders (pair_id, due_on, sent_at) VALUES (?, ?, ?) ON CONFLICT (pair_id, due_on) DO NOTHING", [pairId, dueOn, now])).changes > 0;
}

/* ---- settings and the coordinator's counts ---- */

export type MentoringSettingKey = "self_match";

export async function getMentoringSetting(q: Queryable, key: MentoringSettingKey): Promise<string | undefined> {
  return (await q.get<{ value: string }>("SELECT value FROM mentoring_settings WHERE key = ?", [key]))?.value;
}

export async function setMentoringSetting(q: Queryable, key: MentoringSettingKey, value: string, by: number, now: string): Promise<void> {
  await q.run(
    `INSERT INTO mentoring_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [key, value, by, now],
  );
}

export type MentoringCounts = {
  pairsActive: number; pairsEnded: number; meetingsLogged: number; meetingsSince: number; openAsks: number; openOffers: number;
  /** Topics of open asks that no open offer with a free place covers, with how many asks. */
  unmetTopics: { tag: string; asks: number }[];
  byTopic: { tag: string; pairs: number }[];
};

/** Counts only — never goals, log text or who met whom. `since`: meetings logged on or after this day. */
export async function mentoringCounts(q: Queryable, since: string): Promise<MentoringCounts> {
  const n = async (sql: string, params: unknown[] = []) => (await q.get<{ n: number }>(sql, params))?.n ?? 0;
  const [pairsActive, pairsEnded, meetingsLogged, meetingsSince, openAsks, openOffers] = await Promise.all([
    n("SELECT COUNT(*) AS n FROM mentoring_pairs WHERE status = 'active'"),
    n("SELECT COUNT(*) AS n FROM mentoring_pairs WHERE status = 'ended'"),
    n("SELECT COUNT(*) AS n FROM mentoring_log_entries"),
    n("SELECT COUNT(*) AS n FROM mentoring_log_entries WHERE met_on >= ?", [since]),
    n("SELECT COUNT(*) AS n FROM mentoring_asks a JOIN users u ON u.id = a.mentee_id WHERE a.status = 'open' AND u.active = 1"),
    n("SELECT COUNT(*) AS n FROM mentoring_offers o JOIN users u ON u.id = o.mentor_id WHERE o.is_open = 1 AND u.active = 1"),
  ]);
  const unmetTopics = await q.all<{ tag: string; asks: number }>(
    `SELECT a.tag, COUNT(*) AS asks FROM mentoring_asks a JOIN users u ON u.id = a.mentee_id
      WHERE a.status = 'open' AND u.active = 1 AND NOT EXISTS (
        SELECT 1 FROM mentoring_offer_topics t JOIN mentoring_offers o ON o.id = t.offer_id JOIN users m ON m.id = o.mentor_id
         WHERE t.tag = a.tag AND o.is_open = 1 AND m.active = 1 AND o.mentor_id <> a.mentee_id
           AND (SELECT COUNT(*) FROM mentoring_pairs mp WHERE mp.mentor_id = o.mentor_id AND mp.status = 'active') < o.capacity)
      GROUP BY a.tag ORDER BY asks DESC, a.tag`,
  );
  const byTopic = await q.all<{ tag: string; pairs: number }>("SELECT tag, COUNT(*) AS pairs FROM mentoring_pairs WHERE status = 'active' GROUP BY tag ORDER BY pairs DESC, tag");
  return { pairsActive, pairsEnded, meetingsLogged, meetingsSince, openAsks, openOffers, unmetTopics, byTopic };
}

/** Feedback notes left for the coordinator when pairs ended (topic and day; no goals, no log). */
export async function listEndFeedback(q: Queryable, limit = 50): Promise<{ id: number; tag: string; endedAt: string; feedback: string; endedByName: string | null }[]> {
  return q.all(
    `SELECT mp.id, mp.tag, mp.ended_at AS endedAt, mp.end_feedback AS feedback, u.name AS endedByName
       FROM mentoring_pairs mp LEFT JOIN users u ON u.id = mp.ended_by
      WHERE mp.status = 'ended' AND mp.end_feedback <> '' ORDER BY mp.ended_at DESC, mp.id DESC LIMIT ?`,
    [limit],
  );
}

/** Topics people already use (guide tags and expertise), for the forms' suggestions. */
export async function listKnownTopics(q: Queryable, limit = 200): Promise<string[]> {
  const rows = await q.all<{ tag: string }>(
    `SELECT tag FROM people_expertise UNION SELECT tag FROM mentoring_offer_topics ORDER BY tag LIMIT ?`,
    [limit],
  );
  return rows.map((r) => r.tag);
}
