/** Requests for public communications (press releases, social-media posts, …) and their conversation. */
import type { Queryable } from "~/utils/db.server";
import type { FileKind } from "~/utils/uploads.server";
import { blobBytes, type StoredIn } from "./attachment.server";

export const REQUEST_KINDS = ["press-release", "social-media", "web-update", "internal-campaign"] as const;
export type CommsRequestKind = (typeof REQUEST_KINDS)[number];
import { REQUEST_STATUSES, type CommsRequestStatus } from "~/utils/comms-request-status";
export { REQUEST_STATUSES, type CommsRequestStatus } from "~/utils/comms-request-status";
/** Statuses in which a request is still the comms team's to work on. */
export const OPEN_STATUSES: readonly CommsRequestStatus[] = ["new", "in-progress", "waiting", "scheduled"];

export type CommsRequestRow = {
  id: number;
  kind: CommsRequestKind;
  title: string;
  whatAndWhy: string;
  audience: string;
  keyDates: string;
  serviceApprover: string;
  links: string;
  involvesCouncillors: number;
  involvesPersonalData: number;
  involvesConsultation: number;
  departmentId: number | null;
  departmentName: string | null;
  requesterId: number | null;
  requesterName: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  status: CommsRequestStatus;
  scheduledFor: string | null;
  declineReason: string;
  createdAt: string;
  updatedAt: string;
};

const COLUMNS = `r.id, r.kind, r.title, r.what_and_why AS whatAndWhy, r.audience, r.key_dates AS keyDates,
  r.service_approver AS serviceApprover, r.links, r.involves_councillors AS involvesCouncillors,
  r.involves_personal_data AS involvesPersonalData, r.involves_consultation AS involvesConsultation,
  r.department_id AS departmentId, d.name AS departmentName, r.requester_id AS requesterId, u.name AS requesterName,
  r.assignee_id AS assigneeId, a.name AS assigneeName, r.status, r.scheduled_for AS scheduledFor,
  r.decline_reason AS declineReason, r.created_at AS createdAt, r.updated_at AS updatedAt`;
const FROM = `comms_requests r LEFT JOIN departments d ON d.id = r.department_id
  LEFT JOIN users u ON u.id = r.requester_id LEFT JOIN users a ON a.id = r.assignee_id`;

export type NewCommsRequest = {
  kind: CommsRequestKind;
  title: string;
  whatAndWhy: string;
  audience: string;
  keyDates: string;
  serviceApprover: string;
  links: string;
  involvesCouncillors: boolean;
  involvesPersonalData: boolean;
  involvesConsultation: boolean;
  departmentId: number | null;
  requesterId: number;
};

export async function insertCommsRequest(q: Queryable, r: NewCommsRequest, now: string): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO comms_requests (kind, title, what_and_why, audience, key_dates, service_approver, links, involves_councillors,
       involves_personal_data, involves_consultation, department_id, requester_id, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
    [r.kind, r.title, r.whatAndWhy, r.audience, r.keyDates, r.serviceApprover, r.links, r.involvesCouncillors ? 1 : 0,
      r.involvesPersonalData ? 1 : 0, r.involvesConsultation ? 1 : 0, r.departmentId, r.requesterId, now, now],
  );
  return lastID;
}

export async function findCommsRequest(q: Queryable, id: number): Promise<CommsRequestRow | undefined> {
  return q.get<CommsRequestRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ?`, [id]);
}

export type CommsRequestFilter = { status?: CommsRequestStatus | "open" | "closed"; requesterId?: number; limit: number; offset: number };

export async function listCommsRequests(q: Queryable, f: CommsRequestFilter): Promise<{ rows: CommsRequestRow[]; total: number }> {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.status === "open") parts.push(`r.status IN (${OPEN_STATUSES.map(() => "?").join(", ")})`), params.push(...OPEN_STATUSES);
  else if (f.status === "closed") parts.push("r.status IN ('done', 'declined')");
  else if (f.status) parts.push("r.status = ?"), params.push(f.status);
  if (f.requesterId !== undefined) parts.push("r.requester_id = ?"), params.push(f.requesterId);
  const where = parts.length ? `WHERE ${parts.join(" AND ")}` : "";
  const [rows, count] = await Promise.all([
    q.all<CommsRequestRow>(`SELECT ${COLUMNS} FROM ${FROM} ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`, [...params, f.limit, f.offset]),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM comms_requests r ${where}`, params),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** How many requests are in each status (the queue's tabs). */
export async function countCommsRequestsByStatus(q: Queryable): Promise<Record<CommsRequestStatus, number>> {
  const rows = await q.all<{ status: CommsRequestStatus; n: number }>("SELECT status, COUNT(*) AS n FROM comms_requests GROUP BY status");
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<CommsRequestStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function updateCommsRequestStatus(
  q: Queryable,
  id: number,
  s: { status: CommsRequestStatus; scheduledFor: string | null; declineReason: string; assigneeId: number | null },
  now: string,
): Promise<void> {
  await q.run("UPDATE comms_requests SET status = ?, scheduled_for = ?, decline_reason = ?, assignee_id = ?, updated_at = ? WHERE id = ?", [
    s.status, s.scheduledFor, s.declineReason, s.assigneeId, now, id,
  ]);
}

export async function touchCommsRequest(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("UPDATE comms_requests SET updated_at = ? WHERE id = ?", [now, id]);
}

export type CommsMessageKind = "message" | "status" | "draft" | "approval";
export type CommsMessageRow = {
  id: number;
  requestId: number;
  authorId: number | null;
  authorName: string | null;
  kind: CommsMessageKind;
  body: string;
  status: CommsRequestStatus | null;
  approval: "pending" | "approved" | "changes" | null;
  createdAt: string;
};

export async function insertCommsMessage(
  q: Queryable,
  m: { requestId: number; authorId: number; kind: CommsMessageKind; body: string; status?: CommsRequestStatus | null; approval?: CommsMessageRow["approval"] },
  now: string,
): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO comms_request_messages (request_id, author_id, kind, body, status, approval, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [m.requestId, m.authorId, m.kind, m.body, m.status ?? null, m.approval ?? null, now],
  );
  return lastID;
}

export async function listCommsMessages(q: Queryable, requestId: number): Promise<CommsMessageRow[]> {
  return q.all<CommsMessageRow>(
    `SELECT m.id, m.request_id AS requestId, m.author_id AS authorId, u.name AS authorName, m.kind, m.body, m.status, m.approval,
       m.created_at AS createdAt
     FROM comms_request_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.request_id = ? ORDER BY m.id`,
    [requestId],
  );
}

/** The newest draft shared for approval that still waits for the service's answer. */
export async function findPendingDraft(q: Queryable, requestId: number): Promise<CommsMessageRow | undefined> {
  return q.get<CommsMessageRow>(
    `SELECT m.id, m.request_id AS requestId, m.author_id AS authorId, NULL AS authorName, m.kind, m.body, m.status, m.approval,
       m.created_at AS createdAt
     FROM comms_request_messages m WHERE m.request_id = ? AND m.kind = 'draft' AND m.approval = 'pending' ORDER BY m.id DESC LIMIT 1`,
    [requestId],
  );
}

export async function setDraftApproval(q: Queryable, messageId: number, approval: "approved" | "changes"): Promise<void> {
  await q.run("UPDATE comms_request_messages SET approval = ? WHERE id = ? AND approval = 'pending'", [approval, messageId]);
}

/* ---- Files attached to a request ---- */

export type CommsRequestFileRow = { id: number; requestId: number; name: string; kind: FileKind; size: number; uploadedBy: number | null; uploaderName: string | null; uploadedAt: string };

export async function insertCommsRequestFile(
  q: Queryable, f: { requestId: number; blobId: number; name: string; kind: FileKind; size: number; uploadedBy: number }, now: string,
): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO comms_request_files (request_id, blob_id, name, kind, size, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [f.requestId, f.blobId, f.name, f.kind, f.size, f.uploadedBy, now],
  );
  return lastID;
}

export async function listCommsRequestFiles(q: Queryable, requestId: number): Promise<CommsRequestFileRow[]> {
  return q.all<CommsRequestFileRow>(
    `SELECT f.id, f.request_id AS requestId, f.name, f.kind, f.size, f.uploaded_by AS uploadedBy, u.name AS uploaderName, f.uploaded_at AS uploadedAt
       FROM comms_request_files f LEFT JOIN users u ON u.id = f.uploaded_by WHERE f.request_id = ? ORDER BY f.uploaded_at, f.id`,
    [requestId],
  );
}

export async function countCommsRequestFiles(q: Queryable, requestId: number): Promise<number> {
  return Number((await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM comms_request_files WHERE request_id = ?", [requestId]))?.n ?? 0);
}

/** One file's bytes, only when it belongs to the request (the caller checks who may see the request). */
export async function readCommsRequestFile(q: Queryable, requestId: number, fileId: number): Promise<{ name: string; kind: FileKind; bytes: Buffer } | undefined> {
  const row = await q.get<{ name: string; kind: FileKind; sha256: string; size: number; storedIn: StoredIn; bytes: Buffer | Uint8Array }>(
    "SELECT f.name, f.kind, b.sha256, b.size, b.stored_in AS storedIn, b.bytes FROM comms_request_files f JOIN file_blobs b ON b.id = f.blob_id WHERE f.id = ? AND f.request_id = ?",
    [fileId, requestId],
  );
  return row ? { name: row.name, kind: row.kind, bytes: await blobBytes(row) } : undefined;
}