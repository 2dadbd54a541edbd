/**
 * Staff reading pages are sent without the framework's scripts (issue 18, decision 215):
 * every page in READING_PAGES, fetched as staff from the built server, must carry none of
 * the framework (no module scripts, no router context, nothing from the build but the small
 * script), only the small script, and at most 60 KB of JavaScript (gzip) in all. This guards
 * the mechanism; `npm run bench:weight` measures what a browser downloads.
 *
 * A new reading page belongs in the list (and gets `export const handle = READING_PAGE`).
 */
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openSession } from "../security/support";

const KB = 1024;
const JS_FLOOR = 60 * KB;

/** The staff reading pages: a path, or how to find one from a list page. */
const READING_PAGES: { name: string; path: string | ((find: (listPath: string, href: RegExp) => Promise<string>) => Promise<string>) }[] = [
  { name: "home", path: "/" },
  { name: "announcements", path: "/announcements" },
  { name: "announcement", path: (find) => find("/announcements", /^\/announcements\/[^/?#]+$/) },
  { name: "policies", path: "/policies" },
  { name: "policy", path: "/policies/annual-leave" },
  { name: "policy, an older version", path: (find) => find("/policies/annual-leave", /^\/policies\/annual-leave\?version=\d+$/) },
  { name: "policy, two versions compared", path: "/policies/annual-leave/compare?from=1&to=2" },
  { name: "guides", path: "/guides" },
  { name: "guide", path: "/guides/book-a-pool-car" },
  { name: "departments", path: "/departments" },
  { name: "department", path: (find) => find("/departments", /^\/departments\/[^/?#]+$/) },
  { name: "channel", path: (find) => find("/me", /^\/channels\/[^/?#]+$/) },
  { name: "search", path: "/search?q=bins" },
  { name: "people", path: "/people" },
  { name: "person", path: (find) => find("/people", /^\/people\/[^/?#]+$/) },
  { name: "events", path: "/events" },
  { name: "event", path: (find) => find("/events", /^\/events\/\d+$/) },
  { name: "your events", path: "/events/mine" },
  { name: "your channels and notifications", path: "/me" },
  { name: "things to read and confirm", path: "/me/must-reads" },
  { name: "saved for offline", path: "/me/offline" },
  { name: "for you", path: "/me/for-you" },
  { name: "notices", path: "/me/notices" },
  { name: "reading settings", path: "/me/reading" },
  { name: "comments", path: async (find) => (await find("/announcements/riverside-stars-awards-shortlist", /^\/comments\/\d+(\?|$)/)).split("?")[0] },
  { name: "stories", path: "/stories" },
  { name: "glossary", path: "/glossary" },
];

const base = inject("baseURL");
let cookie = "";

beforeAll(async () => {
  cookie = (await openSession(inject("databasePath"), "staff@riverside.gov.uk")).cookie;
});

async function get(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { cookie, "accept-encoding": "identity" }, redirect: "manual" });
}

/** The first link (or form address) on a page that looks like `href`. */
async function find(listPath: string, href: RegExp): Promise<string> {
  const html = await (await get(listPath)).text();
  const found = [...html.matchAll(/(?:href|action)="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")).find((h) => href.test(h));
  if (!found) throw new Error(`no link like ${href} on ${listPath}`);
  return found;
}

describe("staff reading pages ship without the framework's scripts", () => {
  for (const page of READING_PAGES) {
    it(`${page.name}: no framework, only the small script, ≤ 60 KB of JavaScript (gzip)`, async () => {
      const path = typeof page.path === "string" ? page.path : await page.path(find);
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, `${path} carries the router's context`).not.toContain("__remixContext");
      expect(html, `${path} has a module script`).not.toMatch(/<script[^>]+type="module"/);
      expect(html, `${path} preloads modules`).not.toContain("modulepreload");
      expect(html, `${path} has an inline script`).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts, `${path}: the small script and nothing else`).toEqual([expect.stringMatching(/^\/build\/enhance-[0-9a-f]+\.js$/)]);
      let gzip = 0;
      for (const src of scripts) {
        const js = await get(src);
        expect(js.status, src).toBe(200);
        expect(js.headers.get("cache-control"), `${src} is cached for a year`).toMatch(/max-age=31536000/);
        gzip += gzipSync(Buffer.from(await js.arrayBuffer())).length;
      }
      expect(gzip, `${path}: JavaScript gzip bytes`).toBeLessThanOrEqual(JS_FLOOR);
    });
  }

  it("a page that needs the framework (the editor) still gets it, so the test above can tell the two apart", async () => {
    const admin = (await openSession(inject("databasePath"), "admin@riverside.gov.uk")).cookie;
    const html = await (await fetch(`${base}/editor/new/guide`, { headers: { cookie: admin } })).text();
    expect(html).toContain("__remixContext");
    expect(html).toMatch(/<script[^>]+type="module"/);
  });
});
