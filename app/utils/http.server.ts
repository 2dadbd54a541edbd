/**
 * HTTP concerns in one place: security headers for every response, and the mapping of
 * named errors to status codes. Routes throw `notFound()` etc.; the root error boundary
 * renders the friendly page.
 */
import crypto from "node:crypto";

/** Powerful browser features an intranet page never needs; names the browser knows, so it logs no warnings. */
const PERMISSIONS_POLICY = [
  "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
  "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get", "usb",
  "xr-spatial-tracking", "browsing-topics",
].map((feature) => `${feature}=()`).join(", ");

/**
 * Random bytes for nonces and request ids, taken from a pool filled 4 KB at a time by the
 * operating system's generator (`randomFillSync`, as `crypto.randomUUID` does): the same
 * bytes, one call per 250 requests instead of two per request (decision 255). Each byte is
 * handed out once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

function randomPart(bytes: number, encoding: "base64" | "base64url"): string {
  if (poolAt + bytes > POOL_BYTES) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  const out = pool.toString(encoding, poolAt, poolAt + bytes);
  poolAt += bytes;
  return out;
}

/** A CSP nonce: 16 random bytes, base64. */
export function makeNonce(): string {
  return randomPart(16, "base64");
}

/** A request id for the logs and the X-Request-Id header: 6 random bytes, base64url. */
export function makeRequestId(): string {
  return randomPart(6, "base64url");
}

/**
 * Headers set on every response (pages, data requests, static files, 404s and errors),
 * by server.js before anything else runs. Scripts run only with this request's nonce
 * ('strict-dynamic' lets Remix's nonced entry script load its modules); no inline
 * scripts, styles or event handlers; nothing may frame us. HSTS only when PUBLIC_URL is
 * https, so a plain-http test or first set-up is not locked out of http.
 */
export function securityHeaders(nonce: string, options: { https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "manifest-src 'self'",
    // The service worker (decision 124): 'strict-dynamic' above ignores 'self', so workers are named here.
    "worker-src 'self'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Origin-Agent-Cluster": "?1",
    "X-DNS-Prefetch-Control": "off",
    "X-Permitted-Cross-Domain-Policies": "none",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A page or item that does not exist, or that the viewer may not know exists. */
export function notFound(message = "We could not find that page."): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have permission to do that."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message: string): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/** Parses a positive page number from a query string; anything odd becomes page 1. */
export function pageParam(url: URL, name = "page"): number {
  const raw = url.searchParams.get(name);
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}
