/**
 * Security headers on every kind of response, checked against the real server; then, in
 * Chromium, that the strict CSP does not break the page: Remix's scripts carry the
 * request's nonce, the page hydrates and the browser reports no CSP violation.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../e2e/browser";
import { startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, ensureBuild, openSession, rawRequest, SESSION_COOKIE } from "./support";

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  ensureBuild();
  server = await startServer();
  cookie = (await openSession(server.databasePath, DEMO_EMAILS.staff)).cookie;
});
afterAll(async () => {
  await server?.stop();
});

function cspOf(res: Response): Map<string, string> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(
    header.split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...rest] = d.split(/\s+/);
      return [name, rest.join(" ")] as [string, string];
    }),
  );
}

function expectHardened(res: Response, label: string, https = false) {
  const csp = cspOf(res);
  expect(csp.get("default-src"), label).toBe("'self'");
  const scriptSrc = csp.get("script-src") ?? "";
  expect(scriptSrc, label).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, label).not.toContain("unsafe-inline");
  expect(scriptSrc, label).not.toContain("unsafe-eval");
  expect(csp.get("frame-ancestors"), label).toBe("'none'");
  expect(csp.get("object-src"), label).toBe("'none'");
  expect(csp.get("base-uri"), label).toBe("'none'");
  expect(csp.get("form-action"), label).toBe("'self'");
  expect(csp.get("style-src") ?? "", label).not.toContain("unsafe-inline");
  expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), label).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("permissions-policy"), label).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  expect(res.headers.get("x-frame-options"), label).toBe("DENY");
  expect(res.headers.get("x-powered-by"), label).toBeNull();
  if (https) expect(res.headers.get("strict-transport-security"), label).toMatch(/max-age=\d{7,}/);
  else expect(res.headers.get("strict-transport-security"), label).toBeNull();
}

describe("security headers", () => {
  it("are on pages, data requests, static files, 404s, errors and the health check", async () => {
    const page = await fetch(`${server.url}/`, { headers: { cookie } });
    const html = await page.text();
    // A built script, served from /build (staff reading pages link none: decision 215).
    const manifest = fs.readdirSync(path.join(process.cwd(), "public", "build")).find((f) => /^manifest-[A-Za-z0-9]+\.js$/.test(f));
    expect(manifest, "the build has its manifest script").toBeTruthy();
    const script = `/build/${manifest}`;
    expect(html).toContain("/build/");
    const cases: Array<[string, string, RequestInit?]> = [
      ["signed-in page", "/", { headers: { cookie } }],
      ["sign-in page", "/login"],
      ["redirect", "/"],
      ["data request", "/login?_data=routes%2Flogin"],
      ["static file", "/favicon.svg"],
      ["built script", script!],
      ["missing built file", "/build/_assets/nothing-here.css"],
      ["404 page", "/no-such-page", { headers: { cookie } }],
      ["bad address (400)", "/%"],
      ["wrong method (405)", "/", { method: "POST", headers: { cookie } }],
      ["health check", "/healthcheck"],
    ];
    for (const [label, path, init] of cases) {
      const res = await fetch(`${server.url}${path}`, { redirect: "manual", ...init }).catch(async (e) => {
        // a body shorter than its Content-Length: the server answers before reading it
        throw new Error(`${label}: ${e}`);
      });
      expectHardened(res, `${label} ${path} → ${res.status}`);
      await res.arrayBuffer().catch(() => undefined);
    }
    const tooBig = await rawRequest(server.url, {
      method: "POST", path: "/login", body: Buffer.alloc(11 * 1024 * 1024, "a"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    });
    expect(tooBig.status).toBe(413);
    expectHardened(new Response(null, { headers: tooBig.headers as Record<string, string> }), "413");
  });

  it("uses a fresh nonce per request, and every script in the page carries it", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/`, { headers: { cookie } });
      const nonce = cspOf(res).get("script-src")!.match(/'nonce-([^']+)'/)![1];
      nonces.add(nonce);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      expect(html).not.toMatch(/\son[a-z]+\s*=\s*["']/i); // no inline event handlers
      expect(html).not.toMatch(/\sstyle\s*=\s*["']/i); // no inline styles (style-src 'self')
    }
    expect(nonces.size).toBe(5);
  });

  it("adds HSTS only when the intranet is served over https (PUBLIC_URL)", async () => {
    const https = await startServer({ PUBLIC_URL: "https://intranet.riverside.example" });
    try {
      for (const address of ["/login", "/favicon.svg", "/no-such-page", "/%"]) {
        const res = await fetch(`${https.url}${address}`, { redirect: "manual" });
        expectHardened(res, `https ${address}`, true);
        expect(cspOf(res).has("upgrade-insecure-requests")).toBe(true);
      }
    } finally {
      await https.stop();
    }
    // It starts a second server on the demo council: longer than a test's usual 30 s on a busy machine.
  }, 120_000);
});

describe("the strict CSP in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reports no violation or console error, and the page hydrates or runs its small script", async () => {
    // The control page below is answered by page.route, which a registered service worker would
    // bypass (it would fetch the real server instead): this test is about the CSP, so no worker.
    const context = await browser.newContext({ serviceWorkers: "block" });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split("=")[1], url: server.url }]);
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    for (const path of ["/", "/login", "/no-such-page"]) {
      await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
      // Pages with the framework hydrate; reading pages (decision 215) run the small script instead.
      await page.waitForFunction(
        () => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter === "object" || document.documentElement.hasAttribute("data-enhanced"),
        null,
        { timeout: 10_000 },
      );
      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), path).toEqual([]);
    }
    // A client-side navigation loads route modules through the nonced entry ('strict-dynamic').
    await page.goto(`${server.url}/`, { waitUntil: "networkidle" });
    const link = page.locator("a[href='/']").first();
    if (await link.count()) await link.click();
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    // Control: the server's real CSP on a page with an un-nonced inline script blocks and
    // reports it, so a silent listener above means no violation, not a deaf listener.
    const real = await fetch(`${server.url}/login`);
    await page.route(`${server.url}/csp-control`, (route) =>
      route.fulfill({ status: 200, headers: { "content-type": "text/html", "content-security-policy": real.headers.get("content-security-policy")! }, body: "<!doctype html><title>x</title><h1>x</h1><script>window.__ran = true</script>" }),
    );
    await page.goto(`${server.url}/csp-control`);
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)).toBe(1);
    problems.splice(0, problems.length, ...problems.filter((p) => !/Content Security Policy/.test(p)));
    expect(problems.filter((p) => !/favicon|Failed to load resource: the server responded with a status of 404|Service Worker registration blocked by Playwright/.test(p))).toEqual([]);
    await context.close();
  });
});
