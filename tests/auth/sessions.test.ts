import { describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { ABSOLUTE_MS, IDLE_MS, SESSION_COOKIE, createSession, getSession, sessionCookie } from "~/utils/session.server";
import { createDepartment, createUser, TEST_PASSWORD } from "../factories";

const withCookie = (token: string, url = "http://localhost/", init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("cookie", `${SESSION_COOKIE}=${token}`);
  return new Request(url, { ...init, headers });
};

function tokenFrom(res: Response): string | null {
  const cookie = res.headers.get("set-cookie") ?? "";
  const m = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(cookie);
  return m ? m[1] : null;
}

function form(fields: Record<string, string>, extraHeaders: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded", ...extraHeaders },
    body: new URLSearchParams(fields).toString(),
  };
}

async function liveSessions(userId: number): Promise<number> {
  const db = await getDb();
  return (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", [userId]))?.n ?? 0;
}

describe("session expiry", () => {
  it("ends a session left idle longer than the idle limit, and deletes it", async () => {
    const user = await createUser();
    const start = new Date("2026-11-25T09:00:00Z");
    const { token } = await createSession(user.id, start);
    expect(await getSession(withCookie(token), new Date(start.getTime() + IDLE_MS - 60_000))).not.toBeNull();
    // The check above was more than five minutes after sign-in, so it moved last_seen_at on.
    const seenAt = new Date(start.getTime() + IDLE_MS - 60_000);
    expect(await getSession(withCookie(token), new Date(seenAt.getTime() + IDLE_MS - 1000))).not.toBeNull();
    expect(await getSession(withCookie(token), new Date(seenAt.getTime() + 2 * IDLE_MS + 1000))).toBeNull();
    expect(await liveSessions(user.id)).toBe(0);
  });

  it("ends a session at its absolute limit, however busy", async () => {
    const user = await createUser();
    const start = new Date("2026-11-01T09:00:00Z");
    const { token } = await createSession(user.id, start);
    let t = start.getTime();
    while (t + IDLE_MS / 2 < start.getTime() + ABSOLUTE_MS) {
      t += IDLE_MS / 2;
      expect(await getSession(withCookie(token), new Date(t))).not.toBeNull();
    }
    expect(await getSession(withCookie(token), new Date(start.getTime() + ABSOLUTE_MS + 1))).toBeNull();
  });

  it("ignores cookies that are not well-formed tokens", async () => {
    for (const bad of ["", "short", "x".repeat(200), "abc def ghi jkl mno pqr", "'; DROP TABLE sessions; --"])
      expect(await getSession(withCookie(bad))).toBeNull();
  });

  it("sets HttpOnly, SameSite=Lax, Path=/ cookies, and Secure when the intranet is served over https", async () => {
    const plain = sessionCookie(new Request("http://localhost/"), "t".repeat(40));
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).toMatch(/Path=\//);
    expect(plain).not.toMatch(/Secure/);
    expect(sessionCookie(new Request("https://intranet.example/"), "t".repeat(40))).toMatch(/; Secure/);
  });
});

describe("signing out", () => {
  it("deletes the session row, not just the cookie", async () => {
    const user = await createUser();
    const { token, csrfToken } = await createSession(user.id);
    const res = await logoutAction({ request: withCookie(token, "http://localhost/logout", form({ csrf: csrfToken })), params: {}, context: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await getSession(withCookie(token))).toBeNull();
  });

  it("signs out everywhere from the account page: every session of the person ends, others' stay", async () => {
    const user = await createUser();
    const other = await createUser();
    const phone = await createSession(user.id);
    const laptop = await createSession(user.id);
    const theirs = await createSession(other.id);
    const page = await accountLoader({ request: withCookie(laptop.token, "http://localhost/account"), params: {}, context: {} });
    expect((await page.json()).sessions).toBe(2);
    const res = await accountAction({
      request: withCookie(laptop.token, "http://localhost/account", form({ csrf: laptop.csrfToken, intent: "sign-out-everywhere" })), params: {}, context: {},
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(await getSession(withCookie(phone.token))).toBeNull();
    expect(await getSession(withCookie(laptop.token))).toBeNull();
    expect(await getSession(withCookie(theirs.token))).not.toBeNull();
    const db = await getDb();
    expect(await db.get("SELECT 1 FROM audit_log WHERE action = 'sign-out.everywhere' AND actor_id = ?", [user.id])).toBeTruthy();
  });

  it("refuses 'sign out everywhere' without the form's token", async () => {
    const user = await createUser();
    const s = await createSession(user.id);
    const thrown = await accountAction({ request: withCookie(s.token, "http://localhost/account", form({ intent: "sign-out-everywhere" })), params: {}, context: {} }).catch((e) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    expect(await getSession(withCookie(s.token))).not.toBeNull();
  });
});

describe("session fixation", () => {
  it("a cookie planted before sign-in never becomes the signed-in session", async () => {
    const user = await createUser();
    const planted = "planted-by-someone-else-0123456789abcdef";
    const res = await loginAction({
      request: withCookie(planted, "http://localhost/login", form({ email: user.email, password: TEST_PASSWORD })), params: {}, context: {},
    });
    expect(res.status).toBe(302);
    const issued = tokenFrom(res);
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect(await getOptionalUser(withCookie(planted))).toBeNull();
    expect((await getOptionalUser(withCookie(issued!)))?.id).toBe(user.id);
  });

  it("signing in from a browser that holds a live session replaces it with a new one", async () => {
    const first = await createUser();
    const second = await createUser();
    const old = await createSession(first.id);
    const res = await loginAction({
      request: withCookie(old.token, "http://localhost/login", form({ email: second.email, password: TEST_PASSWORD, csrf: old.csrfToken })), params: {}, context: {},
    });
    expect(res.status).toBe(302);
    const issued = tokenFrom(res)!;
    expect(issued).not.toBe(old.token);
    expect(await getSession(withCookie(old.token))).toBeNull();
    expect((await getOptionalUser(withCookie(issued)))?.id).toBe(second.id);
  });

  it("a sign-in form posted with a live session but without its token is refused (another site cannot swap the session)", async () => {
    const user = await createUser();
    const old = await createSession(user.id);
    const thrown = await loginAction({ request: withCookie(old.token, "http://localhost/login", form({ email: user.email, password: TEST_PASSWORD })), params: {}, context: {} }).catch((e) => e);
    expect((thrown as Response).status).toBe(403);
  });

  it("refuses a sign-in form sent from another site", async () => {
    const user = await createUser();
    const thrown = await loginAction({
      request: new Request("http://localhost/login", form({ email: user.email, password: TEST_PASSWORD }, { origin: "https://evil.example" })), params: {}, context: {},
    }).catch((e) => e);
    expect((thrown as Response).status).toBe(403);
  });

  it("each sign-in gets its own session and CSRF token", async () => {
    const user = await createUser();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    expect(a.token).not.toBe(b.token);
    expect(a.csrfToken).not.toBe(b.csrfToken);
  });
});

describe("changing your password", () => {
  it("checks the current password and the rules, ends other sessions and keeps this browser signed in", async () => {
    const user = await createUser();
    const here = await createSession(user.id);
    const elsewhere = await createSession(user.id);
    const post = (fields: Record<string, string>) =>
      accountAction({ request: withCookie(here.token, "http://localhost/account", form({ csrf: here.csrfToken, intent: "change-password", ...fields })), params: {}, context: {} });
    const wrong = await post({ currentPassword: "not my password", newPassword: "lantern moss yarn", confirmPassword: "lantern moss yarn" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.currentPassword).toMatch(/not right/);
    const weak = await post({ currentPassword: TEST_PASSWORD, newPassword: "password1234", confirmPassword: "password1234" });
    expect((await weak.json()).errors.newPassword).toMatch(/harder to guess/);
    const mismatch = await post({ currentPassword: TEST_PASSWORD, newPassword: "lantern moss yarn", confirmPassword: "lantern moss yam" });
    expect((await mismatch.json()).errors.confirmPassword).toMatch(/not the same/);
    const ok = await post({ currentPassword: TEST_PASSWORD, newPassword: "lantern moss yarn", confirmPassword: "lantern moss yarn" });
    expect(ok.status).toBe(200);
    const fresh = tokenFrom(ok)!;
    expect((await getOptionalUser(withCookie(fresh)))?.id).toBe(user.id);
    expect(await getSession(withCookie(elsewhere.token))).toBeNull();
    expect(await getSession(withCookie(here.token))).toBeNull();
  });
});

describe("the signed-in person", () => {
  it("comes with the session's CSRF token and every department grant, and not once the session or person is gone", async () => {
    const housing = await createDepartment({ slug: "housing-s", name: "Housing" });
    const finance = await createDepartment({ slug: "finance-s", name: "Finance" });
    const user = await createUser({ role: "manager", departmentId: housing.id });
    const db = await getDb();
    await db.run("INSERT INTO department_grants (user_id, department_id, can_publish_unreviewed) VALUES (?, ?, 1), (?, ?, 0)", [user.id, housing.id, user.id, finance.id]);
    const { token, csrfToken } = await createSession(user.id);
    const me = await getOptionalUser(withCookie(token));
    expect(me).toMatchObject({ id: user.id, role: "manager", departmentId: housing.id, departmentSlug: "housing-s", departmentName: "Housing", csrfToken });
    expect([...me!.grants].sort((a, b) => a.departmentId - b.departmentId)).toEqual([
      { departmentId: housing.id, canPublishUnreviewed: true },
      { departmentId: finance.id, canPublishUnreviewed: false },
    ].sort((a, b) => a.departmentId - b.departmentId));

    const other = await createUser();
    const { token: otherToken } = await createSession(other.id);
    expect((await getOptionalUser(withCookie(otherToken)))!.grants).toEqual([]);

    await db.run("UPDATE users SET active = 0 WHERE id = ?", [user.id]);
    expect(await getOptionalUser(withCookie(token))).toBeNull();
    await db.run("DELETE FROM sessions WHERE user_id = ?", [other.id]);
    expect(await getOptionalUser(withCookie(otherToken))).toBeNull();
  });
});
