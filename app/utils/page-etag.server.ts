/**
 * Validators for signed-in pages that opt in (`export const handle = { etag: true }`), so a
 * browser's repeat visit costs a 304 instead of a render and the page's bytes (issue 17,
 * decision 191).
 *
 * The ETag is a hash of everything the HTML is made from: the build (its asset version),
 * the address, every matched route's loader data (the person's name, form token, reading
 * settings, their notices, things to confirm, For you and the shared lists of their
 * audience) and the person's session cookie. So it is per person and per session: another
 * person's ETag (another session, even on the same browser) never matches, and neither does
 * one from before anything the page shows changed. The loaders still run (the ETag is made
 * from what they return); rendering and sending are what a match saves.
 *
 * Never for a shared device (every answer there is `no-store`, decision 121), a page
 * answering a form (action data), an error, or a request without a session. The document's
 * CSP nonce is left out of the hash: on a 304 the server sends no new CSP header, so the
 * browser keeps the stored page together with the policy it came with (server.js).
 */
import crypto from "node:crypto";
import type { EntryContext } from "@remix-run/node";
import { SESSION_COOKIE } from "./session.server";
import { DEVICE_COOKIE } from "./shared-device.server";

function cookieValue(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/** The page's ETag, or null when this answer must not have one. */
export function pageEtag(request: Request, status: number, context: EntryContext): string | null {
  if (status !== 200 || (request.method !== "GET" && request.method !== "HEAD")) return null;
  const handler = context.staticHandlerContext;
  if (handler.actionData || handler.errors) return null;
  if (!handler.matches.some((m) => (context.routeModules[m.route.id]?.handle as { etag?: boolean } | undefined)?.etag === true)) return null;
  const session = cookieValue(request, SESSION_COOKIE);
  if (!session || cookieValue(request, DEVICE_COOKIE) !== null) return null;
  const url = new URL(request.url);
  const hash = crypto
    .createHash("sha256")
    .update(`${context.manifest.version}\n${url.pathname}${url.search}\n${session}\n`)
    // The loader data as Remix already wrote it for the page (escaped JSON with the build's
    // settings; the same data gives the same string), rather than a second JSON of it.
    .update(context.serverHandoffString ?? JSON.stringify(handler.loaderData))
    .digest("base64url")
    .slice(0, 32);
  // Weak: the bytes differ (each document has its own nonce) while what it shows is the same.
  return `W/"${hash}"`;
}

/** Whether the browser's If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function browserHas(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}
