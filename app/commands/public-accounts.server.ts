/**
 * The register of the council's official public accounts: platform, handle, owning service,
 * two named holders, whether two-factor sign-in is on, and when it was last reviewed. Comms
 * editors keep it; it is reviewed twice a year (a reminder goes to the comms team in January
 * and July while any account is due), and the register lists the accounts that need
 * attention: fewer than two active holders, no two-factor sign-in, or no review for six months.
 */
import { assertCan } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { listDepartments } from "~/models/department.server";
import { findPersonByEmail, listActiveByRole } from "~/models/ownership.server";
import {
  deletePublicAccount,
  findPublicAccount,
  findPublicAccountByHandle,
  insertPublicAccount,
  listPublicAccounts,
  markPublicAccountReviewed,
  updatePublicAccount,
  type PublicAccountInput,
  type PublicAccountRow,
} from "~/models/public-account.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { isMailConfigured } from "~/utils/mail.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

/** An account is due a review six months after the last one. */
export const REVIEW_EVERY_MONTHS = 6;

export type AccountForm = {
  platform: string;
  handle: string;
  address: string;
  department: string;
  holder1: string;
  holder2: string;
  twoFactor: boolean;
  lastReviewedOn: string | null;
};

export type SaveResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1 - months, d));
  return date.toISOString().slice(0, 10);
}

export type Attention = { reasons: string[]; dueReview: boolean };

/** Why an account needs attention (empty when it does not). */
export function attentionFor(a: Pick<PublicAccountRow, "holder1Id" | "holder1Active" | "holder2Id" | "holder2Active" | "twoFactor" | "lastReviewedOn">, today: string): Attention {
  const holders = [a.holder1Id && a.holder1Active ? 1 : 0, a.holder2Id && a.holder2Active ? 1 : 0].reduce((x, y) => x + y, 0);
  const reasons: string[] = [];
  if (holders === 0) reasons.push("No active holder");
  else if (holders === 1) reasons.push("Only one active holder");
  if (!a.twoFactor) reasons.push("Two-factor sign-in is off");
  const dueReview = !a.lastReviewedOn || a.lastReviewedOn <= monthsBefore(today, REVIEW_EVERY_MONTHS);
  if (dueReview) reasons.push(a.lastReviewedOn ? "Not reviewed for six months" : "Never reviewed");
  return { reasons, dueReview };
}

export async function listRegister(now = new Date()) {
  const db = await getDb();
  const today = ukTodayIso(now);
  return (await listPublicAccounts(db)).map((a) => ({ ...a, attention: attentionFor(a, today) }));
}

async function resolve(form: AccountForm, id: number | null): Promise<{ input?: PublicAccountInput; errors: Record<string, string> }> {
  const db = await getDb();
  const errors: Record<string, string> = {};
  const department = form.department ? (await listDepartments(db)).find((d) => d.slug === form.department) : undefined;
  if (form.department && !department) errors.department = "Choose a service from the list";
  const holder = async (field: "holder1" | "holder2") => {
    if (!form[field]) return null;
    const person = await findPersonByEmail(db, form[field]);
    if (!person || !person.active) {
      errors[field] = `There is no active member of staff with the email ${form[field]}`;
      return null;
    }
    return person.id;
  };
  const holder1Id = await holder("holder1");
  const holder2Id = await holder("holder2");
  if (holder1Id !== null && holder1Id === holder2Id) errors.holder2 = "The second holder must be a different person";
  const existing = await findPublicAccountByHandle(db, form.platform, form.handle);
  if (existing && existing.id !== id) errors.handle = `The register already has ${form.handle} on ${form.platform}`;
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    input: {
      platform: form.platform, handle: form.handle, address: form.address, departmentId: department?.id ?? null, holder1Id, holder2Id,
      twoFactor: form.twoFactor, lastReviewedOn: form.lastReviewedOn,
    },
  };
}

export async function savePublicAccount(actor: Actor, id: number | null, form: AccountForm, now = new Date()): Promise<SaveResult> {
  assertCan(actor, "manage", "public-account");
  const { input, errors } = await resolve(form, id);
  if (!input) return { ok: false, errors };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<SaveResult> => {
    if (id !== null) {
      if (!(await findPublicAccount(tx, id))) return { ok: false, errors: { handle: "That account is no longer in the register" } };
      await updatePublicAccount(tx, id, input, at);
    } else id = await insertPublicAccount(tx, input, at);
    await recordAudit(tx, { actorId: actor.id, action: "public-account.saved", entityType: "public-account", entityId: id, detail: { platform: input.platform, handle: input.handle } }, at);
    return { ok: true, id };
  });
}

export async function reviewPublicAccount(actor: Actor, id: number, now = new Date()): Promise<boolean> {
  assertCan(actor, "manage", "public-account");
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    if (!(await findPublicAccount(tx, id))) return false;
    await markPublicAccountReviewed(tx, id, ukTodayIso(now), at);
    await recordAudit(tx, { actorId: actor.id, action: "public-account.reviewed", entityType: "public-account", entityId: id }, at);
    return true;
  });
}

export async function removePublicAccount(actor: Actor, id: number, now = new Date()): Promise<boolean> {
  assertCan(actor, "manage", "public-account");
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const account = await findPublicAccount(tx, id);
    if (!account) return false;
    await deletePublicAccount(tx, id);
    await recordAudit(tx, { actorId: actor.id, action: "public-account.removed", entityType: "public-account", entityId: id, detail: { platform: account.platform, handle: account.handle } }, at);
    return true;
  });
}

/**
 * Twice a year (from 1 January and 1 July) the comms team is reminded to review the register
 * while any account is due a review or needs attention; once per half-year per person.
 */
export async function sendPublicAccountReviewReminders(now = new Date()): Promise<number> {
  // Reminders are email; without a mail server none is queued, so they go out once one is set up.
  if (!isMailConfigured()) return 0;
  const db = await getDb();
  const today = ukTodayIso(now);
  const accounts = (await listPublicAccounts(db)).map((a) => ({ ...a, attention: attentionFor(a, today) }));
  const needing = accounts.filter((a) => a.attention.reasons.length);
  if (!needing.length) return 0;
  const half = `${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
  const at = now.toISOString();
  let queued = 0;
  await db.transaction(async (tx) => {
    for (const person of await listActiveByRole(tx, "comms")) {
      const ok = await queueKnowledgeMail(tx, {
        purpose: "reminder", dedupeKey: `public-accounts:${half}:${person.id}`, userId: person.id,
        subject: `Review the register of public accounts (${needing.length} need attention)`,
        lines: [
          "It is time for the twice-yearly review of the council's official public accounts.",
          ...needing.slice(0, 10).map((a) => `${a.platform} ${a.handle}: ${a.attention.reasons.join("; ")}.`),
        ],
        link: { text: "Open the register", path: "/admin/public-accounts" },
      }, at);
      if (ok) queued++;
    }
  });
  return queued;
}
