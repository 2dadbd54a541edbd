/**
 * Accessibility sweep: for each role (and signed out), crawl the intranet from the home
 * page (same origin, two links deep, at most 60 pages, at most two pages of each route so
 * every page type gets its turn) and run axe-core's WCAG 2.2 A/AA rules in Chromium on
 * each page, plus states a crawl does not reach (error pages, a form with errors, search
 * without results). Expect no violations; a failure names the page, the rule and the element.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRoutes, openSession, SESSION_COOKIE, DEMO_EMAILS } from "../security/support";
import AxeBuilder from "./axe";
import { launchBrowser } from "./browser";
import { startServer, type RunningServer } from "./server";

const MAX_PAGES = 60;
const PER_ROUTE = 2;
const DEPTH = 2;
/** Links a crawl must not follow: they sign out, leave, download or change things on GET. */
const SKIP = [/^\/logout/, /\.(xml|csv|json|txt)(\?|$)/, /^\/build\//, /^\/auth\//, /unsubscribe/, /^\/healthcheck/, /[?&]_data=/, /^\/search\/suggest/];

let server: RunningServer;
let browser: Browser;
const routePatterns = listRoutes().map((r) => ({
  file: r.file,
  regex: new RegExp(`^${r.pattern.replace(/[.]/g, "\\.").replace(/:[A-Za-z0-9_]+/g, "[^/]+").replace(/\*$/, ".*")}/?$`),
  // Like the router: static segments beat params, and a splat comes last.
  rank: (r.params.includes("*") ? 1000 : 0) + r.params.length * 10 - r.pattern.split("/").filter((s) => s && !s.startsWith(":") && s !== "*").length,
}));

/** The route file a path belongs to (the most specific pattern that matches). */
function routeOf(pathname: string): string {
  const matches = routePatterns.filter((r) => r.regex.test(pathname)).sort((a, b) => a.rank - b.rank);
  return matches[0]?.file ?? "?";
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Finding = { role: string; url: string; route: string; rule: string; impact: string | null; help: string; targets: string[] };

async function scan(page: Page, role: string, url: string, findings: Finding[]) {
  for (const v of await new AxeBuilder(page).violations())
    findings.push({ role, url, route: routeOf(new URL(url, server.url).pathname), rule: v.id, impact: v.impact, help: v.help, targets: v.targets.slice(0, 3) });
}

async function crawl(role: string, email: string | null): Promise<{ visited: string[]; findings: Finding[] }> {
  const context = await browser.newContext();
  if (email) {
    const session = await openSession(server.databasePath, email);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie.split("=")[1], url: server.url }]);
  }
  const page = await context.newPage();
  const findings: Finding[] = [];
  const visited: string[] = [];
  // A page that renders on the server and then breaks in the browser (a hydration error, a
  // value the browser build lacks) is a finding too, as is any answer of 500 or more.
  let current = "/";
  page.on("pageerror", (err) =>
    findings.push({ role, url: current, route: routeOf(new URL(current, server.url).pathname), rule: "script-error", impact: "critical", help: err.message.slice(0, 300), targets: [] }),
  );
  const seen = new Set<string>(["/"]);
  const perRoute = new Map<string, number>();
  let frontier = ["/"];
  for (let depth = 0; depth <= DEPTH && frontier.length && visited.length < MAX_PAGES; depth++) {
    const next: string[] = [];
    for (const url of frontier) {
      if (visited.length >= MAX_PAGES) break;
      const route = routeOf(new URL(url, server.url).pathname);
      if ((perRoute.get(route) ?? 0) >= PER_ROUTE) continue;
      perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
      current = url;
      const res = await page.goto(`${server.url}${url}`, { waitUntil: "load" });
      const landed = page.url().replace(server.url, "");
      if ((res?.status() ?? 0) >= 500) findings.push({ role, url, route, rule: "server-error", impact: "critical", help: `answered ${res?.status()}`, targets: [] });
      visited.push(`${url} (${res?.status()})`);
      await scan(page, role, landed, findings);
      if (depth === DEPTH) continue;
      const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const u = new URL(href);
        if (u.origin !== server.url) continue;
        const local = u.pathname + u.search;
        if (SKIP.some((r) => r.test(local)) || seen.has(local)) continue;
        seen.add(local);
        next.push(local);
      }
    }
    frontier = next;
  }
  await context.close();
  return { visited, findings };
}

function report(findings: Finding[]): string[] {
  return findings.map((f) => `${f.role} ${f.url} [${f.route}]: ${f.rule} (${f.impact}) ${f.help} — ${f.targets.join(" | ")}`);
}

describe("every page type passes axe-core (WCAG 2.2 A and AA) for every role", () => {
  for (const [role, email] of [["signed out", null], ...Object.entries(DEMO_EMAILS)] as Array<[string, string | null]>) {
    it(`as ${role}`, async () => {
      const { visited, findings } = await crawl(role, email);
      if (process.env.DEBUG_A11Y) console.log(`${role}: ${visited.length} pages\n${visited.join("\n")}`);
      expect(visited.length).toBeGreaterThan(0);
      expect(report(findings)).toEqual([]);
    }, 240_000);
  }

  it("states a crawl does not reach: not found, a form with errors, a search without results", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const findings: Finding[] = [];
    await page.goto(`${server.url}/login`);
    await page.click("button[type=submit]");
    await page.waitForSelector(".error-summary");
    await scan(page, "signed out", "/login (errors)", findings);
    const session = await openSession(server.databasePath, DEMO_EMAILS.staff);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie.split("=")[1], url: server.url }]);
    for (const url of ["/no-such-page", "/announcements/no-such-announcement", "/search?q=zzqqxxnothing", "/search?q=leave", "/%"]) {
      await page.goto(`${server.url}${url}`);
      await scan(page, "staff", url, findings);
    }
    await context.close();
    expect(report(findings)).toEqual([]);
  }, 120_000);
});
