/**
 * Access codes (issue 18, decision 120): how people without a council email address get
 * an account and sign in for the first time. A manager (for their department) or an
 * admin issues a code for a person, or for a team from a CSV of employee numbers and
 * names; the code is printed on a letter and works once, until it expires. Redeeming it
 * (employee number + code) lets the person choose a passphrase, or a 6-digit PIN on a
 * shared device. Every wrong case gets the same message; attempts are throttled like
 * passwords (per account and per address); issue, redeem, expiry and revoke are audited.
 */
import crypto from "node:crypto";
import { can, type Actor } from "~/access/permissions.server";
import {
  findLiveCode, findPeopleByEmployeeNumbers, findPersonByEmployeeNumber, hasEmailAddress, insertAccessCodes, insertPersonWithoutEmail,
  markCodeUsed, markExpiredCodes, revokeLiveCodes, setPasswordHashAt, setPinHash, type FrontlinePerson,
} from "~/models/access-code.server";
import { recordAudit } from "~/models/audit.server";
import { findUserById, markSignedIn } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { repeat } from "~/utils/repeat.server";
import { checkNewPassword, hashPassword } from "~/utils/password.server";
import { formatUnlockTime, normaliseAccount, reserveSignInAttempt, settleSignInAttempt } from "~/utils/rate-limit.server";
import { createSession, destroySession } from "~/utils/session.server";

const DAY = 24 * 60 * 60 * 1000;
/** Letters go by internal post or by hand through a supervisor: two weeks is enough to reach a shift worker. */
export const CODE_LIFETIME_DAYS = 14;
/** No 0/O, 1/I/L: a code is read off paper and typed on a phone. 31 symbols, 12 places: about 59 bits. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 12;
export const MAX_CODES_PER_BATCH = 500;

/** The one message for every wrong case: it does not say which part was wrong. */
export const CODE_WRONG =
  "We could not sign you in with that employee number and code. Check both against your letter and try again. If it still does not work, ask your manager for a new letter.";

export function newAccessCode(): string {
  let out = "";
  for (let i = 0; i < CODE_LENGTH; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}

/** What a person typed → the code as stored before hashing: capitals, no spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 64);
}

/** "ABCD-EFGH-JKMN": easier to read off a letter and type. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, "$1-");
}

export const EMPLOYEE_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

export function normaliseEmployeeNumber(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "").slice(0, 40);
}

const hashCode = (code: string) => crypto.createHash("sha256").update(`access-code:${code}`).digest("hex");

/** The reserved address of a person without email: never deliverable (RFC 2606), unique with the number. */
export function noEmailAddress(employeeNumber: string): string {
  return `employee-${employeeNumber.toLowerCase()}@no-email.invalid`;
}

export type PersonToIssue = { employeeNumber: string; name: string; jobTitle?: string };
export type Letter = { userId: number; name: string; employeeNumber: string; code: string; expiresAt: string };
export type IssueOutcome = { ok: true; letters: Letter[] } | { ok: false; errors: string[] };

/**
 * Issues one code per person, for people in `departmentId` (the actor must manage access
 * codes there). New employee numbers become accounts without email; known ones get a new
 * code and their live codes are revoked (a lost letter). All or nothing: any problem and
 * nothing is issued.
 */
export async function issueAccessCodes(actor: Actor, departmentId: number, people: readonly PersonToIssue[], now = new Date()): Promise<IssueOutcome> {
  if (!can(actor, "manage", "access-code", { departmentId })) return { ok: false, errors: ["You may issue access codes only for people in your own department."] };
  if (people.length === 0) return { ok: false, errors: ["There is nobody to issue a code for."] };
  if (people.length > MAX_CODES_PER_BATCH) return { ok: false, errors: [`Issue at most ${MAX_CODES_PER_BATCH} codes at a time.`] };
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_DAYS * DAY).toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    await expireCodesIn(tx, at);
    const known = await findPeopleByEmployeeNumbers(tx, people.map((p) => p.employeeNumber));
    const errors: string[] = [];
    for (const p of people) {
      const existing = known.get(p.employeeNumber);
      if (existing && !mayIssueFor(actor, existing)) errors.push(`${p.employeeNumber}: this employee number belongs to someone outside your department, or to an account that is switched off.`);
    }
    if (errors.length) return { ok: false, errors } as const;
    const letters: Letter[] = [];
    const codes: { userId: number; codeHash: string; issuedBy: number; issuedAt: string; expiresAt: string }[] = [];
    for (const p of people) {
      let person: Pick<FrontlinePerson, "id" | "name"> | undefined = known.get(p.employeeNumber);
      if (!person) {
        const id = await insertPersonWithoutEmail(tx, {
          email: noEmailAddress(p.employeeNumber), name: p.name, employeeNumber: p.employeeNumber, departmentId, jobTitle: p.jobTitle ?? "", at,
        });
        await recordAudit(tx, { actorId: actor.id, action: "user.create", entityType: "user", entityId: id, detail: { employeeNumber: p.employeeNumber, email: "none" } }, at);
        person = { id, name: p.name };
      }
      for (const revoked of await revokeLiveCodes(tx, person.id, at))
        await recordAudit(tx, { actorId: actor.id, action: "access-code.revoke", entityType: "user", entityId: person.id, detail: { code: revoked, reason: "re-issued" } }, at);
      const code = newAccessCode();
      codes.push({ userId: person.id, codeHash: hashCode(code), issuedBy: actor.id, issuedAt: at, expiresAt });
      letters.push({ userId: person.id, name: person.name, employeeNumber: p.employeeNumber, code: formatCode(code), expiresAt });
    }
    await insertAccessCodes(tx, codes);
    for (const l of letters)
      await recordAudit(tx, { actorId: actor.id, action: "access-code.issue", entityType: "user", entityId: l.userId, detail: { employeeNumber: l.employeeNumber, expiresAt } }, at);
    return { ok: true, letters } as const;
  });
}

function mayIssueFor(actor: Actor, person: FrontlinePerson): boolean {
  return person.active === 1 && person.generated === 0 && can(actor, "manage", "access-code", { departmentId: person.departmentId });
}

async function expireCodesIn(q: Parameters<typeof markExpiredCodes>[0], at: string): Promise<number> {
  const expired = await markExpiredCodes(q, at);
  for (const c of expired) await recordAudit(q, { actorId: null, action: "access-code.expire", entityType: "user", entityId: c.userId, detail: { code: c.id } }, at);
  return expired.length;
}

/** Marks codes past their expiry and audits each (hourly, and before every issue). */
export async function expireAccessCodes(now = new Date()): Promise<number> {
  const db = await getDb();
  return db.transaction((tx) => expireCodesIn(tx, now.toISOString()));
}

/** The hourly expiry sweep (boot step "access code expiry"); returns its stop function. */
export function startAccessCodeExpiry(everyMs = 60 * 60 * 1000): () => Promise<void> {
  return repeat(everyMs, async () => {
    const expired = await expireAccessCodes();
    if (expired) log.info("access codes expired", { expired });
  }, { failure: "access code expiry failed" });
}

/* ---- Redeeming ---- */

export type CodeCheck =
  | { ok: true; userId: number; codeId: number }
  | { ok: false; status: number; message: string; retryAfterSeconds?: number };

function lockedOut(until: Date): CodeCheck {
  return {
    ok: false, status: 429, retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)),
    message: `Too many tries to sign in. For your security, try again at ${formatUnlockTime(until)}, or ask your manager for help.`,
  };
}

/** Checks an employee number and code, throttled per account and address; nothing is used up yet. */
export async function checkAccessCode(employeeNumber: string, code: string, address: string, now = new Date()): Promise<CodeCheck> {
  const number = normaliseEmployeeNumber(employeeNumber);
  const reservation = await reserveSignInAttempt(normaliseAccount(number), address, now);
  if (!reservation.ok) return lockedOut(reservation.lockedUntil);
  const db = await getDb();
  const person = EMPLOYEE_NUMBER_PATTERN.test(number) ? await findPersonByEmployeeNumber(db, number) : undefined;
  const live = person ? await findLiveCode(db, person.id, hashCode(normaliseCode(code)), now.toISOString()) : undefined;
  const ok = !!person && !!live && person.active === 1 && person.generated === 0;
  await settleSignInAttempt(reservation.attemptId, ok, now);
  if (!ok) {
    await recordAudit(db, {
      actorId: person?.id ?? null, action: "sign-in.failure", entityType: "user", entityId: person?.id ?? null,
      detail: { employeeNumber: number.slice(0, 20), address, method: "access-code", reason: !person ? "unknown-account" : !live ? "wrong-code" : "deactivated" },
    });
    return { ok: false, status: 401, message: CODE_WRONG };
  }
  return { ok: true, userId: person.id, codeId: live.id };
}

export type NewSecret = { kind: "passphrase"; value: string } | { kind: "pin"; value: string };

export type RedeemResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; status: number; message: string; retryAfterSeconds?: number; field?: "passphrase" | "pin" };

/** PINs anyone would try first: one digit repeated, counting up or down. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{6}$/.test(pin)) return "Your PIN must be exactly 6 numbers";
  if (/^(\d)\1{5}$/.test(pin) || "0123456789".includes(pin) || "9876543210".includes(pin)) return "Choose a PIN that is harder to guess than the same number or numbers in order";
  return null;
}

/**
 * Uses the code: sets the passphrase (or, on a shared device only, the PIN), ends any
 * session this browser had, and opens a fresh one. The code is checked again (throttled)
 * and used up in the same transaction that stores the secret, so it works exactly once.
 */
export async function redeemAccessCode(
  request: Request, employeeNumber: string, code: string, secret: NewSecret, ctx: { address: string; sharedDeviceId: number | null }, now = new Date(),
): Promise<RedeemResult> {
  const check = await checkAccessCode(employeeNumber, code, ctx.address, now);
  if (!check.ok) return check;
  const db = await getDb();
  if (secret.kind === "pin") {
    if (ctx.sharedDeviceId === null) return { ok: false, status: 400, field: "pin", message: "A PIN can only be used on a shared device. Choose a passphrase instead." };
    const problem = pinProblem(secret.value);
    if (problem) return { ok: false, status: 400, field: "pin", message: problem };
  } else {
    const person = await findUserById(db, check.userId);
    const rule = checkNewPassword(secret.value, { email: (await hasEmailAddress(db, check.userId)) ? person?.email : null, councilName: getEnv().COUNCIL_NAME });
    if (!rule.ok) return { ok: false, status: 400, field: "passphrase", message: rule.message };
  }
  const hash = await hashPassword(secret.value);
  const at = now.toISOString();
  const used = await db.transaction(async (tx) => {
    if (!(await markCodeUsed(tx, check.codeId, at))) return false;
    if (secret.kind === "pin") await setPinHash(tx, check.userId, hash, at);
    else await setPasswordHashAt(tx, check.userId, hash, at);
    await recordAudit(tx, { actorId: check.userId, action: "access-code.redeem", entityType: "user", entityId: check.userId, detail: { code: check.codeId, address: ctx.address, chose: secret.kind } }, at);
    await markSignedIn(tx, check.userId, at);
    return true;
  });
  if (!used) return { ok: false, status: 401, message: CODE_WRONG };
  await destroySession(request);
  const { token } = await createSession(check.userId, now, "access-code", ctx.sharedDeviceId);
  await recordAudit(db, { actorId: check.userId, action: "sign-in.success", entityType: "user", entityId: check.userId, detail: { address: ctx.address, method: "access-code" } });
  return { ok: true, token, userId: check.userId };
}
