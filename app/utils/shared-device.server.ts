/**
 * Shared devices (issue 18, decision 121). A browser marked as shared by an admin holds a
 * long-lived cookie `intranet_device=<id>.<HMAC>`; the HMAC (key "shared-device" in
 * signing_keys) stops anyone making one up, and the row (not revoked) makes it count.
 * On a shared device: PIN sign-in, no "keep me signed in", a short idle timeout, "Done",
 * and `Cache-Control: no-store` on every signed-in page.
 */
import crypto from "node:crypto";
import { getOrCreateSigningKey } from "~/models/notification-prefs.server";
import { findLiveSharedDevice, type SharedDeviceRow } from "~/models/shared-device.server";
import { getDb } from "./db.server";
import { isHttps } from "./session.server";

export const DEVICE_COOKIE = "intranet_device";
/** Browsers keep a cookie at most 400 days; the admin page says when a device must be marked again. */
export const DEVICE_COOKIE_DAYS = 400;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...rest] = part.trim().split("=");
    if (k === name) return rest.join("=");
  }
  return null;
}

async function sign(id: number): Promise<string> {
  const key = await getOrCreateSigningKey(await getDb(), "shared-device");
  return crypto.createHmac("sha256", key).update(`shared-device:${id}`).digest("base64url");
}

/** The shared device this browser is, or null (no cookie, a forged one, or a revoked device). */
export async function sharedDeviceOf(request: Request): Promise<SharedDeviceRow | null> {
  const value = readCookie(request, DEVICE_COOKIE);
  const m = value ? /^(\d{1,9})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!m) return null;
  const expected = Buffer.from(await sign(Number(m[1])));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return (await findLiveSharedDevice(await getDb(), Number(m[1]))) ?? null;
}

export async function isSharedDevice(request: Request): Promise<boolean> {
  return (await sharedDeviceOf(request)) !== null;
}

export async function deviceCookie(request: Request, id: number): Promise<string> {
  return `${DEVICE_COOKIE}=${id}.${await sign(id)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_COOKIE_DAYS * 86_400}${isHttps(request) ? "; Secure" : ""}`;
}

export function clearDeviceCookie(request: Request): string {
  return `${DEVICE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${isHttps(request) ? "; Secure" : ""}`;
}
