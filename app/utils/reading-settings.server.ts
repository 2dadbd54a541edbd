/**
 * Where a person's reading settings live (decision 122): in the database for a signed-in
 * person on their own browser; in a browser-session cookie on a shared device (and for
 * someone not signed in), so the next person on a depot tablet starts from the standard
 * settings once "Done" clears it.
 */
import { findReadingSettings, saveReadingSettings } from "~/models/reading-settings.server";
import type { SessionUser } from "./auth.server";
import { getDb, nowIso } from "./db.server";
import { decodeReading, DEFAULT_READING, encodeReading, type ReadingSettings } from "./reading-settings";
import { isHttps } from "./session.server";

export const READING_COOKIE = "intranet_reading";

function cookieValue(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === READING_COOKIE) return rest.join("=");
  }
  return null;
}

export async function readingSettingsFor(request: Request, user: Pick<SessionUser, "id" | "sharedDevice" | "storedReading"> | null): Promise<ReadingSettings> {
  if (user && !user.sharedDevice) {
    // Read with the session on every page (auth.server.ts), so no statement of its own.
    const stored = user.storedReading !== undefined ? user.storedReading : await findReadingSettings(await getDb(), user.id);
    return stored ?? DEFAULT_READING;
  }
  return decodeReading(cookieValue(request));
}

/** Saves the settings; returns the Set-Cookie header to send when they live in a cookie. */
export async function storeReadingSettings(request: Request, user: Pick<SessionUser, "id" | "sharedDevice">, s: ReadingSettings): Promise<string | null> {
  if (!user.sharedDevice) {
    await saveReadingSettings(await getDb(), user.id, s, nowIso());
    return null;
  }
  // No Max-Age: gone when the browser closes, and cleared by "Done" (sign-out).
  return `${READING_COOKIE}=${encodeReading(s)}; Path=/; HttpOnly; SameSite=Lax${isHttps(request) ? "; Secure" : ""}`;
}

export function clearReadingCookie(request: Request): string {
  return `${READING_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${isHttps(request) ? "; Secure" : ""}`;
}
