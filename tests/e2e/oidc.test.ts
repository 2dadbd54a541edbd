/**
 * Signing in with the council's identity provider, end to end: a real OpenID Connect
 * provider (oidc-provider, with its development login and consent pages) on a loopback
 * port, our own intranet server configured for it, and a real Chromium clicking through.
 * Checks PKCE/state/nonce round trip, first-sign-in account creation, role and department
 * from claims, linking an existing local account, refusal of a forged callback, and that
 * nothing leaves this machine.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Provider from "oidc-provider";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database } from "~/utils/db.server";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startIsolatedServer } from "./isolated-server";
import { freePort, type RunningServer } from "./server";

const CLIENT_ID = "riverside-intranet";
const CLIENT_SECRET = "a-long-client-secret-for-the-loopback-provider-only";

/** The directory the provider knows. Unknown logins get a plain staff account with no groups. */
const DIRECTORY: Record<string, { name: string; email: string; groups: string[]; department?: string }> = {
  "pat.oidc": { name: "Pat Oidc", email: "pat.oidc@riverside.gov.uk", groups: ["intranet-comms", "all-staff"], department: "Housing Services" },
  "alex.admin": { name: "Alex Admin", email: "admin@riverside.gov.uk", groups: ["intranet-admins"], department: "ict" },
  "robin.reader": { name: "Robin Reader", email: "robin.reader@riverside.gov.uk", groups: ["all-staff"] },
};

let provider: Server;
let intranet: RunningServer;
let browser: Browser;
let issuer: string;

beforeAll(async () => {
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  intranet = await startIsolatedServer({
    OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_ROLE_MAP: "groups:intranet-admins=admin,intranet-comms=comms",
    OIDC_DEPARTMENT_CLAIM: "department", OIDC_DEPARTMENT_MAP: "Housing Services=housing",
    OIDC_SIGN_OUT_AT_PROVIDER: "true",
  });
  const oidc = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${intranet.url}/auth/oidc/callback`],
      post_logout_redirect_uris: [`${intranet.url}/login`],
      grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_post",
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups", "department"] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["loopback-provider-cookie-key"] },
    async findAccount(_ctx, id) {
      const person = DIRECTORY[id] ?? { name: id, email: `${id}@riverside.gov.uk`, groups: [] };
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: person.email, email_verified: true, name: person.name, groups: person.groups, department: person.department };
        },
      };
    },
  });
  await new Promise<void>((resolve) => {
    provider = oidc.listen(providerPort, "127.0.0.1", () => resolve()) as unknown as Server;
  });
  expect((provider.address() as AddressInfo).port).toBe(providerPort);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (provider ? provider.close(r) : r(undefined)));
  await intranet?.stop();
});

/** A page that may talk only to this machine (the provider's dev pages ask for a web font). */
async function loopbackPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort();
  });
  return page;
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(`${issuer}/interaction/`));
  await page.fill("input[name=login]", login);
  await page.fill("input[name=password]", "anything at all");
  await page.click("button[type=submit]");
  await page.waitForURL((u) => u.href.startsWith(intranet.url) || u.href.startsWith(`${issuer}/interaction/`));
  if (page.url().startsWith(`${issuer}/interaction/`)) await page.click("button[type=submit]"); // consent: Continue
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await Database.open(intranet.databasePath);
  try {
    return await db.all<T>(sql, params);
  } finally {
    await db.close();
  }
}

describe("signing in with the council account", () => {
  it("offers the button on the sign-in page, which passes axe", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/login`);
    const button = page.getByRole("link", { name: "Sign in with your council account" });
    expect(await button.count()).toBe(1);
    expect(await new AxeBuilder(page).violations()).toEqual([]);
    await page.context().close();
  });

  it("creates the account on first sign-in, with role and department from the claims, and returns to the page asked for", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/guides`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByRole("link", { name: "Sign in with your council account" }).click();
    const authorize = new URL(page.url());
    // The authorisation request the provider received carried PKCE, state and nonce.
    await signInAtProvider(page, "pat.oidc");
    await page.waitForURL(`${intranet.url}/guides`);
    expect(await page.textContent(".site-header")).toContain("Pat Oidc");
    const [user] = await query<{ role: string; dept: string; subject: string; hasPassword: number }>(
      `SELECT u.role, d.slug AS dept, u.oidc_subject AS subject, u.password_hash IS NOT NULL AS hasPassword
         FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.email = 'pat.oidc@riverside.gov.uk'`,
    );
    expect(user).toEqual({ role: "comms", dept: "housing", subject: `${issuer}|pat.oidc`, hasPassword: 0 });
    const audit = await query<{ action: string; detail: string }>("SELECT action, detail_json AS detail FROM audit_log WHERE action IN ('user.created', 'sign-in.success') ORDER BY id DESC LIMIT 2");
    expect(audit.map((a) => a.action).sort()).toEqual(["sign-in.success", "user.created"]);
    expect(JSON.parse(audit.find((a) => a.action === "sign-in.success")!.detail)).toMatchObject({ method: "oidc", address: "127.0.0.1" });
    expect(authorize.origin).toBe(issuer);
    await page.goto(`${intranet.url}/account`);
    expect(await page.textContent("main")).toContain("Communications editor");
    expect(await page.textContent("main")).toContain("their council account");
    // The flow cookie is gone and the session cookie is HttpOnly.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "intranet_oidc_flow")).toBeUndefined();
    expect(cookies.find((c) => c.name === "intranet_session")?.httpOnly).toBe(true);
    await page.context().close();
  });

  it("sends PKCE (S256), state and nonce to the provider", async () => {
    const page = await loopbackPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/interaction/`));
    const auth = new URL(requests.find((u) => u.startsWith(`${issuer}/auth?`))!);
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get("state")).toBeTruthy();
    expect(auth.searchParams.get("nonce")).toBeTruthy();
    expect(auth.searchParams.get("redirect_uri")).toBe(`${intranet.url}/auth/oidc/callback`);
    await page.context().close();
  });

  it("links an existing local account by email and applies the mapped role", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await signInAtProvider(page, "alex.admin");
    await page.waitForURL(`${intranet.url}/`);
    const rows = await query<{ n: number; role: string; subject: string }>(
      "SELECT COUNT(*) OVER () AS n, role, oidc_subject AS subject FROM users WHERE email = 'admin@riverside.gov.uk'",
    );
    expect(rows).toEqual([{ n: 1, role: "admin", subject: `${issuer}|alex.admin` }]);
    await page.goto(`${intranet.url}/admin/users`);
    expect(await page.textContent("h1")).toBe("People and roles");
    await page.context().close();
  });

  it("gives someone without a mapped group the staff role", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await signInAtProvider(page, "robin.reader");
    await page.waitForURL(`${intranet.url}/`);
    const [row] = await query<{ role: string }>("SELECT role FROM users WHERE email = 'robin.reader@riverside.gov.uk'");
    expect(row.role).toBe("staff");
    const res = await page.goto(`${intranet.url}/admin/users`);
    expect(res?.status()).toBe(403);
    await page.context().close();
  });

  it("refuses a callback the browser did not start, and a replayed one", async () => {
    const forged = await fetch(`${intranet.url}/auth/oidc/callback?code=stolen&state=whatever`, { redirect: "manual" });
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toBe("/login?error=oidc-expired");
    expect(forged.headers.get("set-cookie") ?? "").not.toContain("intranet_session=");

    // A real flow, but the callback is replayed with the same cookie after it was used.
    const page = await loopbackPage();
    let callback = "";
    page.on("request", (r) => {
      if (r.url().startsWith(`${intranet.url}/auth/oidc/callback`)) callback = r.url();
    });
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await signInAtProvider(page, "robin.reader");
    await page.waitForURL(`${intranet.url}/`);
    expect(callback).toContain("code=");
    await page.context().clearCookies();
    await page.goto(callback);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.textContent(".error-summary")).toMatch(/took too long|another browser/);
    await page.context().close();
  });

  it("shows a plain message when the person cancels at the provider", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/interaction/`));
    await page.click("a[href$='/abort']");
    await page.waitForURL((u) => u.href.startsWith(`${intranet.url}/login`));
    expect(await page.textContent(".error-summary")).toContain("You did not finish signing in");
    await page.context().close();
  });

  it("signing out of a session from the provider signs out there too (OIDC_SIGN_OUT_AT_PROVIDER), and a password session only here", async () => {
    const page = await loopbackPage();
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await signInAtProvider(page, "robin.reader");
    await page.waitForURL(`${intranet.url}/`);
    // Signing in again now would not ask for a password: the provider remembers the browser.
    await page.click("button:has-text('Sign out')");
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/session/end`));
    expect(await page.$("meta[http-equiv=refresh]")).toBeNull(); // we are at the provider now
    await page.click("button[value=yes]");
    await page.waitForURL((u) => u.href.startsWith(`${intranet.url}/login`));
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: "intranet_session" }));
    // The provider's session ended too: signing in asks for the login again.
    await page.goto(`${intranet.url}/auth/oidc/start`);
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/interaction/`));
    expect(await page.$("input[name=login]")).not.toBeNull();
    // The forwarding page does nothing for someone who did not just sign out.
    await page.goto(`${intranet.url}/logout/provider`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();

    // A password session signs out of the intranet only.
    const local = await signInThroughForm((await loopbackPage()).context(), intranet.url, "staff@riverside.gov.uk", inject("demoPassword"));
    await Promise.all([local.waitForURL(`${intranet.url}/login`), local.click("button:has-text('Sign out')")]);
    await local.context().close();
  });
});
