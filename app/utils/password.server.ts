/**
 * scrypt password hashing from node:crypto, with a per-password salt and constant-time
 * compare; and the rules a new password must meet.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize("NFKC"), salt, KEYLEN, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Work is done even without a stored hash, so response time does not reveal whether an account exists.
  const parts = (stored ?? `scrypt$${PARAMS.N}$8$1$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEYLEN).toString("base64")}`).split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, "base64");
  const key = await scrypt(password.normalize("NFKC"), Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem,
  });
  return stored !== null && crypto.timingSafeEqual(key, expected);
}

/*
 * Rules for choosing a password, after the NCSC's password guidance: length and a
 * deny-list, no composition rules (no "one capital, one symbol"), no expiry. Twelve
 * characters is easy with three random words; 256 keeps scrypt's work bounded.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
export const PASSWORD_HINT = "Use 12 characters or more. Three random words are easy to remember and hard to guess, for example ‘tulip piano harbour’.";

let denyList: Set<string> | undefined;

/** The deny-list file, read once. Without it (a broken deployment) the built-in few still apply. */
export function passwordDenyList(): Set<string> {
  if (denyList) return denyList;
  const file = process.env.PASSWORD_DENY_LIST ?? path.join(process.cwd(), "app", "utils", "password-deny-list.txt");
  let lines: string[] = ["password1234", "qwertyuiop12", "123456789012", "passwordpassword", "iloveyou1234"];
  try {
    lines = fs.readFileSync(file, "utf8").split("\n");
  } catch {
    /* fall back to the short list above */
  }
  denyList = new Set(lines.map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
  return denyList;
}

function normalise(password: string): string {
  return password.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** Words a person or an attacker would try first for this account: the council's name and the email's parts. */
function contextWords(email: string | null | undefined, councilName: string): string[] {
  const words = new Set<string>();
  const council = councilName.toLowerCase();
  words.add(council.replace(/[^a-z0-9]/g, ""));
  for (const w of council.split(/[^a-z0-9]+/)) if (w.length >= 4) words.add(w);
  if (email) {
    const [local, domain = ""] = email.toLowerCase().split("@");
    words.add(local.replace(/[^a-z0-9]/g, ""));
    for (const w of local.split(/[^a-z0-9]+/)) if (w.length >= 3) words.add(w);
    const org = domain.split(".")[0];
    if (org && org.length >= 4) words.add(org);
  }
  return [...words].filter((w) => w.length >= 3).sort((a, b) => b.length - a.length);
}

export type PasswordCheck = { ok: true } | { ok: false; message: string };

/** Whether `password` may be set for the account with this email; the message says why not, plainly. */
export function checkNewPassword(password: string, context: { email?: string | null; councilName: string }): PasswordCheck {
  const length = [...password].length;
  if (length === 0) return { ok: false, message: "Enter a password" };
  if (length < PASSWORD_MIN) return { ok: false, message: `Password must be ${PASSWORD_MIN} characters or more` };
  if (length > PASSWORD_MAX) return { ok: false, message: `Password must be ${PASSWORD_MAX} characters or fewer` };
  const plain = normalise(password);
  const core = plain.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const list = passwordDenyList();
  if (list.has(plain) || (core.length > 0 && list.has(core)) || /^(.{1,4})\1+$/su.test(plain))
    return { ok: false, message: "Choose a password that is harder to guess: this one is often used and is among the first that attackers try" };
  let rest = plain;
  for (const word of contextWords(context.email, context.councilName)) rest = rest.split(word).join("");
  if (rest.replace(/[^\p{L}]/gu, "").length < 6)
    return { ok: false, message: "Choose a password that is not based on your email address or the council’s name" };
  return { ok: true };
}
