/**
 * Sign-in throttling, per account and per client address, stored in SQLite so it holds
 * across restarts and for every request handled by this process.
 *
 * An attempt is reserved *before* the password is checked: in one transaction we check
 * the locks, count the recent failures (undecided attempts count as failures) and insert
 * the attempt. Transactions are serialised by the write queue, so twenty guesses sent at
 * once cannot all see "4 failures so far". When an attempt fails and the count reaches
 * the limit, a lock row is written that holds for its full time.
 */
import { recordAudit } from "~/models/audit.server";
import {
  countAccountFailures, countAddressFailures, findLock, forgiveAccountFailures, insertSignInAttempt, placeLock, pruneSignInAttempts,
  removeLock, setAttemptOutcome,
} from "~/models/sign-in-throttle.server";
import { getDb } from "./db.server";

const MINUTE = 60_000;
export const ACCOUNT_LIMIT = { failures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const ADDRESS_LIMIT = { failures: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const KEEP_MS = 24 * 60 * MINUTE;
/** Old attempts are pruned every so many reservations, inside the same transaction. */
const PRUNE_EVERY = 200;
let reservations = 0;

export type Reservation =
  | { ok: true; attemptId: number }
  | { ok: false; scope: "account" | "address"; lockedUntil: Date };

const accountKey = (account: string) => `account:${account}`;
const addressKey = (address: string) => `address:${address}`;

export function normaliseAccount(email: string): string {
  return email.trim().toLowerCase().slice(0, 254);
}

/**
 * The address to throttle on. IPv4-mapped IPv6 becomes plain IPv4; other IPv6 addresses
 * are cut to their /64, because one home or office line is given a whole /64.
 */
export function normaliseAddress(raw: string | null | undefined): string {
  if (!raw) return "unknown";
  const ip = raw.trim().replace(/^\[|\]$/g, "").split("%")[0];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(":")) return ip.slice(0, 64);
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** The client address Express put in the load context (server.js), or "unknown" (direct calls in tests). */
export function clientAddress(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | null | undefined)?.clientIp;
  return normaliseAddress(typeof ip === "string" ? ip : null);
}

export async function reserveSignInAttempt(account: string, address: string, now = new Date()): Promise<Reservation> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    if (++reservations % PRUNE_EVERY === 0) await pruneSignInAttempts(tx, new Date(now.getTime() - KEEP_MS).toISOString());
    const addressLock = await findLock(tx, addressKey(address), at);
    if (addressLock) return { ok: false, scope: "address", lockedUntil: new Date(addressLock) } as const;
    const accountLock = await findLock(tx, accountKey(account), at);
    if (accountLock) return { ok: false, scope: "account", lockedUntil: new Date(accountLock) } as const;
    const addressSince = new Date(now.getTime() - ADDRESS_LIMIT.windowMs).toISOString();
    if ((await countAddressFailures(tx, address, addressSince, true)) >= ADDRESS_LIMIT.failures)
      return { ok: false, scope: "address", lockedUntil: new Date(now.getTime() + ADDRESS_LIMIT.lockMs) } as const;
    const accountSince = new Date(now.getTime() - ACCOUNT_LIMIT.windowMs).toISOString();
    if ((await countAccountFailures(tx, account, accountSince, true)) >= ACCOUNT_LIMIT.failures)
      return { ok: false, scope: "account", lockedUntil: new Date(now.getTime() + ACCOUNT_LIMIT.lockMs) } as const;
    return { ok: true, attemptId: await insertSignInAttempt(tx, account, address, at) } as const;
  });
}

/** Records how a reserved attempt ended; a failure that reaches a limit locks the account or address. */
export async function settleSignInAttempt(attemptId: number, succeeded: boolean, now = new Date()): Promise<void> {
  const db = await getDb();
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    const attempt = await setAttemptOutcome(tx, attemptId, succeeded ? "success" : "failure");
    if (!attempt || succeeded) return;
    const accountSince = new Date(now.getTime() - ACCOUNT_LIMIT.windowMs).toISOString();
    if ((await countAccountFailures(tx, attempt.account, accountSince, false)) >= ACCOUNT_LIMIT.failures) {
      const until = new Date(now.getTime() + ACCOUNT_LIMIT.lockMs).toISOString();
      if (await placeLock(tx, accountKey(attempt.account), until, at))
        await recordAudit(tx, { actorId: null, action: "sign-in.locked", entityType: "account", detail: { account: attempt.account, until } }, at);
    }
    const addressSince = new Date(now.getTime() - ADDRESS_LIMIT.windowMs).toISOString();
    if ((await countAddressFailures(tx, attempt.address, addressSince, false)) >= ADDRESS_LIMIT.failures) {
      const until = new Date(now.getTime() + ADDRESS_LIMIT.lockMs).toISOString();
      if (await placeLock(tx, addressKey(attempt.address), until, at))
        await recordAudit(tx, { actorId: null, action: "sign-in.locked", entityType: "address", detail: { address: attempt.address, until } }, at);
    }
  });
}

/** When an account is locked out of signing in, until when; null if it is not. */
export async function accountLockedUntil(account: string, now = new Date()): Promise<Date | null> {
  const db = await getDb();
  const until = await findLock(db, accountKey(normaliseAccount(account)), now.toISOString());
  return until ? new Date(until) : null;
}

/**
 * An admin may lift an account's lock (for example after the service desk has confirmed
 * who is on the phone). The failures stay recorded but no longer count.
 */
export async function unlockAccount(account: string, actorId: number | null, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const key = normaliseAccount(account);
  return db.transaction(async (tx) => {
    const lifted = await removeLock(tx, accountKey(key));
    if (lifted) {
      await forgiveAccountFailures(tx, key, now.toISOString());
      await recordAudit(tx, { actorId, action: "sign-in.unlocked", entityType: "account", detail: { account: key } });
    }
    return lifted;
  });
}

/** "14:35" in UK time, for "try again at 14:35". */
export function formatUnlockTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

export function lockedMessage(reservation: Extract<Reservation, { ok: false }>): string {
  const time = formatUnlockTime(reservation.lockedUntil);
  return reservation.scope === "account"
    ? `Too many attempts to sign in to this account. For your security it is locked: try again at ${time}. If you have forgotten your password, contact the ICT service desk on extension 4357.`
    : `Too many attempts to sign in from your network. Try again at ${time}. If you need help now, contact the ICT service desk on extension 4357.`;
}
