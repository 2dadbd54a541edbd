/**
 * Staff stories (issue 23, decision 172): drafts and submissions by any member of staff,
 * the suggestions editors send back, and the link to the announcement a published story
 * became. Who may see or decide on a story is app/access/stories.server.ts.
 */
import type { Queryable } from "~/utils/db.server";

export const STORY_STATUSES = ["draft", "submitted", "returned", "published", "withdrawn"] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const STORY_STATUS_LABELS: Record<StoryStatus, string> = {
  draft: "Draft", submitted: "With the editors", returned: "Sent back with suggestions", published: "Published", withdrawn: "Withdrawn",
};

export type StoryRow = {
  id: number; writerId: number; writerName: string; writerDepartmentName: string | null; channelId: number; channelName: string;
  channelSlug: string; channelDepartmentId: number | null; title: string; summary: string; body: string; status: StoryStatus;
  hasPhoto: number; photoAlt: string | null; photoConsent: number; itemId: number | null; itemSlug: string | null;
  submittedAt: string | null; publishedAt: string | null; createdAt: string; updatedAt: string;
};

const COLUMNS = `s.id, s.writer_id AS writerId, u.name AS writerName, wd.name AS writerDepartmentName, s.channel_id AS channelId,
  c.name AS channelName, c.slug AS channelSlug, c.department_id AS channelDepartmentId, s.title, s.summary, s.body, s.status,
  CASE WHEN s.photo IS NULL THEN 0 ELSE 1 END AS hasPhoto, s.photo_alt AS photoAlt, s.photo_consent AS photoConsent,
  s.item_id AS itemId, i.slug AS itemSlug, s.submitted_at AS submittedAt, s.published_at AS publishedAt, s.created_at AS createdAt,
  s.updated_at AS updatedAt`;
const FROM = `FROM stories s JOIN users u ON u.id = s.writer_id LEFT JOIN departments wd ON wd.id = u.department_id
  JOIN channels c ON c.id = s.channel_id LEFT JOIN items i ON i.id = s.item_id`;

export type NewStory = { writerId: number; channelId: number; title: string; summary: string; body: string; status: "draft" | "submitted" };

export async function insertStory(q: Queryable, s: NewStory, now: string): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO stories (writer_id, channel_id, title, summary, body, status, submitted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.writerId, s.channelId, s.title, s.summary, s.body, s.status, s.status === "submitted" ? now : null, now, now],
  );
  return lastID;
}

export async function updateStoryText(
  q: Queryable, id: number, s: { channelId: number; title: string; summary: string; body: string; status: "draft" | "submitted" | "returned" }, now: string,
): Promise<void> {
  await q.run(
    `UPDATE stories SET channel_id = ?, title = ?, summary = ?, body = ?, status = ?,
       submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at END, updated_at = ? WHERE id = ?`,
    [s.channelId, s.title, s.summary, s.body, s.status, s.status, now, now, id],
  );
}

export async function setStoryStatus(q: Queryable, id: number, status: StoryStatus, decidedBy: number | null, now: string): Promise<void> {
  await q.run("UPDATE stories SET status = ?, decided_by = COALESCE(?, decided_by), updated_at = ? WHERE id = ?", [status, decidedBy, now, id]);
}

export async function markStoryPublished(q: Queryable, id: number, itemId: number, decidedBy: number, now: string): Promise<void> {
  await q.run("UPDATE stories SET status = 'published', item_id = ?, decided_by = ?, published_at = ?, updated_at = ? WHERE id = ?", [itemId, decidedBy, now, now, id]);
}

export async function setStoryPhoto(q: Queryable, id: number, photo: { image: Buffer; alt: string; consent: boolean } | null, now: string): Promise<void> {
  await q.run("UPDATE stories SET photo = ?, photo_alt = ?, photo_consent = ?, updated_at = ? WHERE id = ?", [
    photo ? photo.image.toString("base64") : null, photo ? photo.alt : null, photo?.consent ? 1 : 0, now, id,
  ]);
}

export async function setStoryPhotoAlt(q: Queryable, id: number, alt: string, now: string): Promise<void> {
  await q.run("UPDATE stories SET photo_alt = ?, updated_at = ? WHERE id = ? AND photo IS NOT NULL", [alt, now, id]);
}

export async function getStoryPhoto(q: Queryable, id: number): Promise<Buffer | undefined> {
  const row = await q.get<{ photo: string | null }>("SELECT photo FROM stories WHERE id = ?", [id]);
  return row?.photo ? Buffer.from(row.photo, "base64") : undefined;
}

export async function findStory(q: Queryable, id: number): Promise<StoryRow | undefined> {
  return q.get<StoryRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.id = ?`, [id]);
}

/** The story an announcement was published from, if it was one. */
export async function findStoryOfItem(q: Queryable, itemId: number): Promise<StoryRow | undefined> {
  return q.get<StoryRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.item_id = ?`, [itemId]);
}

/** A writer's own stories, newest first (/me and /stories). */
export async function listStoriesOfWriter(q: Queryable, writerId: number): Promise<StoryRow[]> {
  return q.all<StoryRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.writer_id = ? ORDER BY s.updated_at DESC, s.id DESC`, [writerId]);
}

export async function countStoriesOfWriter(q: Queryable, writerId: number): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM stories WHERE writer_id = ?", [writerId]))?.n ?? 0;
}

/**
 * Stories waiting for a decision in the channels an editor looks after. `scope` is the
 * clause from app/access/stories.server.ts (storyEditorScopeSql) on `c` (the channel).
 */
export async function listWaitingStories(q: Queryable, scope: { sql: string; params: (string | number)[] }): Promise<StoryRow[]> {
  return q.all<StoryRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.status = 'submitted' AND (${scope.sql}) ORDER BY s.submitted_at, s.id`, scope.params);
}

export type Suggestion = { id: number; authorName: string | null; body: string; createdAt: string };

export async function insertSuggestion(q: Queryable, storyId: number, authorId: number, body: string, now: string): Promise<void> {
  await q.run("INSERT INTO story_suggestions (story_id, author_id, body, created_at) VALUES (?, ?, ?, ?)", [storyId, authorId, body, now]);
}

export async function listSuggestions(q: Queryable, storyId: number): Promise<Suggestion[]> {
  return q.all<Suggestion>(
    `SELECT g.id, u.name AS authorName, g.body, g.created_at AS createdAt FROM story_suggestions g LEFT JOIN users u ON u.id = g.author_id
      WHERE g.story_id = ? ORDER BY g.id`,
    [storyId],
  );
}

/** People who decide on stories of a channel: for the "a story is waiting" notice. `scope` from storyEditorsSql. */
export async function listStoryEditors(q: Queryable, scope: { sql: string; params: (string | number)[] }): Promise<{ id: number; name: string }[]> {
  return q.all<{ id: number; name: string }>(`SELECT u.id, u.name FROM users u WHERE u.active = 1 AND (${scope.sql}) ORDER BY u.id`, scope.params);
}

/* ---- insight: counts only, by department and channel (no person) ---- */

export type StoryCounts = { departmentName: string; channelName: string; submitted: number; published: number };

/** Stories submitted and published in the period, by the writer's department and the channel. No names. */
export async function storyCountsByDepartmentAndChannel(q: Queryable, from: string, to: string): Promise<StoryCounts[]> {
  return q.all<StoryCounts>(
    `SELECT COALESCE(d.name, 'No department') AS departmentName, c.name AS channelName,
            SUM(CASE WHEN s.submitted_at >= ? AND s.submitted_at < ? THEN 1 ELSE 0 END) AS submitted,
            SUM(CASE WHEN s.published_at >= ? AND s.published_at < ? THEN 1 ELSE 0 END) AS published
       FROM stories s JOIN users u ON u.id = s.writer_id LEFT JOIN departments d ON d.id = u.department_id
       JOIN channels c ON c.id = s.channel_id
      WHERE (s.submitted_at >= ? AND s.submitted_at < ?) OR (s.published_at >= ? AND s.published_at < ?)
      GROUP BY d.name, c.name ORDER BY d.name, c.name`,
    [from, to, from, to, from, to, from, to],
  );
}

/** How many stories exist at all (the demo writes its stories only into a council without any). */
export async function countStories(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM stories"))?.n ?? 0;
}
