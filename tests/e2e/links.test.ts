/**
 * No page links a person to a page that answers them "not found" or "not allowed". For each
 * demo role (and signed out), follow the links the built intranet shows, breadth first from
 * the home page (at most three pages of each route, 200 pages in all), and fail on any link
 * that answers 4xx or 5xx to the person it was shown to, naming the page that linked it.
 * Found this way: the council-wide bins announcement linked a guide for one department
 * (decision 192), and a manager's campaign pages linked Administration, which is for admins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRoutes, openSession, SESSION_COOKIE, DEMO_EMAILS } from "../security/support";
import { startServer, type RunningServer } from "./server";

const MAX_PAGES = 200;
const PER_ROUTE = 3;
/** Links not followed: they sign out, download, change something or leave the pages. */
const SKIP = [/^\/logout/, /^\/auth\//, /unsubscribe/, /^\/healthcheck/, /[?&]_data=/, /^\/build\//, /\.(xml|csv|json|txt|ics|zip|pdf|docx|webmanifest|svg|png|jpe?g)(\?|$)/, /\/download/, /\/files?\//, /\/export/, /^\/story-photos\//, /^\/search\/suggest/];

let server: RunningServer;
const routes = listRoutes().map((r) => ({
  file: r.file,
  regex: new RegExp(`^${r.pattern.replace(/[.]/g, "\\.").replace(/:[A-Za-z0-9_]+/g, "[^/]+").replace(/\*$/, ".*")}/?$`),
  rank: (r.params.includes("*") ? 1000 : 0) + r.params.length * 10 - r.pattern.split("/").filter((s) => s && !s.startsWith(":") && s !== "*").length,
}));
const routeOf = (pathname: string) => routes.filter((r) => r.regex.test(pathname)).sort((a, b) => a.rank - b.rank)[0]?.file ?? "?";

beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function brokenLinks(email: string | null): Promise<{ pages: number; broken: string[] }> {
  const cookie = email ? `${SESSION_COOKIE}=${(await openSession(server.databasePath, email)).cookie.split("=")[1]}` : "";
  const linkedFrom = new Map<string, string>([["/", "(start)"]]);
  const perRoute = new Map<string, number>();
  const queue = ["/"];
  const broken: string[] = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const url = queue.shift()!;
    const route = routeOf(new URL(url, server.url).pathname);
    if ((perRoute.get(route) ?? 0) >= PER_ROUTE) continue;
    perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    pages++;
    const res = await fetch(`${server.url}${url}`, { headers: cookie ? { cookie } : {}, redirect: "follow" });
    const body = await res.text();
    if (res.status >= 400) {
      broken.push(`${url} answered ${res.status}, linked from ${linkedFrom.get(url)}`);
      continue;
    }
    if (email && new URL(res.url).pathname === "/login") broken.push(`${url} sent a signed-in person to sign in, linked from ${linkedFrom.get(url)}`);
    if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
    for (const m of body.matchAll(/<a\b[^>]*\bhref="([^"#]*)/g)) {
      const href = m[1].replace(/&amp;/g, "&");
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      if (SKIP.some((r) => r.test(href)) || linkedFrom.has(href)) continue;
      linkedFrom.set(href, url);
      queue.push(href);
    }
  }
  return { pages, broken };
}

describe("every link a person is shown opens for them", () => {
  for (const [role, email] of [["signed out", null], ...Object.entries(DEMO_EMAILS)] as Array<[string, string | null]>) {
    it(`as ${role}`, async () => {
      const { pages, broken } = await brokenLinks(email);
      expect(pages).toBeGreaterThan(email ? 50 : 1);
      expect(broken).toEqual([]);
    }, 240_000);
  }
});
