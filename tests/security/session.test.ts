/**
 * Session cookies against the real server: a tampered or made-up cookie is simply "signed
 * out" (never a 500, never someone else's session), signing in issues a new token (no
 * fixation), and signing out deletes the session on the server, so replaying the old
 * cookie afterwards gets the sign-in page.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, DEMO_PASSWORD, ensureBuild, openServerDatabase, openSession, rawRequest, SESSION_COOKIE, signInViaForm } from "./support";

let server: RunningServer;

beforeAll(async () => {
  ensureBuild();
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function home(cookie: string) {
  return rawRequest(server.url, { path: "/", headers: { cookie } });
}

describe("session cookies", () => {
  it("treats random, altered and malformed cookies as signed out", async () => {
    const real = await openSession(server.databasePath, DEMO_EMAILS.staff);
    const token = real.cookie.split("=")[1];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const tampered = [
      crypto.randomBytes(32).toString("base64url"),
      flip(token, 0),
      flip(token, token.length - 1),
      token.slice(0, -1),
      `${token}x`,
      token.toUpperCase(),
      "",
      "null",
      "undefined",
      "../../etc/passwd",
      "%00",
      "a".repeat(5000),
      `${token.slice(0, 20)}'; DROP TABLE sessions; --`,
      '{"userId":1,"role":"admin"}',
      Buffer.from(JSON.stringify({ userId: 1 })).toString("base64"),
    ];
    for (const value of tampered) {
      const res = await home(`${SESSION_COOKIE}=${value}`);
      expect(res.status, value.slice(0, 40)).toBe(302);
      expect(res.headers.location, value.slice(0, 40)).toMatch(/^\/login/);
    }
    // Odd cookie headers
    for (const header of [`${SESSION_COOKIE}`, `${SESSION_COOKIE}==`, `;;;=`, `${SESSION_COOKIE}=${"%".repeat(50)}`, `a=1; ${SESSION_COOKIE}=; b=2`]) {
      const res = await home(header);
      expect(res.status, header).toBe(302);
    }
    // A tampered cookie on a form post is refused, not a 500.
    const post = await rawRequest(server.url, {
      method: "POST", path: "/logout",
      headers: { cookie: `${SESSION_COOKIE}=${flip(token, 5)}`, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${real.csrf}`,
    });
    expect(post.status).toBeLessThan(500);
    // The real cookie still works: nothing above touched it.
    expect((await home(real.cookie)).status).toBe(200);
  });

  it("issues a new session token at sign-in, ignoring one the visitor already had", async () => {
    const planted = crypto.randomBytes(32).toString("base64url");
    const res = await fetch(`${server.url}/login`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: `${SESSION_COOKIE}=${planted}` },
      body: new URLSearchParams({ email: DEMO_EMAILS.manager, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(302);
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const issued = set.split(";")[0].split("=")[1];
    expect(issued).not.toBe(planted);
    expect((await home(`${SESSION_COOKIE}=${planted}`)).status).toBe(302);
    expect((await home(`${SESSION_COOKIE}=${issued}`)).status).toBe(200);
  });

  it("signing out deletes the session on the server: the old cookie no longer works", async () => {
    const cookie = await signInViaForm(server.url, DEMO_EMAILS.comms, DEMO_PASSWORD);
    const page = await home(cookie);
    expect(page.status).toBe(200);
    const csrf = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
    expect(csrf).toBeTruthy();
    const out = await rawRequest(server.url, {
      method: "POST", path: "/logout",
      headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${encodeURIComponent(csrf!)}`,
    });
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe("/login");
    // Replaying the cookie the browser was told to forget:
    const replay = await home(cookie);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toMatch(/^\/login/);
    const token = cookie.split("=")[1];
    const db = await openServerDatabase(server.databasePath);
    try {
      const row = await db.get("SELECT 1 FROM sessions WHERE id = ?", [crypto.createHash("sha256").update(token).digest("hex")]);
      expect(row).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
