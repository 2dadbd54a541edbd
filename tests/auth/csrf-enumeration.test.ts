/**
 * Every route module that exports an `action` (read from app/routes at test time) refuses
 * a POST from another site, and a POST without the session's form token, with 403, and
 * changes nothing when it does. It is called as an administrator with real params, so
 * permission checks pass and only the CSRF defence stands in the way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { call, loadRoutes, ORIGIN, post, samplesFor, seed, tableCounts, urlFor, type Seed } from "./route-harness";

/** Actions that must accept a cross-site POST, and why (each has its own proof instead). */
const EXEMPT: Record<string, string> = {
  "/me/unsubscribe": "one-click unsubscribe (RFC 8058) is posted by mail providers from their own servers; the signed token in the link is the proof",
  "/push/renew": "a service worker renewing its push subscription has no form token (decision 215): the old endpoint is the proof, and it refuses any post without this site's Origin (tests/frontline/push.test.ts)",
};

const { routes } = await loadRoutes();
const withAction = routes.filter((r) => r.action && !EXEMPT[r.pattern]);

/** Fields a form might send, so a route that reads them first still reaches its CSRF check. */
const FIELDS = { intent: "save", email: "someone@riverside.test", password: "tulip piano harbour", name: "Someone", title: "Title", body: "Body", type: "guide" };

describe("CSRF defence on every mutation", () => {
  let s: Seed;
  beforeAll(async () => {
    s = await seed();
  });

  it("finds the app's actions", () => {
    expect(withAction.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/logout", "/account", "/admin/users/new", "/admin/users/:id"]));
  });

  it.each(withAction.map((r) => [r.pattern, r] as const))("%s refuses cross-site posts and posts without the token", async (_p, route) => {
    const admin = s.people.admin;
    const sample = samplesFor(route, s).find((x) => x.kind !== "restricted") ?? { params: Object.fromEntries(route.params.map((p) => [p, "1"])) };
    const url = urlFor(route, sample.params);
    const before = await tableCounts();
    const db = await getDb();
    const auditBefore = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action NOT IN ('access.denied')"))?.n ?? 0;

    const crossSite = await call(route.action!, post(url, { ...FIELDS, csrf: admin.csrf }, { cookie: admin.cookie, origin: "https://evil.example" }), sample.params);
    const refererOnly = await call(route.action!, post(url, { ...FIELDS, csrf: admin.csrf }, { cookie: admin.cookie, referer: "https://evil.example/page" }), sample.params);
    const noOrigin = await call(route.action!, post(url, { ...FIELDS, csrf: admin.csrf }, { cookie: admin.cookie }), sample.params);
    const noToken = await call(route.action!, post(url, FIELDS, { cookie: admin.cookie, origin: ORIGIN }), sample.params);
    const wrongToken = await call(route.action!, post(url, { ...FIELDS, csrf: s.people.staff.csrf }, { cookie: admin.cookie, origin: ORIGIN }), sample.params);

    expect({ crossSite: crossSite.status, refererOnly: refererOnly.status, noOrigin: noOrigin.status, noToken: noToken.status, wrongToken: wrongToken.status }).toEqual({
      crossSite: 403, refererOnly: 403, noOrigin: 403, noToken: 403, wrongToken: 403,
    });
    expect(await tableCounts()).toEqual(before);
    const auditAfter = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action NOT IN ('access.denied')"))?.n ?? 0;
    expect(auditAfter).toBe(auditBefore);
  });

  /** Actions a signed-out visitor may use (each proves who it is for in another way). */
  const PRE_SIGN_IN = new Set(["/login", "/login/code", "/set-password/:token", "/me/unsubscribe", "/push/renew"]);

  it.each(routes.filter((r) => r.action && !PRE_SIGN_IN.has(r.pattern)).map((r) => [r.pattern, r] as const))(
    "%s refuses a signed-out visitor (sign in first, or 403) and changes nothing",
    async (_p, route) => {
      const sample = samplesFor(route, s).find((x) => x.kind !== "restricted") ?? { params: Object.fromEntries(route.params.map((p) => [p, "1"])) };
      const before = await tableCounts();
      const out = await call(route.action!, post(urlFor(route, sample.params), FIELDS, { origin: ORIGIN }), sample.params);
      const refused = (out.status === 302 && out.location?.startsWith("/login")) || out.status === 403 || out.status === 401;
      expect(refused, `${route.pattern}: ${out.status} ${out.location ?? ""}`).toBe(true);
      expect(await tableCounts()).toEqual(before);
    },
  );

  it("still accepts the same form from the intranet itself with the token (the refusals above are not blanket)", async () => {
    const admin = s.people.admin;
    const res = await call(
      routes.find((r) => r.pattern === "/admin/departments")!.action!,
      post(`${ORIGIN}/admin/departments`, { csrf: admin.csrf, name: "Parks and Open Spaces" }, { cookie: admin.cookie, origin: ORIGIN }),
      {},
    );
    expect(res.status).toBe(302);
  });
});
