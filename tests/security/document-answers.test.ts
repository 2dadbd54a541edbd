/**
 * How the real server sends a page (decision 270): the rendered HTML is handed to server.js
 * as a string and written in one piece, with its length, instead of going through a body
 * stream. Every kind of answer must still be whole and right: a page, a page with an error
 * (rendered by the error boundary), a HEAD request (headers only), a compressed page, a 304,
 * and answers that are not documents (a file, a feed), which keep their own bodies.
 */
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, ensureBuild, openSession, type Session } from "./support";

let server: RunningServer;
let staff: Session;

beforeAll(async () => {
  ensureBuild();
  server = await startServer();
  staff = await openSession(server.databasePath, DEMO_EMAILS.staff);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; bytes: Buffer };

/** One request, the body as the bytes on the wire (not decompressed). */
function ask(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const nonceOf = (a: Answer) => /'nonce-([^']+)'/.exec(String(a.headers["content-security-policy"]))?.[1];

describe("documents are sent whole, in one piece", () => {
  it("a signed-in page: the whole document, its length stated, the header's nonce on its script", async () => {
    const home = await ask("/", { headers: { cookie: staff.cookie } });
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(home.headers["content-length"])).toBe(home.bytes.length);
    expect(home.headers["transfer-encoding"]).toBeUndefined();
    const html = home.bytes.toString("utf8");
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html).toContain("<h1>Welcome, ");
    const nonce = nonceOf(home);
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    // Each answer its own document: a second request gets its own nonce, in its own HTML.
    const again = await ask("/", { headers: { cookie: staff.cookie } });
    expect(nonceOf(again)).not.toBe(nonce);
    expect(again.bytes.toString("utf8")).toContain(`nonce="${nonceOf(again)}"`);
  });

  it("a page that is not found is the error page, whole, with its status", async () => {
    const missing = await ask("/announcements/no-such-announcement-anywhere", { headers: { cookie: staff.cookie } });
    expect(missing.status).toBe(404);
    expect(Number(missing.headers["content-length"])).toBe(missing.bytes.length);
    const html = missing.bytes.toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toMatch(/<h1[^>]*>[^<]*(not found|find)/i);
    expect(html).not.toContain("<h1>Welcome, ");
  });

  it("HEAD: the page's headers and no body", async () => {
    const head = await ask("/", { method: "HEAD", headers: { cookie: staff.cookie } });
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(head.bytes.length).toBe(0);
    // The connection is still usable: the next answer is not the HEAD's body read late.
    const next = await ask("/", { headers: { cookie: staff.cookie } });
    expect(next.bytes.toString("utf8")).toContain("<h1>Welcome, ");
  });

  it("compressed for a browser that asks, and the same page once unpacked", async () => {
    const gz = await ask("/guides", { headers: { cookie: staff.cookie, "accept-encoding": "gzip" } });
    expect(gz.status).toBe(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const html = zlib.gunzipSync(gz.bytes).toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html).toContain(`nonce="${nonceOf(gz)}"`);
  });

  it("a repeat visit with the page's ETag is a 304 with no body", async () => {
    const first = await ask("/", { headers: { cookie: staff.cookie } });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const repeat = await ask("/", { headers: { cookie: staff.cookie, "if-none-match": etag } });
    expect(repeat.status).toBe(304);
    expect(repeat.bytes.length).toBe(0);
    expect(repeat.headers["content-security-policy"]).toBeUndefined();
  });

  it("answers that are not documents keep their own bodies", async () => {
    const health = await ask("/healthcheck");
    expect(health.status).toBe(200);
    expect(health.bytes.length).toBeGreaterThan(0);
    // A resource route's own body (a download), whole.
    const admin = await openSession(server.databasePath, DEMO_EMAILS.admin);
    const csv = await ask("/admin/content-health.csv", { headers: { cookie: admin.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.bytes.toString("utf8").split("\n").length).toBeGreaterThan(2);
  });
});
