import { beforeAll, describe, expect, it } from "vitest";
import { signIn } from "~/commands/sign-in.server";
import { action as loginAction } from "~/routes/login";
import { getDb } from "~/utils/db.server";
import {
  ACCOUNT_LIMIT, ADDRESS_LIMIT, formatUnlockTime, normaliseAddress, reserveSignInAttempt, settleSignInAttempt,
} from "~/utils/rate-limit.server";
import { createUser, TEST_PASSWORD } from "../factories";

const request = () => new Request("http://localhost/login", { method: "POST" });
let n = 0;
/** A fresh client address per test, so tests do not share the per-address count. */
const freshAddress = () => `10.0.${Math.floor(++n / 250)}.${n % 250}`;

async function auditCount(action: string, email: string): Promise<number> {
  const db = await getDb();
  const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND detail_json LIKE ?", [action, `%${email}%`]);
  return row?.n ?? 0;
}

describe("sign-in throttling per account", () => {
  it("locks an account for 15 minutes after 5 failures, with the time to try again, even for the right password", async () => {
    const user = await createUser();
    const address = freshAddress();
    for (let i = 0; i < ACCOUNT_LIMIT.failures; i++) {
      const r = await signIn(request(), user.email, "wrong password here", address);
      expect(r).toMatchObject({ ok: false, status: 401 });
    }
    const locked = await signIn(request(), user.email, TEST_PASSWORD, address);
    expect(locked.ok).toBe(false);
    if (locked.ok) return;
    expect(locked.status).toBe(429);
    expect(locked.message).toMatch(/Too many attempts.*try again at \d\d:\d\d/);
    expect(locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // The address is not locked: someone else on the same network can still sign in.
    const other = await createUser();
    expect((await signIn(request(), other.email, TEST_PASSWORD, address)).ok).toBe(true);
    expect(await auditCount("sign-in.locked", user.email)).toBe(1);
  });

  it("holds under parallel attempts: twenty guesses at once get only five password checks", async () => {
    const user = await createUser();
    const address = freshAddress();
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn(request(), user.email, "a parallel wrong guess", address)));
    const checked = results.filter((r) => !r.ok && r.status === 401).length;
    const refused = results.filter((r) => !r.ok && r.status === 429).length;
    expect(checked).toBe(ACCOUNT_LIMIT.failures);
    expect(refused).toBe(20 - ACCOUNT_LIMIT.failures);
    expect(await auditCount("sign-in.failure", user.email)).toBe(ACCOUNT_LIMIT.failures);
    expect((await signIn(request(), user.email, TEST_PASSWORD, address)).ok).toBe(false);
  });

  it("holds under parallel attempts mixed with the right password: never more than five wrong guesses are checked", async () => {
    const user = await createUser();
    const address = freshAddress();
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? TEST_PASSWORD : `guess number ${i}`));
    const results = await Promise.all(guesses.map((g) => signIn(request(), user.email, g, address)));
    expect(results.filter((r) => !r.ok && r.status === 401).length).toBeLessThanOrEqual(ACCOUNT_LIMIT.failures);
  });

  it("unlocks after the lock time, and the lock holds for its full time however the failures were spread", async () => {
    const account = `spread-${Date.now()}@riverside.test`;
    const address = freshAddress();
    const t0 = Date.parse("2026-11-25T10:00:00Z");
    // Failures at 0, 1, 2, 3 minutes and then 14 minutes: five within fifteen minutes.
    for (const minute of [0, 1, 2, 3, 14]) {
      const at = new Date(t0 + minute * 60_000);
      const r = await reserveSignInAttempt(account, address, at);
      expect(r.ok).toBe(true);
      if (r.ok) await settleSignInAttempt(r.attemptId, false, at);
    }
    // At minute 20 only one failure is inside a sliding window, but the lock placed at minute 14 holds to minute 29.
    const during = await reserveSignInAttempt(account, address, new Date(t0 + 20 * 60_000));
    expect(during).toMatchObject({ ok: false, scope: "account" });
    if (!during.ok) expect(during.lockedUntil.toISOString()).toBe(new Date(t0 + 29 * 60_000).toISOString());
    const after = await reserveSignInAttempt(account, address, new Date(t0 + 29 * 60_000 + 1000));
    expect(after.ok).toBe(true);
  });

  it("a successful sign-in starts the count again", async () => {
    const user = await createUser();
    const address = freshAddress();
    for (let i = 0; i < ACCOUNT_LIMIT.failures - 1; i++) await signIn(request(), user.email, "not it at all", address);
    expect((await signIn(request(), user.email, TEST_PASSWORD, address)).ok).toBe(true);
    for (let i = 0; i < ACCOUNT_LIMIT.failures - 1; i++) await signIn(request(), user.email, "not it at all", address);
    expect((await signIn(request(), user.email, TEST_PASSWORD, address)).ok).toBe(true);
  });

  it("throttles addresses that are not accounts in the same way (no hint which accounts exist)", async () => {
    const address = freshAddress();
    const email = "nobody-here@riverside.test";
    const answers = [];
    for (let i = 0; i < ACCOUNT_LIMIT.failures + 1; i++) answers.push(await signIn(request(), email, "whatever it is", address));
    expect(answers.slice(0, ACCOUNT_LIMIT.failures).every((a) => !a.ok && a.status === 401)).toBe(true);
    expect(answers[ACCOUNT_LIMIT.failures]).toMatchObject({ ok: false, status: 429 });
  });
});

describe("sign-in throttling per address", () => {
  it(`refuses an address after ${ADDRESS_LIMIT.failures} failures in 15 minutes, across accounts; other addresses carry on`, async () => {
    const address = freshAddress();
    const t = new Date();
    for (let i = 0; i < ADDRESS_LIMIT.failures; i++) {
      const r = await reserveSignInAttempt(`spray-${i}@riverside.test`, address, t);
      expect(r.ok).toBe(true);
      if (r.ok) await settleSignInAttempt(r.attemptId, false, t);
    }
    const user = await createUser();
    const refused = await signIn(request(), user.email, TEST_PASSWORD, address);
    expect(refused).toMatchObject({ ok: false, status: 429 });
    if (!refused.ok) expect(refused.message).toMatch(/from your network.*\d\d:\d\d/);
    expect((await signIn(request(), user.email, TEST_PASSWORD, freshAddress())).ok).toBe(true);
  });

  it("counts parallel attempts from one address at once", async () => {
    const address = freshAddress();
    const t = new Date();
    const all = await Promise.all(Array.from({ length: ADDRESS_LIMIT.failures + 25 }, (_, i) => reserveSignInAttempt(`p${i}@riverside.test`, address, t)));
    expect(all.filter((r) => r.ok).length).toBe(ADDRESS_LIMIT.failures);
  });
});

describe("client addresses", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::99", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["", "unknown"],
    [null, "unknown"],
  ])("%j is throttled as %j", (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });

  it("shows the unlock time in UK time", () => {
    expect(formatUnlockTime(new Date("2026-07-01T13:35:00Z"))).toBe("14:35");
    expect(formatUnlockTime(new Date("2026-12-01T13:35:00Z"))).toBe("13:35");
  });
});

describe("the sign-in page", () => {
  let email: string;
  beforeAll(async () => {
    email = (await createUser()).email;
  });

  const post = (password: string, ip: string) =>
    loginAction({
      request: new Request("http://localhost/login", {
        method: "POST", headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, password }).toString(),
      }),
      params: {}, context: { clientIp: ip },
    });

  it("answers 429 with Retry-After and a clear message once the account is locked, using the socket address from the load context", async () => {
    const ip = "198.51.100.23";
    for (let i = 0; i < ACCOUNT_LIMIT.failures; i++) expect((await post("still the wrong one", ip)).status).toBe(401);
    const res = await post(TEST_PASSWORD, ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(800);
    const body = await res.json();
    expect(body.errors.form).toMatch(/Too many attempts to sign in to this account.*try again at \d\d:\d\d/);
    const db = await getDb();
    const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM sign_in_attempts WHERE address = ?", [ip]);
    expect(row?.n).toBe(ACCOUNT_LIMIT.failures);
  });
});

describe("lifting a lock", () => {
  it("an administrator can let a locked-out person try again; earlier failures stop counting; it is audited", async () => {
    const { unlockAccount, accountLockedUntil } = await import("~/utils/rate-limit.server");
    const user = await createUser();
    const address = freshAddress();
    for (let i = 0; i < ACCOUNT_LIMIT.failures; i++) await signIn(request(), user.email, "wrong again and again", address);
    expect(await accountLockedUntil(user.email)).not.toBeNull();
    expect(await unlockAccount(user.email.toUpperCase(), null)).toBe(true);
    expect(await accountLockedUntil(user.email)).toBeNull();
    // One more wrong password does not lock it again at once.
    expect(await signIn(request(), user.email, "one more wrong one", address)).toMatchObject({ ok: false, status: 401 });
    expect((await signIn(request(), user.email, TEST_PASSWORD, address)).ok).toBe(true);
    expect(await unlockAccount(user.email, null)).toBe(false);
    const db = await getDb();
    expect(await db.get("SELECT 1 AS yes FROM audit_log WHERE action = 'sign-in.unlocked' AND detail_json LIKE ?", [`%${user.email}%`])).toEqual({ yes: 1 });
  });
});
