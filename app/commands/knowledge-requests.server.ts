/**
 * Knowledge requests: "I couldn't find…". A request is routed to the knowledge champions of
 * the department it is about (else its managers; with no department, the comms editors,
 * who place it), can be upvoted by anyone, and is closed by linking the guide that answers
 * it (or declined with a reason). The person who asked and those who upvoted are told; the
 * guide is named only to those who may open it (the request page says the same).
 */
import { recordAudit } from "~/models/audit.server";
import { findDepartmentById } from "~/models/department.server";
import { findItemBySlug } from "~/models/item.server";
import {
  addVote,
  closeKnowledgeRequest,
  findKnowledgeRequest,
  insertKnowledgeRequest,
  isRoutedTo,
  listVoterIds,
  removeVote,
  reopenKnowledgeRequest,
  routeKnowledgeRequest,
  setRequestDepartment,
  type KnowledgeRequestRow,
} from "~/models/knowledge-request.server";
import { findPersonById, listActiveByRole, listActiveInDepartmentByRole, type Person } from "~/models/ownership.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { can } from "~/access/permissions.server";
import { mayBeToldAboutItem, queueKnowledgeMail, type KnowledgeMail } from "./knowledge-mail.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

export type NewRequest = {
  title: string; details: string; departmentId: number | null; searchQuery: string | null;
  /** "Ask a champion" (/champions, decision 137): routed to this champion only. */
  championId?: number | null;
};

/** The people a request about `departmentId` goes to. */
export async function routeFor(q: Queryable, departmentId: number | null): Promise<Person[]> {
  if (departmentId !== null) {
    const champions = await listActiveInDepartmentByRole(q, departmentId, "champion");
    if (champions.length) return champions;
    const managers = await listActiveInDepartmentByRole(q, departmentId, "manager");
    if (managers.length) return managers;
  }
  const comms = await listActiveByRole(q, "comms");
  return comms.length ? comms : listActiveByRole(q, "admin");
}

/** An active knowledge champion by id (the one a person chose to ask on /champions). */
export async function findActiveChampion(q: Queryable, id: number): Promise<Person | undefined> {
  const person = await findPersonById(q, id);
  return person && person.active === 1 && person.role === "champion" ? person : undefined;
}

export async function createKnowledgeRequest(actor: Actor, input: NewRequest, now = new Date()): Promise<{ id: number; routedTo: Person[] }> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const id = await insertKnowledgeRequest(tx, { ...input, requesterId: actor.id }, at);
    const champion = input.championId ? await findActiveChampion(tx, input.championId) : undefined;
    const routedTo = champion ? await routeAndTell(tx, id, input.title, input.departmentId, at, [champion]) : await routeAndTell(tx, id, input.title, input.departmentId, at);
    await addVote(tx, id, actor.id);
    return { id, routedTo };
  });
}

async function routeAndTell(tx: Queryable, id: number, title: string, departmentId: number | null, at: string, to?: Person[]): Promise<Person[]> {
  const people = to ?? (await routeFor(tx, departmentId));
  for (const person of people) {
    if (!(await routeKnowledgeRequest(tx, id, person.id, at))) continue;
    await queueKnowledgeMail(tx, {
      purpose: "alert",
      dedupeKey: `request:${id}:${person.id}`,
      userId: person.id,
      subject: `Knowledge request: ${title}`,
      lines: [
        `Someone could not find "${title}" on the intranet.`,
        departmentId === null
          ? "They did not know which department it is about. Please pass it to the right department, or answer it."
          : "Please write or link a guide that answers it, then close the request by linking that guide.",
      ],
      link: { text: "See the request", path: `/requests/${id}` },
    }, at);
  }
  return people;
}

/** Those the request was routed to, champions and editors of its department, and comms editors. */
export async function canHandleRequest(q: Queryable, actor: Actor, request: Pick<KnowledgeRequestRow, "id" | "departmentId">): Promise<boolean> {
  if (can(actor, "publish", "guide")) return true;
  if (request.departmentId !== null && can(actor, "update", "guide", { departmentId: request.departmentId })) return true;
  return isRoutedTo(q, request.id, actor.id);
}

export type RequestResult = { ok: true } | { ok: false; status: 400 | 403 | 404; field?: string; message: string };

export async function setVote(actor: Actor, requestId: number, vote: boolean): Promise<RequestResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<RequestResult> => {
    const request = await findKnowledgeRequest(tx, requestId);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    if (request.status !== "open") return { ok: false, status: 400, message: "This request is closed." };
    if (vote) await addVote(tx, requestId, actor.id);
    else await removeVote(tx, requestId, actor.id);
    return { ok: true };
  });
}

/**
 * Closes a request with the guide that answers it (by its slug or address), or declines
 * it with a reason.
 */
export async function closeRequest(
  actor: Actor,
  requestId: number,
  input: { outcome: "answered"; guide: string; note: string } | { outcome: "declined"; note: string },
  now = new Date(),
): Promise<RequestResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<RequestResult> => {
    const request = await findKnowledgeRequest(tx, requestId);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    if (!(await canHandleRequest(tx, actor, request))) return { ok: false, status: 403, message: "Only the department's knowledge champions can close this request." };
    if (request.status !== "open") return { ok: false, status: 400, message: "This request is already closed." };
    let answerItemId: number | null = null;
    let guideTitle = "";
    let guideSlug = "";
    if (input.outcome === "answered") {
      const slug = guideSlugFrom(input.guide);
      const guide = slug ? await findItemBySlug(tx, "guide", slug) : undefined;
      if (!guide || guide.status !== "published")
        return { ok: false, status: 400, field: "guide", message: "Enter the address of a published guide, like /guides/how-to-claim-mileage" };
      answerItemId = guide.id;
      guideTitle = guide.title;
      guideSlug = guide.slug;
    } else if (!input.note.trim()) {
      return { ok: false, status: 400, field: "note", message: "Say why this request is being closed without a guide" };
    }
    await closeKnowledgeRequest(tx, requestId, { status: input.outcome, answerItemId, note: input.note.trim(), closedBy: actor.id }, at);
    await recordAudit(tx, { actorId: actor.id, action: `knowledge-request.${input.outcome}`, entityType: "knowledge-request", entityId: requestId, detail: { answerItemId } }, at);
    const tell = new Set<number>([...(request.requesterId ? [request.requesterId] : []), ...(await listVoterIds(tx, requestId))]);
    tell.delete(actor.id);
    const note = input.note.trim() ? [input.note.trim()] : [];
    for (const userId of tell) {
      const base = { purpose: "alert" as const, dedupeKey: `request-closed:${requestId}:${userId}:${at}`, userId };
      let mail: KnowledgeMail;
      if (input.outcome === "declined")
        mail = { ...base, subject: `Closed: ${request.title}`, lines: [`You asked for "${request.title}". It was closed without a new guide:`, ...note], link: { text: "See the request", path: `/requests/${requestId}` } };
      else if (answerItemId !== null && (await mayBeToldAboutItem(tx, userId, answerItemId, now)))
        mail = {
          ...base, itemId: answerItemId, subject: `Answered: ${request.title}`,
          lines: [`You asked for "${request.title}". This guide answers it: "${guideTitle}".`, ...note],
          link: { text: "Read the guide", path: `/guides/${guideSlug}` },
        };
      // The guide's audience does not include them: say it was answered, and nothing about the guide.
      else
        mail = {
          ...base, subject: `Answered: ${request.title}`,
          lines: [`You asked for "${request.title}". It was answered by a guide that is not published for your department or role.`, ...note],
          link: { text: "See the request", path: `/requests/${requestId}` },
        };
      await queueKnowledgeMail(tx, mail, at);
    }
    return { ok: true };
  });
}

export async function reopenRequest(actor: Actor, requestId: number): Promise<RequestResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<RequestResult> => {
    const request = await findKnowledgeRequest(tx, requestId);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    if (!(await canHandleRequest(tx, actor, request))) return { ok: false, status: 403, message: "You cannot reopen this request." };
    await reopenKnowledgeRequest(tx, requestId);
    await recordAudit(tx, { actorId: actor.id, action: "knowledge-request.reopened", entityType: "knowledge-request", entityId: requestId });
    return { ok: true };
  });
}

/** Passes a request to another department's champions (comms editors placing "not sure" requests). */
export async function moveRequest(actor: Actor, requestId: number, departmentId: number, now = new Date()): Promise<RequestResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<RequestResult> => {
    const request = await findKnowledgeRequest(tx, requestId);
    if (!request) return { ok: false, status: 404, message: "We could not find that request." };
    if (!(await canHandleRequest(tx, actor, request))) return { ok: false, status: 403, message: "You cannot move this request." };
    if (!(await findDepartmentById(tx, departmentId))) return { ok: false, status: 400, field: "departmentId", message: "Choose a department" };
    await setRequestDepartment(tx, requestId, departmentId);
    await routeAndTell(tx, requestId, request.title, departmentId, at);
    await recordAudit(tx, { actorId: actor.id, action: "knowledge-request.moved", entityType: "knowledge-request", entityId: requestId, detail: { departmentId } }, at);
    return { ok: true };
  });
}

/** "how-to-claim-mileage", "/guides/how-to-claim-mileage", a full address or "guide:slug" → the slug. */
export function guideSlugFrom(input: string): string | null {
  const text = input.trim();
  if (!text || text.length > 500) return null;
  let path = text;
  try {
    if (/^https?:\/\//i.test(text)) path = new URL(text).pathname;
  } catch {
    return null;
  }
  const match = /^(?:guide:|\/?guides\/)?([a-z0-9][a-z0-9-]{0,119})\/?(?:[#?].*)?$/.exec(path.toLowerCase());
  return match ? match[1] : null;
}
