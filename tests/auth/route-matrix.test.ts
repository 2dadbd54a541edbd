/**
 * The role × route matrix. Every route module in app/routes (read at test time) has its
 * loader called directly, as each role and signed out, with items of the viewer's own
 * department, of another department, and restricted to another department. It checks:
 *
 * - signed out: a redirect to /login (only the routes in PUBLIC answer strangers);
 * - items the viewer may not open: never 200, and exactly the answer for an item that does
 *   not exist (404 on item pages; a page closed to the role wholesale may say 403 for both);
 * - admin pages: 403 for everyone but administrators;
 * - known pages: the exact status each role should get;
 * - every answer: below 500, and the restricted item's marker text appears on no
 *   surface (page data, feed, export) for a viewer outside its audience.
 *
 * Routes whose params it has no sample for, or whose module fails to import, are printed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { can } from "~/access/permissions.server";
import { ROLES, type Role } from "~/utils/roles";
import { call, get, KINDS, loadRoutes, MARKER, missingSample, samplesFor, seed, urlFor, type LoadedRoute, type Sample, type Seed } from "./route-harness";

type Viewer = Role | "signed-out";
const VIEWERS: Viewer[] = ["signed-out", ...ROLES];

/** Routes that answer signed-out visitors on purpose, and why. Anything else must send them to sign in. */
const PUBLIC: Record<string, string> = {
  "/login": "the sign-in page",
  "/login/code": "first sign-in with a printed access code (issue 18)",
  "/logout/provider": "straight after signing out: sends the browser on to the identity provider's sign-out (with /logout's one-time cookie only)",
  "/healthcheck": "for load balancers: answers OK and nothing else",
  "/set-password/:token": "the one-time link is the proof of who it is for",
  "/auth/oidc/start": "starts signing in with the council's identity provider",
  "/auth/oidc/callback": "finishes signing in with the council's identity provider",
  "/me/unsubscribe": "one-click unsubscribe from an email: the signed token is the proof",
  "/channels/:slug/feed.xml": "feed readers sign in with a personal feed token (401 without one)",
  "/departments/:slug/feed.xml": "feed readers sign in with a personal feed token (401 without one)",
  "/admin/calendar.ics": "calendar apps sign in with the person's feed token (401 without one; 403 unless they may read the comms calendar)",
  "/accessibility": "the accessibility statement: people need it before they can sign in (decision 164); holds nothing private",
  "/privacy": "what we record about people: readable before signing in; the register's plain-words list and the retention schedule only",
  "/opensearch.xml": "browsers fetch it without cookies to offer the intranet as a search engine; it names only the council",
  "/public": "public pages (decision 091): 404 until an administrator turns them on; tests/public/ covers them on",
  "/public/:type/:slug": "one public item (decision 091): 404 unless public pages are on and the item is public",
  "/public/search": "search of public items only (decision 091): 404 while public pages are off",
  "/public/feed.xml": "feed of public items only (decision 091): 404 while public pages are off",
  "/events/feed.ics": "calendar apps sign in with the personal feed token (401 without one, decision 130)",
};

const { routes, skipped } = await loadRoutes();
const withLoader = routes.filter((r) => r.loader);

const seesAll = (v: Viewer) => v === "comms" || v === "admin";
const READ_PAGES = new Set(["/announcements/:slug", "/policies/:slug", "/guides/:slug"]);
const LIST_PAGES = new Set(["/", "/account", "/announcements", "/policies", "/guides", "/departments", "/me", "/admin"]);
const MY_ADMIN = /^\/admin(\/(users|departments|channels|audit)(\/|\.csv|$)|\/audit\.csv$|$)/;

/** The status (or one of the statuses) a viewer must get, or null where only the invariants apply. */
function expectedStatus(route: LoadedRoute, viewer: Role, sample: Sample, s: Seed): number | number[] | null {
  const p = route.pattern;
  if (MY_ADMIN.test(p)) return viewer === "admin" ? 200 : 403;
  // Other admin pages (insights) are for comms editors too, and may not say they exist: closed to staff either way.
  if (p.startsWith("/admin")) return viewer === "staff" ? [403, 404] : null;
  const visible = sample.kind !== "restricted" || seesAll(viewer);
  if (READ_PAGES.has(p) || (p.startsWith("/policies/:slug/") && p.endsWith("compare"))) return visible ? 200 : 404;
  if (p === "/departments/:slug" || p === "/channels/:slug") return 200;
  // Public pages are off unless an administrator turns them on (tests/public/ covers them switched on).
  if (/^\/public(\/|\.|$)/.test(p)) return 404;
  if (p.endsWith("/feed.xml")) return 200;
  if (p === "/editor/new/:type" && sample.type) return can(s.people[viewer], "create", sample.type) ? 200 : 403;
  if ((p === "/editor/:id" || p === "/editor/:id/history") && sample.type && sample.itemId) {
    const item = s.items[sample.type][sample.kind!];
    return can(s.people[viewer], "update", sample.type, { departmentId: item.departmentId }) ? 200 : 404;
  }
  if (LIST_PAGES.has(p)) return 200;
  return null;
}

describe("role × route matrix", () => {
  let s: Seed;
  beforeAll(async () => {
    s = await seed();
  });

  it("finds the app's routes (and says which it could not load)", () => {
    expect(withLoader.length).toBeGreaterThan(10);
    expect(withLoader.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/", "/login", "/admin/users", "/guides/:slug"]));
    if (skipped.length) console.log(`skipped: ${skipped.join(", ")}`);
  });

  it.each(withLoader.map((r) => [r.pattern, r] as const))("%s", async (_pattern, route) => {
    const samples = samplesFor(route, s);
    if (samples.length === 0) {
      console.log(`route-matrix: no sample params for ${route.pattern} (${route.params.join(", ")}): checked signed out only`);
      samples.push({ label: "unknown", params: Object.fromEntries(route.params.map((p) => [p, "1"])) });
    }
    const problems: string[] = [];
    const table: string[] = [];
    for (const sample of samples) {
      const cells: string[] = [];
      for (const viewer of VIEWERS) {
        if (sample.label === "unknown" && viewer !== "signed-out") continue;
        const cookie = viewer === "signed-out" ? undefined : s.people[viewer].cookie;
        const out = await call(route.loader!, get(urlFor(route, sample.params), cookie), sample.params);
        cells.push(`${viewer}:${out.status}`);
        const where = `${viewer} on ${sample.label}`;
        if (out.status >= 500) problems.push(`${where}: ${out.status} ${out.error ?? out.body.slice(0, 200)}`);
        if (out.body.includes(MARKER) && (viewer === "signed-out" || !seesAll(viewer))) problems.push(`${where}: the restricted item's text leaked (${out.status})`);
        if (viewer === "signed-out") {
          if (PUBLIC[route.pattern]) {
            if (route.pattern.endsWith("/feed.xml") && !route.pattern.startsWith("/public") && out.status !== 401) problems.push(`${where}: a feed without a token must be 401, got ${out.status}`);
            continue;
          }
          if (out.status !== 302 || !out.location?.startsWith("/login")) problems.push(`${where}: expected a redirect to /login, got ${out.status} ${out.location ?? ""}`);
          continue;
        }
        if (out.status === 302 && out.location?.startsWith("/login") && !PUBLIC[route.pattern])
          problems.push(`${where}: a signed-in person was sent to sign in`);
        if (sample.entity === "item" && sample.kind === "restricted" && !seesAll(viewer)) {
          const missing = missingSample(route, sample);
          const absent = await call(route.loader!, get(urlFor(route, missing.params), cookie), missing.params);
          if (out.status === 200 || out.status !== absent.status)
            problems.push(`${where}: an item outside the viewer's audience must answer like a missing one (${absent.status}), got ${out.status}`);
          if (READ_PAGES.has(route.pattern) && out.status !== 404) problems.push(`${where}: expected 404, got ${out.status}`);
        }
        const want = expectedStatus(route, viewer, sample, s);
        if (want !== null && ![want].flat().includes(out.status)) problems.push(`${where}: expected ${[want].flat().join(" or ")}, got ${out.status} ${out.location ?? ""}`);
      }
      table.push(`  ${sample.label.padEnd(22)} ${cells.join("  ")}`);
    }
    if (problems.length || process.env.MATRIX_VERBOSE) console.log(`${route.pattern}\n${table.join("\n")}`);
    expect(problems).toEqual([]);
  });

  it("covers own-department, other-department and restricted items for every item type", () => {
    for (const type of ["announcement", "policy", "guide"] as const) for (const kind of KINDS) expect(s.items[type][kind].id).toBeGreaterThan(0);
  });
});
