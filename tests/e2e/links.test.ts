/**
 * No page links a person to a page that answers them "not found" or "not allowed". For each
 * demo role (and signed out), follow the links the built intranet shows, breadth first from
 * the home page (at most three pages of each route, 200 pages in all), and fail on any link
 * that answers 4xx or 5xx to the person it was shown to, naming the page that linked it.
 * Found this way: the council-wide bins announcement linked a guide for one department
 * (decision 192), and a manager's campaign pages linked Administration, which is for admins.
 *
 * Every page the crawl opens is also checked for the outline a screen-reader user moves by:
 * exactly one h1, no heading level skipped in the main content, no two headings with the
 * same words that link to different pages (link purpose), and no id used twice. Found this
 * way: /me/reviews went from h1 to h3, and /me/feedback had a heading per comment, each the
 * page's title.
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

const words = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&[a-z#0-9]+;/g, " ").replace(/\s+/g, " ").trim();

/** What is wrong with a page's outline (headings and ids), each as one line. */
export function outlineProblems(html: string): string[] {
  const problems: string[] = [];
  const h1s = html.match(/<h1\b/g)?.length ?? 0;
  if (h1s !== 1) problems.push(`${h1s} h1 headings`);
  const main = html.match(/<main\b[\s\S]*<\/main>/)?.[0] ?? "";
  const headings = [...main.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => ({
    level: Number(m[1]), text: words(m[2]), href: m[2].match(/\bhref="([^"]*)"/)?.[1] ?? null,
  }));
  for (let i = 1; i < headings.length; i++)
    if (headings[i].level > headings[i - 1].level + 1) problems.push(`h${headings[i - 1].level} "${headings[i - 1].text}" is followed by h${headings[i].level} "${headings[i].text}"`);
  const targets = new Map<string, Set<string>>();
  for (const h of headings) if (h.href) targets.set(h.text, (targets.get(h.text) ?? new Set()).add(h.href));
  for (const [text, hrefs] of targets) if (hrefs.size > 1) problems.push(`${hrefs.size} headings "${text}" link to different pages`);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (twice.length) problems.push(`ids used twice: ${twice.join(", ")}`);
  return problems;
}

async function brokenLinks(email: string | null): Promise<{ pages: number; broken: string[]; outline: string[] }> {
  const cookie = email ? `${SESSION_COOKIE}=${(await openSession(server.databasePath, email)).cookie.split("=")[1]}` : "";
  const linkedFrom = new Map<string, string>([["/", "(start)"]]);
  const perRoute = new Map<string, number>();
  const queue = ["/"];
  const broken: string[] = [];
  const outline: string[] = [];
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
    for (const problem of outlineProblems(body)) outline.push(`${url}: ${problem}`);
    for (const m of body.matchAll(/<a\b[^>]*\bhref="([^"#]*)/g)) {
      const href = m[1].replace(/&amp;/g, "&");
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      if (SKIP.some((r) => r.test(href)) || linkedFrom.has(href)) continue;
      linkedFrom.set(href, url);
      queue.push(href);
    }
  }
  return { pages, broken, outline };
}

describe("the outline check sees what it is for", () => {
  it("names a missing or second h1, a skipped level, same-words headings to different pages and an id used twice", () => {
    const page = (main: string, extra = "") => `<html><body>${extra}<main id="m">${main}</main></body></html>`;
    expect(outlineProblems(page("<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>"))).toEqual([]);
    expect(outlineProblems(page("<h2>B</h2>"))).toEqual(["0 h1 headings"]);
    expect(outlineProblems(page("<h1>A</h1><h1>B</h1>"))).toEqual(["2 h1 headings"]);
    expect(outlineProblems(page("<h1>A</h1><h3>C</h3>"))).toEqual(['h1 "A" is followed by h3 "C"']);
    expect(outlineProblems(page('<h1>A</h1><h2><a href="/x/1">Same</a></h2><h2><a href="/x/2">Same</a></h2>'))).toEqual(['2 headings "Same" link to different pages']);
    expect(outlineProblems(page('<h1>A</h1><h2><a href="/x/1">Same</a></h2><h2><a href="/x/1">Same</a></h2>'))).toEqual([]);
    expect(outlineProblems(page("<h1>A</h1>", '<p id="m"></p>'))).toEqual(["ids used twice: m"]);
  });
});

describe("every link a person is shown opens for them", () => {
  for (const [role, email] of [["signed out", null], ...Object.entries(DEMO_EMAILS)] as Array<[string, string | null]>) {
    it(`as ${role}`, async () => {
      const { pages, broken, outline } = await brokenLinks(email);
      expect(pages).toBeGreaterThan(email ? 50 : 1);
      expect(broken).toEqual([]);
      expect(outline).toEqual([]);
    }, 240_000);
  }
});
