/** Knowledge requests ("I couldn't find…"), who they were routed to, and upvotes. */
import type { Queryable } from "~/utils/db.server";

export type RequestStatus = "open" | "answered" | "declined";

export type KnowledgeRequestRow = {
  id: number;
  title: string;
  details: string;
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  requesterId: number | null;
  requesterName: string | null;
  searchQuery: string | null;
  status: RequestStatus;
  answerItemId: number | null;
  closingNote: string;
  closedByName: string | null;
  closedAt: string | null;
  createdAt: string;
  votes: number;
};

const COLUMNS = `k.id, k.title, k.details, k.department_id AS departmentId, d.slug AS departmentSlug, d.name AS departmentName,
  k.requester_id AS requesterId, u.name AS requesterName, k.search_query AS searchQuery, k.status,
  k.answer_item_id AS answerItemId, k.closing_note AS closingNote, c.name AS closedByName, k.closed_at AS closedAt,
  k.created_at AS createdAt, (SELECT COUNT(*) FROM knowledge_request_votes v WHERE v.request_id = k.id) AS votes`;
const FROM = `knowledge_requests k LEFT JOIN departments d ON d.id = k.department_id
  LEFT JOIN users u ON u.id = k.requester_id LEFT JOIN users c ON c.id = k.closed_by`;

export async function insertKnowledgeRequest(
  q: Queryable,
  r: { title: string; details: string; departmentId: number | null; requesterId: number; searchQuery: string | null },
  now: string,
): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO knowledge_requests (title, details, department_id, requester_id, search_query, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    [r.title, r.details, r.departmentId, r.requesterId, r.searchQuery, now],
  );
  return lastID;
}

export async function findKnowledgeRequest(q: Queryable, id: number): Promise<KnowledgeRequestRow | undefined> {
  return q.get<KnowledgeRequestRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE k.id = ?`, [id]);
}

export type RequestFilter = {
  status?: RequestStatus | "closed";
  departmentId?: number;
  /** Only requests routed to this person. */
  routedTo?: number;
  limit: number;
  offset: number;
};

export async function listKnowledgeRequests(q: Queryable, filter: RequestFilter): Promise<{ items: KnowledgeRequestRow[]; total: number }> {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.status === "closed") parts.push("k.status <> 'open'");
  else if (filter.status) {
    parts.push("k.status = ?");
    params.push(filter.status);
  }
  if (filter.departmentId) {
    parts.push("k.department_id = ?");
    params.push(filter.departmentId);
  }
  if (filter.routedTo) {
    parts.push("EXISTS (SELECT 1 FROM knowledge_request_routes r WHERE r.request_id = k.id AND r.user_id = ?)");
    params.push(filter.routedTo);
  }
  const where = parts.length ? `WHERE ${parts.join(" AND ")}` : "";
  const [items, count] = await Promise.all([
    q.all<KnowledgeRequestRow>(
      `SELECT ${COLUMNS} FROM ${FROM} ${where}
        ORDER BY k.status = 'open' DESC, votes DESC, k.created_at DESC, k.id DESC LIMIT ? OFFSET ?`,
      [...params, filter.limit, filter.offset],
    ),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM knowledge_requests k ${where}`, params),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function routeKnowledgeRequest(q: Queryable, requestId: number, userId: number, now: string): Promise<boolean> {
  const { changes } = await q.run("INSERT INTO knowledge_request_routes (request_id, user_id, routed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [
    requestId, userId, now,
  ]);
  return changes > 0;
}

export async function listRoutedTo(q: Queryable, requestId: number): Promise<{ id: number; name: string; email: string }[]> {
  return q.all(
    `SELECT u.id, u.name, u.email FROM knowledge_request_routes r JOIN users u ON u.id = r.user_id
      WHERE r.request_id = ? ORDER BY u.name COLLATE NOCASE`,
    [requestId],
  );
}

export async function isRoutedTo(q: Queryable, requestId: number, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM knowledge_request_routes WHERE request_id = ? AND user_id = ?", [requestId, userId]));
}

export async function hasVoted(q: Queryable, requestId: number, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM knowledge_request_votes WHERE request_id = ? AND user_id = ?", [requestId, userId]));
}

export async function listVotedRequestIds(q: Queryable, userId: number, requestIds: number[]): Promise<Set<number>> {
  if (requestIds.length === 0) return new Set();
  const rows = await q.all<{ id: number }>(
    `SELECT request_id AS id FROM knowledge_request_votes WHERE user_id = ? AND request_id IN (${requestIds.map(() => "?").join(",")})`,
    [userId, ...requestIds],
  );
  return new Set(rows.map((r) => r.id));
}

export async function addVote(q: Queryable, requestId: number, userId: number): Promise<void> {
  await q.run("INSERT INTO knowledge_request_votes (request_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [requestId, userId]);
}

export async function removeVote(q: Queryable, requestId: number, userId: number): Promise<void> {
  await q.run("DELETE FROM knowledge_request_votes WHERE request_id = ? AND user_id = ?", [requestId, userId]);
}

export async function listVoterIds(q: Queryable, requestId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT user_id AS id FROM knowledge_request_votes WHERE request_id = ?", [requestId])).map((r) => r.id);
}

export async function closeKnowledgeRequest(
  q: Queryable,
  id: number,
  c: { status: "answered" | "declined"; answerItemId: number | null; note: string; closedBy: number },
  now: string,
): Promise<void> {
  await q.run(
    "UPDATE knowledge_requests SET status = ?, answer_item_id = ?, closing_note = ?, closed_by = ?, closed_at = ? WHERE id = ?",
    [c.status, c.answerItemId, c.note, c.closedBy, now, id],
  );
}

export async function setRequestDepartment(q: Queryable, id: number, departmentId: number | null): Promise<void> {
  await q.run("UPDATE knowledge_requests SET department_id = ? WHERE id = ?", [departmentId, id]);
}

export async function reopenKnowledgeRequest(q: Queryable, id: number): Promise<void> {
  await q.run(
    "UPDATE knowledge_requests SET status = 'open', answer_item_id = NULL, closing_note = '', closed_by = NULL, closed_at = NULL WHERE id = ?",
    [id],
  );
}

/** Requests opened and closed between two instants (the weekly summary). */
export async function countRequestsBetween(q: Queryable, from: string, to: string): Promise<{ opened: number; answered: number; open: number }> {
  const row = await q.get<{ opened: number; answered: number; open: number }>(
    `SELECT (SELECT COUNT(*) FROM knowledge_requests WHERE created_at >= $from AND created_at < $to) AS opened,
            (SELECT COUNT(*) FROM knowledge_requests WHERE status = 'answered' AND closed_at >= $from AND closed_at < $to) AS answered,
            (SELECT COUNT(*) FROM knowledge_requests WHERE status = 'open') AS open`,
    { from, to },
  );
  return row ?? { opened: 0, answered: 0, open: 0 };
}
