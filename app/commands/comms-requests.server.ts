/**
 * Requests for public communications: any member of staff asks the comms team for a press
 * release, a social-media post, a web update or an internal campaign. Comms editors work a
 * queue (new → in progress → waiting for the service → scheduled → done, or declined with a
 * reason); the requester sees the status and the conversation, and is emailed at each change.
 * Drafts are shared back for the service's approval. The intranet posts nothing anywhere else.
 */
import { can } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import {
  countCommsRequestFiles,
  findCommsRequest,
  findPendingDraft,
  insertCommsMessage,
  insertCommsRequest,
  insertCommsRequestFile,
  readCommsRequestFile,
  setDraftApproval,
  touchCommsRequest,
  updateCommsRequestStatus,
  type CommsRequestRow,
  type CommsRequestStatus,
  type NewCommsRequest,
} from "~/models/comms-request.server";
import { listActiveByRole, findPersonById } from "~/models/ownership.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { storeBytes } from "~/models/attachment.server";
import { withFileObjects } from "./file-objects.server";
import { checkUpload, formatSize, uploadLimitBytes, type CheckedFile, type FileKind } from "~/utils/uploads.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

export type CommsResult = { ok: true; id: number } | { ok: false; status: 400 | 403 | 404; field?: string; message: string };

import { STATUS_LABELS } from "~/utils/comms-request-status";
export { STATUS_LABELS };

/** Comms editors (and admins) work the queue. */
export function worksQueue(actor: Actor): boolean {
  return can(actor, "manage", "comms-request");
}

/** The requester and the comms team may open a request; for anyone else it does not exist. */
export function maySeeRequest(actor: Actor, request: Pick<CommsRequestRow, "requesterId">): boolean {
  return worksQueue(actor) || request.requesterId === actor.id;
}

async function tellRequester(q: Queryable, request: CommsRequestRow, key: string, subject: string, lines: string[], at: string) {
  if (!request.requesterId) return;
  await queueKnowledgeMail(q, {
    purpose: "alert", dedupeKey: `comms-request:${request.id}:${key}`, userId: request.requesterId, subject, lines,
    link: { text: "See your request", path: `/comms-requests/${request.id}` },
  }, at);
}

async function tellCommsTeam(q: Queryable, request: Pick<CommsRequestRow, "id" | "title" | "assigneeId">, key: string, subject: string, lines: string[], at: string, exceptId: number) {
  const people = request.assigneeId ? [await findPersonById(q, request.assigneeId)].filter((p) => p?.active) : await listActiveByRole(q, "comms");
  for (const person of people) {
    if (!person || person.id === exceptId) continue;
    await queueKnowledgeMail(q, {
      purpose: "alert", dedupeKey: `comms-request:${request.id}:${key}:${person.id}`, userId: person.id, subject, lines,
      link: { text: "Open the request", path: `/comms-requests/${request.id}` },
    }, at);
  }
}

/* ---- Files on a request ---- */

/** At most this many files at once, and their sizes together within the upload limit. */
export const REQUEST_FILES_MAX = 5;

export type SentFile = { fileName: string; bytes: Buffer };

/**
 * Checks the files sent with a request's form (by content, like attachments to pages). Fields
 * left empty are ignored; any refusal names the file, and then none of them is stored.
 */
export async function checkRequestFiles(sent: SentFile[]): Promise<{ ok: true; files: CheckedFile[] } | { ok: false; message: string }> {
  const chosen = sent.filter((f) => f.fileName || f.bytes.length);
  if (chosen.length > REQUEST_FILES_MAX) return { ok: false, message: `Attach at most ${REQUEST_FILES_MAX} files at a time` };
  const total = chosen.reduce((n, f) => n + f.bytes.length, 0);
  if (total > uploadLimitBytes()) return { ok: false, message: `The files come to ${formatSize(total)}; together they must be ${formatSize(uploadLimitBytes())} or less. Send links to large files instead.` };
  const files: CheckedFile[] = [];
  for (const f of chosen) {
    const checked = await checkUpload(f.fileName, f.bytes);
    if (!checked.ok) return { ok: false, message: checked.message };
    files.push(checked.file);
  }
  return { ok: true, files };
}

async function storeRequestFiles(tx: Queryable, requestId: number, files: CheckedFile[], uploadedBy: number, at: string): Promise<void> {
  for (const file of files) {
    const blobId = await storeBytes(tx, file.bytes, at);
    await insertCommsRequestFile(tx, { requestId, blobId, name: file.name, kind: file.kind, size: file.bytes.length, uploadedBy }, at);
  }
}

/** Adds checked files to a request; the other side is told, as for a message. */
export async function attachToCommsRequest(actor: Actor, id: number, files: CheckedFile[], now = new Date()): Promise<CommsResult> {
  if (!files.length) return { ok: false, status: 400, field: "files", message: "Choose a file to attach" };
  const db = await getDb();
  const at = now.toISOString();
  return withFileObjects(db, async (tx): Promise<CommsResult> => {
    const request = await findCommsRequest(tx, id);
    if (!request || !maySeeRequest(actor, request)) return { ok: false, status: 404, message: "We could not find that request." };
    if (await countCommsRequestFiles(tx, id) + files.length > 50) return { ok: false, status: 400, field: "files", message: "A request can have up to 50 files. Send links instead." };
    await storeRequestFiles(tx, id, files, actor.id, at);
    const names = files.map((f) => f.name).join(", ");
    const messageId = await insertCommsMessage(tx, { requestId: id, authorId: actor.id, kind: "message", body: `Attached: ${names}` }, at);
    await touchCommsRequest(tx, id, at);
    await recordAudit(tx, { actorId: actor.id, action: "comms-request.files-attached", entityType: "comms-request", entityId: id, detail: { files: files.length } }, at);
    if (actor.id === request.requesterId)
      await tellCommsTeam(tx, request, `message:${messageId}`, `New files on: ${request.title}`, [`${actor.name} attached to the request "${request.title}": ${names}`], at, actor.id);
    else
      await tellRequester(tx, request, `message:${messageId}`, `New files on your request: ${request.title}`, [`The communications team attached to your request "${request.title}": ${names}`], at);
    return { ok: true, id };
  });
}

/** A file of a request, for the requester and the comms team only; anything else is a 404. */
export async function openCommsRequestFile(actor: Actor, requestId: number, fileId: number): Promise<{ name: string; kind: FileKind; bytes: Buffer } | undefined> {
  const db = await getDb();
  const request = await findCommsRequest(db, requestId);
  if (!request || !maySeeRequest(actor, request)) return undefined;
  return readCommsRequestFile(db, requestId, fileId);
}

export async function createCommsRequest(actor: Actor, input: Omit<NewCommsRequest, "requesterId">, now = new Date(), files: CheckedFile[] = []): Promise<number> {
  const db = await getDb();
  const at = now.toISOString();
  return withFileObjects(db, async (tx) => {
    const id = await insertCommsRequest(tx, { ...input, requesterId: actor.id }, at);
    await storeRequestFiles(tx, id, files, actor.id, at);
    const request = (await findCommsRequest(tx, id))!;
    await recordAudit(tx, { actorId: actor.id, action: "comms-request.created", entityType: "comms-request", entityId: id, detail: { kind: input.kind } }, at);
    await tellRequester(tx, request, "created", `We have your request: ${request.title}`, [
      `Thank you. The communications team has your request "${request.title}".`,
      "You can follow its status and talk to the team on the request's page. We will email you each time it changes.",
    ], at);
    await tellCommsTeam(tx, request, "new", `New request for communications: ${request.title}`, [
      `${actor.name} asked for ${kindPhrase(request.kind)}: "${request.title}".`,
    ], at, actor.id);
    return id;
  });
}

export function kindPhrase(kind: CommsRequestRow["kind"]): string {
  return { "press-release": "a press release", "social-media": "a social-media post", "web-update": "a web update", "internal-campaign": "an internal campaign" }[kind];
}

export async function changeCommsRequestStatus(
  actor: Actor,
  id: number,
  input: { status: CommsRequestStatus; scheduledFor: string | null; declineReason: string; note: string; assignToMe: boolean },
  now = new Date(),
): Promise<CommsResult> {
  if (!worksQueue(actor)) return { ok: false, status: 403, message: "Only the communications team can change a request's status." };
  if (input.status === "declined" && !input.declineReason.trim())
    return { ok: false, status: 400, field: "declineReason", message: "Say why the request is declined" };
  if (input.status === "scheduled" && !input.scheduledFor)
    return { ok: false, status: 400, field: "scheduledFor", message: "Enter the date it is scheduled for" };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CommsResult> => {
    const request = await findCommsRequest(tx, id);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    const assigneeId = input.assignToMe ? actor.id : request.assigneeId;
    if (request.status === input.status && !input.note.trim() && assigneeId === request.assigneeId)
      return { ok: false, status: 400, field: "status", message: `The request is already “${STATUS_LABELS[input.status]}”. Choose another status or add a note.` };
    await updateCommsRequestStatus(tx, id, {
      status: input.status,
      scheduledFor: input.status === "scheduled" ? input.scheduledFor : request.scheduledFor,
      declineReason: input.status === "declined" ? input.declineReason.trim() : "",
      assigneeId,
    }, at);
    const messageId = await insertCommsMessage(tx, { requestId: id, authorId: actor.id, kind: "status", status: input.status, body: input.status === "declined" ? input.declineReason.trim() : input.note.trim() }, at);
    await recordAudit(tx, { actorId: actor.id, action: "comms-request.status", entityType: "comms-request", entityId: id, detail: { from: request.status, to: input.status } }, at);
    if (request.status !== input.status) {
      const lines = [`Your request "${request.title}" is now: ${STATUS_LABELS[input.status]}.`];
      if (input.status === "scheduled" && input.scheduledFor) lines.push(`It is scheduled for ${input.scheduledFor}.`);
      if (input.status === "declined") lines.push(`The reason: ${input.declineReason.trim()}`);
      else if (input.note.trim()) lines.push(input.note.trim());
      await tellRequester(tx, request, `status:${messageId}`, `${STATUS_LABELS[input.status]}: ${request.title}`, lines, at);
    }
    return { ok: true, id };
  });
}

export async function addCommsMessage(actor: Actor, id: number, body: string, now = new Date()): Promise<CommsResult> {
  const text = body.trim();
  if (!text) return { ok: false, status: 400, field: "body", message: "Enter your message" };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CommsResult> => {
    const request = await findCommsRequest(tx, id);
    if (!request || !maySeeRequest(actor, request)) return { ok: false, status: 404, message: "We could not find that request." };
    const messageId = await insertCommsMessage(tx, { requestId: id, authorId: actor.id, kind: "message", body: text }, at);
    await touchCommsRequest(tx, id, at);
    if (actor.id === request.requesterId)
      await tellCommsTeam(tx, request, `message:${messageId}`, `New message on: ${request.title}`, [`${actor.name} wrote on the request "${request.title}":`, text], at, actor.id);
    else
      await tellRequester(tx, request, `message:${messageId}`, `New message about: ${request.title}`, [`The communications team wrote about your request "${request.title}":`, text], at);
    return { ok: true, id };
  });
}

/** Shares a draft back for the service's approval; the request waits for the service meanwhile. */
export async function shareDraft(actor: Actor, id: number, draft: string, now = new Date()): Promise<CommsResult> {
  if (!worksQueue(actor)) return { ok: false, status: 403, message: "Only the communications team can share a draft." };
  const text = draft.trim();
  if (!text) return { ok: false, status: 400, field: "draft", message: "Enter the draft to share" };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CommsResult> => {
    const request = await findCommsRequest(tx, id);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    if (request.status === "done" || request.status === "declined") return { ok: false, status: 400, field: "draft", message: "This request is closed." };
    const messageId = await insertCommsMessage(tx, { requestId: id, authorId: actor.id, kind: "draft", body: text, approval: "pending" }, at);
    await updateCommsRequestStatus(tx, id, { status: "waiting", scheduledFor: request.scheduledFor, declineReason: "", assigneeId: request.assigneeId ?? actor.id }, at);
    await tellRequester(tx, request, `draft:${messageId}`, `Draft for your approval: ${request.title}`, [
      `The communications team has shared a draft for "${request.title}".`,
      `Please read it and approve it, or ask for changes, on the request's page. ${request.serviceApprover ? `Your service's approver (${request.serviceApprover}) should agree it first.` : ""}`.trim(),
    ], at);
    return { ok: true, id };
  });
}

/** The requester approves the shared draft or asks for changes (with a note). */
export async function answerDraft(actor: Actor, id: number, answer: "approved" | "changes", note: string, now = new Date()): Promise<CommsResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CommsResult> => {
    const request = await findCommsRequest(tx, id);
    if (!request || !maySeeRequest(actor, request)) return { ok: false, status: 404, message: "We could not find that request." };
    if (request.requesterId !== actor.id) return { ok: false, status: 403, message: "Only the person who asked can approve the draft." };
    const draft = await findPendingDraft(tx, id);
    if (!draft) return { ok: false, status: 400, field: "answer", message: "There is no draft waiting for your approval." };
    if (answer === "changes" && !note.trim()) return { ok: false, status: 400, field: "note", message: "Say what should change" };
    await setDraftApproval(tx, draft.id, answer);
    const messageId = await insertCommsMessage(tx, { requestId: id, authorId: actor.id, kind: "approval", approval: answer, body: note.trim() }, at);
    await updateCommsRequestStatus(tx, id, { status: "in-progress", scheduledFor: request.scheduledFor, declineReason: "", assigneeId: request.assigneeId }, at);
    await recordAudit(tx, { actorId: actor.id, action: `comms-request.draft-${answer}`, entityType: "comms-request", entityId: id }, at);
    await tellCommsTeam(tx, request, `approval:${messageId}`, `${answer === "approved" ? "Draft approved" : "Changes asked"}: ${request.title}`, [
      answer === "approved" ? `${actor.name} approved the draft for "${request.title}".` : `${actor.name} asked for changes to the draft for "${request.title}":`,
      ...(note.trim() ? [note.trim()] : []),
    ], at, actor.id);
    return { ok: true, id };
  });
}
