/**
 * CSRF defence for every mutation: the request must come from our own origin (Origin,
 * else Referer) and carry the session's token in the `csrf` form field.
 */
import crypto from "node:crypto";
import { getEnv } from "./env.server";

export const CSRF_FIELD = "csrf";

function allowedOrigins(request: Request): Set<string> {
  const origins = new Set<string>([new URL(request.url).origin]);
  const publicUrl = getEnv().PUBLIC_URL;
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  const host = request.headers.get("host");
  if (host) origins.add(`${new URL(request.url).protocol}//${host}`);
  return origins;
}

export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const source = origin && origin !== "null" ? origin : request.headers.get("referer");
  if (!source) return false;
  try {
    return allowedOrigins(request).has(new URL(source).origin);
  } catch {
    return false;
  }
}

export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** Throws a 403 response unless the request is same-origin and carries the token. */
export function assertCsrf(request: Request, form: FormData, sessionToken: string | null): void {
  if (!isSameOrigin(request)) throw new Response("This form was sent from another site, so we did not accept it.", { status: 403 });
  if (sessionToken !== null && !tokensMatch(sessionToken, form.get(CSRF_FIELD)))
    throw new Response("This form has expired. Go back, reload the page and try again.", { status: 403 });
}
