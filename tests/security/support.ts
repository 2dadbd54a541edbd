/**
 * Shared by the security and reliability tests, which run against the real production
 * server (node server.js) started as a child process:
 *
 * - `ensureBuild()` builds the app once if build/ is missing (the unit run comes before
 *   `remix build` in `npm test`, and a fresh clone has no build);
 * - `listRoutes()` reads app/routes at test time (Remix v2 flat-route file names), so a
 *   route added later is walked without editing these tests;
 * - `openSession()` writes a session row straight into the server's database file, so
 *   tests can act as any role without going through sign-in (and its rate limits).
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Database, type Database as AnyDatabase } from "~/utils/db.server";

const ROOT = process.cwd();
export const ROUTES_DIR = path.join(ROOT, "app", "routes");
export const SESSION_COOKIE = "intranet_session";

/** Builds the production bundle if there is none (with a lock, as test files run in parallel). */
export function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, "build", "index.js"))) return;
  const lock = path.join(ROOT, ".build-lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("waited too long for another build");
      execFileSync("sleep", ["0.5"]);
      if (fs.existsSync(path.join(ROOT, "build", "index.js"))) return;
    }
  }
  try {
    if (!fs.existsSync(path.join(ROOT, "build", "index.js"))) execFileSync("npx", ["remix", "build"], { stdio: "ignore", cwd: ROOT });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export type RouteInfo = {
  /** Route file relative to app/routes, e.g. "announcements.$slug.tsx". */
  file: string;
  /** URL pattern, e.g. "/announcements/:slug"; "*" marks a splat. */
  pattern: string;
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
  hasComponent: boolean;
};

/** Splits a flat-route name on dots outside [escapes]. */
function splitSegments(name: string): string[] {
  const out: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** "announcements.$slug" → "/announcements/:slug" following Remix v2's flat routes. */
export function routePattern(name: string): { pattern: string; params: string[] } {
  const params: string[] = [];
  const parts: string[] = [];
  for (const raw of splitSegments(name)) {
    if (raw === "_index" || raw === "route" || raw === "index") continue;
    if (raw.startsWith("_")) continue; // pathless layout
    let seg = raw.endsWith("_") ? raw.slice(0, -1) : raw;
    const optional = /^\(.*\)$/.test(seg);
    if (optional) seg = seg.slice(1, -1);
    if (seg === "$") {
      params.push("*");
      parts.push("*");
      continue;
    }
    if (seg.startsWith("$")) {
      params.push(seg.slice(1));
      parts.push(`:${seg.slice(1)}`);
      continue;
    }
    parts.push(seg.replace(/\[(.*?)\]/g, "$1"));
  }
  return { pattern: `/${parts.join("/")}`, params };
}

export function listRoutes(dir = ROUTES_DIR): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    let file: string;
    let name: string;
    if (entry.isDirectory()) {
      const inner = ["route.tsx", "route.ts", "route.jsx", "route.js"].find((f) => fs.existsSync(path.join(dir, entry.name, f)));
      if (!inner) continue;
      file = path.join(entry.name, inner);
      name = entry.name;
    } else {
      if (!/\.(tsx?|jsx?)$/.test(entry.name) || /\.test\.|\.server\.|\.client\./.test(entry.name)) continue;
      file = entry.name;
      name = entry.name.replace(/\.(tsx?|jsx?)$/, "");
    }
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const exported = (what: string) => new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${what}\\b|export\\s*\\{[^}]*\\b${what}\\b`).test(source);
    routes.push({
      file, ...routePattern(name), hasLoader: exported("loader"), hasAction: exported("action"), hasComponent: /export\s+default\b/.test(source),
    });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Fills a pattern's params; splats get the value as-is (it may contain slashes). */
export function fillPattern(pattern: string, value: string): string {
  return pattern.replace(/:[A-Za-z0-9_]+|\*/g, value);
}

/** Values a param is tried with: real-looking, numeric edge cases, and hostile ones (already URL-encoded). */
export const HOSTILE_PARAM_VALUES = [
  "..%2f..%2fetc%2fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "....//....//etc/passwd", "%00", "a%00b",
  "%", "%zz", "%E0%A4%A", "%C0%AE%C0%AE%2F", "%F0%9F%92%A9", "0", "-1", "99999999999999999999999", "1e309", "NaN",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%20'1'%3D'1", "%22%3E%3Csvg%2Fonload%3Dalert(1)%3E", "CON", ".", "%2e",
  "a".repeat(300), "%20", "__proto__", "constructor", "x".repeat(10_000),
];

export type Session = { cookie: string; csrf: string; userId: number };

/** A fresh session for the person with this email, written into the server's own database file. */
/**
 * The database a built server started by the tests uses: in the PostgreSQL run (decision 200)
 * the server inherits this test file's DATABASE_URL, so that database; otherwise its SQLite file.
 */
export async function openServerDatabase(databasePath: string): Promise<AnyDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { PostgresDatabase } = await import("~/utils/db-postgres.server");
    return PostgresDatabase.open(url, { max: 2 });
  }
  return Database.open(databasePath);
}

export async function openSession(databasePath: string, email: string): Promise<Session> {
  const db = await openServerDatabase(databasePath);
  try {
    const user = await db.get<{ id: number }>("SELECT id FROM users WHERE lower(email) = lower(?)", [email]);
    if (!user) throw new Error(`no user ${email} in ${databasePath}`);
    const token = crypto.randomBytes(32).toString("base64url");
    const csrf = crypto.randomBytes(24).toString("base64url");
    const now = new Date();
    await db.run("INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", [
      crypto.createHash("sha256").update(token).digest("hex"), user.id, csrf, now.toISOString(), now.toISOString(),
      new Date(now.getTime() + 24 * 3600 * 1000).toISOString(),
    ]);
    return { cookie: `${SESSION_COOKIE}=${token}`, csrf, userId: user.id };
  } finally {
    await db.close();
  }
}

/** Signs in through the real form, as a browser would (same-origin POST), and returns the session cookie. */
export async function signInViaForm(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  return cookie.split(";")[0];
}

export const DEMO_PASSWORD = "demo-password-for-tests";
export const DEMO_EMAILS = {
  staff: "staff@riverside.gov.uk", champion: "champion@riverside.gov.uk", manager: "manager@riverside.gov.uk",
  comms: "comms@riverside.gov.uk", admin: "admin@riverside.gov.uk",
} as const;

/** Runs `task` over `items` with at most `limit` running at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i], i);
      }
    }),
  );
  return results;
}

export type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/**
 * One request through node:http, byte for byte: unlike fetch it does not normalise the
 * path ("/a/../b", "%zz" stay as sent) and lets a test send any method, headers and body.
 * A server that closes the connection early (413 before reading the body) still yields its answer.
 */
export async function rawRequest(base: string, options: RawOptions): Promise<RawResponse> {
  // A server that refuses a large body answers and closes at once; if the close wins the race
  // with its answer (EPIPE before the response), ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await rawRequestOnce(base, options);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 3 || (code !== "EPIPE" && code !== "ECONNRESET")) throw err;
    }
  }
}

type RawOptions = { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer };

function rawRequestOnce(base: string, options: RawOptions): Promise<RawResponse> {
  const url = new URL(base);
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  const headers = { ...options.headers };
  if (body && !Object.keys(headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? "GET", path: options.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (!req.writableFinished) req.destroy();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    let answered = false;
    req.on("response", () => (answered = true));
    req.on("error", (err: NodeJS.ErrnoException) => {
      // EPIPE/ECONNRESET while still sending a body the server refused: its answer is already in.
      if ((err.code === "EPIPE" || err.code === "ECONNRESET") && answered) return;
      reject(err);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout ${options.method ?? "GET"} ${options.path.slice(0, 100)}`)));
    req.end(body);
  });
}
