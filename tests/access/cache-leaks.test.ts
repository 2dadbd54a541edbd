/**
 * The home page's shared parts are cached per audience key (app/presenters/audience-cache.server.ts,
 * decision 065 third pass). Whatever is cached must never show one person another person's
 * page or an item outside their audience:
 *
 * - the key is exactly what the audience rule depends on (same key ⇔ same clause);
 * - with the cache warm, people of different departments and roles interleaved (one after
 *   another and all at once) each get exactly the page an uncached read gives them, their
 *   own name and form token, and none of the markers planted outside their audience;
 * - restricting an item (a write, so a change-feed row) is on the very next cached page,
 *   and so is widening it; publish and expiry times are honoured without any write;
 * - the home page's ETag (decision 191, through the real Remix handler): a person's repeat
 *   visit is a 304, but never with another person's ETag (people of two departments
 *   interleaved, caches warm), never after what the page shows changed, never on a shared device.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { audienceKey, visibleItemsSql } from "~/access/audience.server";
import { updateItem } from "~/models/item.server";
import { audienceCacheCounters } from "~/presenters/audience-cache.server";
import { loadHomePage } from "~/presenters/home.server";
import { loader } from "~/routes/_index";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { ROLES, type Role } from "~/utils/roles";
import { createDepartment, createItem, createPolicyVersion, createUser, itemFields, requestAs } from "../factories";
import { loadApp, type InProcessApp } from "./remix-app";

type Person = { id: number; email: string; name: string; role: Role; departmentId: number | null; departmentName: string | null };

let housing: { id: number; slug: string; name: string };
let planning: { id: number; slug: string; name: string };
const people: Record<string, Person> = {};
/** Marker → who may meet it. */
const markers: Record<string, (p: Person) => boolean> = {};

async function person(key: string, role: Role, department: { id: number; name: string } | null): Promise<Person> {
  const name = `Person ${key}`;
  const u = await createUser({ role, departmentId: department?.id ?? null, name });
  return (people[key] = { ...u, name, role, departmentId: department?.id ?? null, departmentName: department?.name ?? null });
}

const allSee = (p: Person) => p.role === "comms" || p.role === "admin";

async function home(p: Person): Promise<Record<string, unknown>> {
  const res = (await loader({ request: await requestAs(p.id, "/"), params: {}, context: {} })) as Response;
  return (await res.json()) as Record<string, unknown>;
}

function check(p: Person, data: Record<string, unknown>): void {
  const text = JSON.stringify(data);
  expect(data.name).toBe(p.name);
  for (const [marker, admits] of Object.entries(markers)) {
    // Those who see every audience get four of each kind, one more than a section shows.
    if (admits(p)) {
      if (!allSee(p)) expect(text, `${p.name} should see ${marker}`).toContain(marker);
    }
    else expect(text, `${p.name} must not see ${marker}`).not.toContain(marker);
  }
}

/** The same sections as an uncached read for this person. */
async function expectSameAsUncached(p: Person, data: Record<string, unknown>): Promise<void> {
  const fresh = await loadHomePage(await getDb(), p, visibleItemsSql(p), ukTodayIso());
  const { name: _n, departmentName: _d, departmentSlug: _s, csrfToken: _c, ...sections } = data;
  expect(sections).toEqual(JSON.parse(JSON.stringify(fresh)));
}

beforeAll(async () => {
  housing = await createDepartment({ name: "Housing" });
  planning = await createDepartment({ name: "Planning" });
  await person("housingStaff", "staff", housing);
  await person("planningStaff", "staff", planning);
  await person("planningManager", "manager", planning);
  await person("housingChampion", "champion", housing);
  await person("nobodyStaff", "staff", null);
  await person("comms", "comms", planning);
  const plant = async (type: "announcement" | "guide" | "policy", marker: string, audience: Partial<ReturnType<typeof itemFields>>, admits: (p: Person) => boolean) => {
    const item = await createItem({
      type, title: `${type} ${marker}`, summary: `About ${marker}`, departmentId: housing.id,
      ...(type === "guide" ? { lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" } : {}),
      ...audience,
    });
    if (type === "policy") await createPolicyVersion(item.id, { version: 1, whatChanged: `Changed ${marker}`, publishedAt: "2026-11-02T09:00:00.000Z", effectiveOn: "2026-11-02" });
    markers[marker] = admits;
  };
  for (const type of ["announcement", "guide", "policy"] as const) {
    await plant(type, `zqe${type}`, {}, () => true);
    await plant(type, `zqh${type}`, { audience: "departments", audienceDepartmentIds: [housing.id] }, (p) => allSee(p) || p.departmentId === housing.id);
    await plant(type, `zqp${type}`, { audience: "departments", audienceDepartmentIds: [planning.id] }, (p) => allSee(p) || p.departmentId === planning.id);
    await plant(type, `zqm${type}`, { audience: "roles", audienceRoles: ["manager"] }, (p) => allSee(p) || p.role === "manager");
  }
});

describe("the audience key", () => {
  it("is the same exactly when the audience clause is the same", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const viewers = ROLES.flatMap((role) => [null, 1, 2].map((departmentId) => ({ id: 1, email: "x@example.org", name: "X", role, departmentId })));
    for (const a of viewers)
      for (const b of viewers) {
        const same = JSON.stringify(visibleItemsSql(a, "i", { now })) === JSON.stringify(visibleItemsSql(b, "i", { now }));
        expect(audienceKey(a) === audienceKey(b), `${a.role}/${a.departmentId} vs ${b.role}/${b.departmentId}`).toBe(same);
      }
    expect(audienceKey(null)).not.toBe(audienceKey(viewers[0]));
  });
});

describe("the cached home page", () => {
  it("gives each person, interleaved with people of other departments and roles, only their own page", async () => {
    const order = ["housingStaff", "planningStaff", "housingChampion", "planningManager", "nobodyStaff", "comms"];
    const before = audienceCacheCounters();
    for (let round = 0; round < 3; round++)
      for (const key of round === 1 ? [...order].reverse() : order) {
        const data = await home(people[key]);
        check(people[key], data);
        await expectSameAsUncached(people[key], data);
      }
    // All at once, twice over: loaders of different people interleave at every await.
    const everyone = [...order, ...order].map((k) => people[k]);
    const pages = await Promise.all(everyone.map((p) => home(p)));
    for (const [i, data] of pages.entries()) check(everyone[i], data);
    const after = audienceCacheCounters();
    expect(after.hits - before.hits, "the cache was warm").toBeGreaterThan(order.length);
  });

  it("shows a restriction on the next page, and a widening too (through the change feed)", async () => {
    const item = await createItem({ type: "announcement", title: "News zqrestricted", summary: "Soon for housing only" });
    const planner = people.planningStaff;
    const housingStaff = people.housingStaff;
    await home(planner);
    expect(JSON.stringify(await home(planner))).toContain("zqrestricted"); // cached now
    const db = await getDb();
    await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields, audience: "departments", audienceDepartmentIds: [housing.id] }));
    expect(JSON.stringify(await home(planner))).not.toContain("zqrestricted");
    expect(JSON.stringify(await home(housingStaff))).toContain("zqrestricted");
    await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields, audience: "departments", audienceDepartmentIds: [planning.id] }));
    expect(JSON.stringify(await home(planner))).toContain("zqrestricted");
    expect(JSON.stringify(await home(housingStaff))).not.toContain("zqrestricted");
  });

  it("honours publish and expiry times without a write", async () => {
    const soon = new Date(Date.now() + 1_500).toISOString();
    await createItem({ type: "announcement", title: "News zqlater", publishAt: soon, publishedAt: soon } as never);
    await createItem({ type: "announcement", title: "News zqgoing", expiresAt: soon });
    const p = people.nobodyStaff;
    let text = JSON.stringify(await home(p));
    expect(text).not.toContain("zqlater");
    expect(text).toContain("zqgoing");
    await new Promise((r) => setTimeout(r, 1_700));
    text = JSON.stringify(await home(p));
    expect(text).toContain("zqlater");
    expect(text).not.toContain("zqgoing");
  });
});

/**
 * A page through the real Remix handler as person `key`: one session per person, kept in
 * `cookies` as one browser keeps its cookie (`extra.cookie` appended, `extra.etag` sent as
 * If-None-Match). React separates text parts with <!-- -->: left out so "Welcome, Name"
 * reads as on screen.
 */
async function openAs(app: InProcessApp, cookies: Record<string, string>, key: string, url: string, extra: { cookie?: string; etag?: string | null } = {}) {
  cookies[key] ??= (await requestAs(people[key].id, "/")).headers.get("cookie")!;
  const headers: Record<string, string> = { cookie: `${cookies[key]}${extra.cookie ?? ""}` };
  if (extra.etag) headers["if-none-match"] = extra.etag;
  const res = await app.handle(new Request(`http://localhost${url}`, { headers }));
  return { status: res.status, headers: res.headers, html: (await res.text()).replaceAll("<!-- -->", "") };
}

describe("the home page's ETag", () => {
  let app: InProcessApp;
  /** One session per person, as one browser keeps its cookie. */
  const cookies: Record<string, string> = {};
  const visit = async (key: string, etag?: string | null, extraCookie = "") => {
    const { status, headers, html } = await openAs(app, cookies, key, "/", { etag, cookie: extraCookie });
    return { status, etag: headers.get("etag"), cacheControl: headers.get("cache-control"), html };
  };

  beforeAll(async () => {
    app = await loadApp();
  });

  it("gives a person's repeat visit a 304, and never one for another person's ETag", async () => {
    const order = ["housingStaff", "planningStaff", "housingChampion", "planningManager", "nobodyStaff", "comms"];
    const first: Record<string, string> = {};
    for (const key of order) {
      const page = await visit(key);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`Welcome, ${people[key].name}`);
      expect(page.etag, key).toMatch(/^W\/"[\w-]+"$/);
      expect(page.cacheControl).toBe("private, no-cache");
      first[key] = page.etag!;
    }
    expect(new Set(Object.values(first)).size, "every person has their own ETag").toBe(order.length);
    // Interleaved, caches warm: each person's own ETag is a 304; everyone else's gets their own full page.
    for (let round = 0; round < 2; round++)
      for (const key of round ? [...order].reverse() : order)
        for (const other of order) {
          const page = await visit(key, first[other]);
          if (other === key) expect(page.status, `${key} with their own ETag`).toBe(304);
          else {
            expect(page.status, `${key} with ${other}'s ETag`).toBe(200);
            expect(page.html).toContain(`Welcome, ${people[key].name}`);
            expect(page.html).not.toContain(`Welcome, ${people[other].name}`);
            expect(page.etag).toBe(first[key]);
          }
        }
    // A 304 has no body to leak, and an If-None-Match listing several ETags (one of them another person's) is no key either.
    const both = await visit("planningStaff", `${first.housingStaff}, W/"nope"`);
    expect(both.status).toBe(200);
    // Another session of the same person (another browser) does not match either.
    const otherSession = (await requestAs(people.housingStaff.id, "/")).headers.get("cookie")!;
    const res = await app.handle(new Request("http://localhost/", { headers: { cookie: otherSession, "if-none-match": first.housingStaff } }));
    expect(res.status).toBe(200);
  });

  it("changes when what the page shows changes, and only for those who see the change", async () => {
    const planner = await visit("planningStaff");
    const housingPage = await visit("housingStaff");
    expect((await visit("planningStaff", planner.etag)).status).toBe(304);
    await createItem({ type: "announcement", title: "News zqetaghousing", summary: "For housing", audience: "departments", audienceDepartmentIds: [housing.id] });
    const housingAfter = await visit("housingStaff", housingPage.etag);
    expect(housingAfter.status).toBe(200);
    expect(housingAfter.html).toContain("zqetaghousing");
    // Planning's page is the same as before: still a 304, and its full page still has no housing item.
    expect((await visit("planningStaff", planner.etag)).status).toBe(304);
    expect((await visit("planningStaff")).html).not.toContain("zqetaghousing");
  });

  it("is never given on a shared device", async () => {
    const own = await visit("nobodyStaff");
    const kiosk = await visit("nobodyStaff", own.etag, "; intranet_device=1.x");
    expect(kiosk.status).not.toBe(304);
    expect(kiosk.etag).toBeNull();
    expect(kiosk.cacheControl ?? "").not.toContain("private");
  });
});

/**
 * Whole pages through the real handler with every per-process memory warm (decision 210):
 * route matches and link targets remembered per address, the session look-up that brings
 * grants and reading settings, the audience cache. Two people of different departments
 * (and a manager) interleaved on the same addresses: each page is theirs only.
 */
describe("whole pages, people of two departments interleaved, caches warm", () => {
  let app: InProcessApp;
  const cookies: Record<string, string> = {};
  const page = async (key: string, url: string) => {
    const { status, html } = await openAs(app, cookies, key, url);
    return { status, html };
  };
  const tokenIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

  beforeAll(async () => {
    app = await loadApp();
    // Housing's member reads with larger text; Planning's with the standard settings.
    const { saveReadingSettings } = await import("~/models/reading-settings.server");
    const { nowIso } = await import("~/utils/db.server");
    await saveReadingSettings(await getDb(), people.housingStaff.id, { textSize: "larger", spacing: "standard", contrast: "high", motion: "standard" }, nowIso());
  });

  it("gives each person their own name, form token, settings and audience on every address", async () => {
    const housingOnly = await createItem({ type: "announcement", title: "News zqwholehousing", summary: "Housing only", audience: "departments", audienceDepartmentIds: [housing.id] });
    const planningOnly = await createItem({ type: "announcement", title: "News zqwholeplanning", summary: "Planning only", audience: "departments", audienceDepartmentIds: [planning.id] });
    const open = await createItem({ type: "announcement", title: "News zqwholeopen", summary: "For everyone" });
    // Guides too (their people and body are kept, decision 255): one for each department and one for everyone.
    const guide = { type: "guide" as const, lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01", ownerEmail: people.housingChampion.email };
    const housingGuide = await createItem({ ...guide, title: "Guide zqwholehousing", audience: "departments", audienceDepartmentIds: [housing.id] });
    const planningGuide = await createItem({ ...guide, title: "Guide zqwholeplanning", audience: "departments", audienceDepartmentIds: [planning.id] });
    const openGuide = await createItem({ ...guide, title: "Guide zqwholeguide", body: `See [Housing's guide](/guides/${housingGuide.slug}) and [Planning's](/guides/${planningGuide.slug}).` });
    const order = ["housingStaff", "planningStaff", "planningManager"];
    const tokens: Record<string, string> = {};
    const addresses = [
      "/", `/announcements/${open.slug}`, `/announcements/${housingOnly.slug}`, `/announcements/${planningOnly.slug}`, "/announcements", "/search?q=zqwhole",
      `/guides/${openGuide.slug}`, `/guides/${housingGuide.slug}`, `/guides/${planningGuide.slug}`,
    ];
    for (let round = 0; round < 3; round++)
      for (const url of round === 1 ? [...addresses].reverse() : addresses)
        for (const key of round === 2 ? [...order].reverse() : order) {
          const p = people[key];
          const { status, html } = await page(key, url);
          const mayRead = (slug: string) =>
            slug === open.slug || slug === openGuide.slug || ([housingOnly.slug, housingGuide.slug].includes(slug) ? p.departmentId === housing.id : p.departmentId === planning.id);
          const slug = /^\/(?:announcements|guides)\/(.+)$/.exec(url)?.[1] ?? null;
          if (slug && !mayRead(slug)) {
            expect(status, `${key} on ${url}`).toBe(404);
            expect(html).not.toContain([housingOnly.slug, housingGuide.slug].includes(slug) ? "zqwholehousing" : "zqwholeplanning");
            continue;
          }
          if (url === `/guides/${openGuide.slug}`) {
            // The owner's name for everyone; the body links only to the guide of the reader's own department.
            expect(html, `${key} on ${url}`).toContain(people.housingChampion.name);
            expect(html.includes(`href="/guides/${housingGuide.slug}"`), `${key}: link to Housing's guide`).toBe(p.departmentId === housing.id);
            expect(html.includes(`href="/guides/${planningGuide.slug}"`), `${key}: link to Planning's guide`).toBe(p.departmentId === planning.id);
          }
          expect(status, `${key} on ${url}`).toBe(200);
          expect(html, `${key} on ${url}`).toContain(p.name);
          for (const other of order) if (other !== key) expect(html, `${key} on ${url} shows ${other}`).not.toContain(`>${people[other].name}<`);
          const token = tokenIn(html);
          expect(token, `${key} on ${url}`).toBeTruthy();
          tokens[key] ??= token!;
          expect(token, `${key}'s form token on ${url}`).toBe(tokens[key]);
          expect(/<html[^>]*data-text-size="larger"/.test(html), `${key}'s reading settings on ${url}`).toBe(key === "housingStaff");
          if (p.departmentId !== housing.id) expect(html, `${key} on ${url}`).not.toContain("zqwholehousing");
          if (p.departmentId !== planning.id) expect(html, `${key} on ${url}`).not.toContain("zqwholeplanning");
        }
    expect(new Set(Object.values(tokens)).size, "every person has their own form token").toBe(order.length);
  });
});

describe("the header and footer drawn once (decision 230), people of different roles and grants interleaved", () => {
  let app: InProcessApp;
  const cookies: Record<string, string> = {};
  const page = async (key: string, url: string) => {
    const { status, html } = await openAs(app, cookies, key, url);
    return { status, header: /<header class="site-header">[\s\S]*<\/header>/.exec(html)?.[0] ?? "", footer: /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? "" };
  };

  beforeAll(async () => {
    app = await loadApp();
    const { setPermissionGrant } = await import("~/models/election.server");
    const { nowIso } = await import("~/utils/db.server");
    // A name React must escape, and a grant that adds to the navigation.
    await person("oddName", "staff", housing);
    await getDb().then((db) => db.run("UPDATE users SET name = ? WHERE id = ?", [`Zoë O'Brien & <Co> "Q"`, people.oddName.id]));
    people.oddName.name = `Zoë O'Brien & <Co> "Q"`;
    await setPermissionGrant(await getDb(), people.planningStaff.id, "publicity-reviewer", true, null, nowIso());
  });

  it("are exactly what the page draws without them, each person's own name and form token, on every address", async () => {
    const { setFragmentCache, fragmentCacheCounters } = await import("~/utils/fragment-cache.server");
    const order = ["housingStaff", "planningStaff", "oddName", "planningManager", "comms", "housingChampion"];
    const addresses = ["/", "/announcements", "/guides", "/policies", "/search?q=bins"];
    // Drawn in the page as usual: what each person must get.
    setFragmentCache(false);
    const expected: Record<string, { header: string; footer: string }> = {};
    for (const key of order) for (const url of addresses) expected[`${key} ${url}`] = await page(key, url);
    setFragmentCache(true);
    const before = fragmentCacheCounters();
    for (let round = 0; round < 2; round++)
      for (const url of round === 1 ? [...addresses].reverse() : addresses)
        for (const key of round === 1 ? [...order].reverse() : order) {
          const got = await page(key, url);
          expect(got.status).toBe(200);
          expect(got.header, `${key} on ${url}`).toBe(expected[`${key} ${url}`].header);
          expect(got.footer, `${key} on ${url}`).toBe(expected[`${key} ${url}`].footer);
          expect(got.header).toContain('aria-label="Main"');
        }
    // The escaped name, and the grant's link for its holder only.
    expect((await page("oddName", "/")).header).toContain("Zoë O&#x27;Brien &amp; &lt;Co&gt; &quot;Q&quot;");
    expect((await page("planningStaff", "/")).header).toContain('href="/publicity"');
    expect((await page("housingStaff", "/")).header).not.toContain('href="/publicity"');
    // The current section is marked on the page that is in it, and only there.
    expect((await page("housingStaff", "/guides")).header).toMatch(/aria-current="page" class="active" href="\/guides"/);
    expect((await page("housingStaff", "/")).header).not.toMatch(/aria-current="page" class="active" href="\/guides"/);
    const after = fragmentCacheCounters();
    expect(after.hits - before.hits, "the fragments were reused").toBeGreaterThan(order.length * addresses.length);
  });
});

/**
 * Item pages keep their own rows (the item, its audience, text, department, tags, files;
 * decision 245) in `forEveryone`, and their related pages per audience key: with both warm,
 * people of two departments interleaved each get only what their audience admits, and a
 * restriction or a widening is on the very next page.
 */
describe("item pages with their kept rows warm", () => {
  const loaders = {
    announcement: async () => (await import("~/routes/announcements.$slug")).loader,
    guide: async () => (await import("~/routes/guides.$slug")).loader,
    policy: async () => (await import("~/routes/policies.$slug")).loader,
  };
  const opened: Record<string, { id: number; slug: string; fields: ReturnType<typeof itemFields> }> = {};
  let relatedSlug = "";

  async function itemPage(p: Person, type: keyof typeof loaders, slug: string): Promise<{ status: number; text: string }> {
    const loader = await loaders[type]();
    try {
      const res = (await loader({ request: await requestAs(p.id, `/${type}s/${slug}`), params: { slug }, context: {} })) as Response;
      return { status: res.status, text: JSON.stringify(await res.json()) };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, text: "" };
      throw thrown;
    }
  }

  beforeAll(async () => {
    const related = await createItem({ type: "guide", title: "Guide zqrelhousing", audience: "departments", audienceDepartmentIds: [housing.id], lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" });
    relatedSlug = related.slug;
    for (const type of ["announcement", "guide", "policy"] as const) {
      opened[type] = await createItem({
        type, title: `${type} zqopenpage`, departmentId: planning.id, tags: ["zqtag"], related: [{ type: "guide", slug: related.slug }],
        body: `See [the Housing guide](/guides/${related.slug}) for more.`,
        ...(type === "guide" ? { lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" } : {}),
      });
      if (type === "policy")
        await createPolicyVersion(opened[type].id, {
          version: 1, whatChanged: "First", publishedAt: "2026-11-02T09:00:00.000Z", effectiveOn: "2026-11-02", body: `See [the Housing guide](/guides/${related.slug}) for more.`,
        });
    }
  });

  it("gives people of two departments, interleaved, only the related pages their audience admits", async () => {
    const order = ["housingStaff", "planningStaff", "housingChampion", "planningManager", "nobodyStaff", "comms"];
    const seesRelated = (p: Person) => allSee(p) || p.departmentId === housing.id;
    const before = audienceCacheCounters();
    for (let round = 0; round < 3; round++)
      for (const type of ["announcement", "guide", "policy"] as const)
        for (const key of round === 1 ? [...order].reverse() : order) {
          const p = people[key];
          const got = await itemPage(p, type, opened[type].slug);
          expect(got.status, `${key} on the ${type}`).toBe(200);
          expect(got.text).toContain("zqopenpage");
          expect(got.text).toContain("zqtag");
          if (seesRelated(p)) expect(got.text, `${key} should see the related guide on the ${type}`).toContain("zqrelhousing");
          else expect(got.text, `${key} must not see the related guide on the ${type}`).not.toContain("zqrelhousing");
          // The body's link to it: a link for those who may open it, words for the rest (kept per audience key).
          expect(got.text.includes(`href=\\"/guides/${relatedSlug}\\"`), `${key}: the body's link on the ${type}`).toBe(seesRelated(p));
          expect(got.text.includes("not available to you"), `${key}: the body's link words on the ${type}`).toBe(!seesRelated(p));
        }
    // All at once: loaders of different people interleave at every await.
    const all = await Promise.all(order.flatMap((key) => (["announcement", "guide", "policy"] as const).map(async (type) => ({ key, got: await itemPage(people[key], type, opened[type].slug) }))));
    for (const { key, got } of all) expect(got.text.includes("zqrelhousing"), key).toBe(seesRelated(people[key]));
    expect(audienceCacheCounters().hits - before.hits, "the kept rows were reused").toBeGreaterThan(order.length * 3);
  });

  it("shows a restriction and a widening on the very next page", async () => {
    const db = await getDb();
    for (const type of ["announcement", "guide", "policy"] as const) {
      const item = opened[type];
      const { housingStaff, planningStaff } = people;
      expect((await itemPage(housingStaff, type, item.slug)).status).toBe(200); // kept now
      expect((await itemPage(planningStaff, type, item.slug)).status).toBe(200);
      await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields, audience: "departments", audienceDepartmentIds: [planning.id] }));
      expect((await itemPage(housingStaff, type, item.slug)).status, `${type} restricted to Planning, as Housing`).toBe(404);
      const planner = await itemPage(planningStaff, type, item.slug);
      expect(planner.status).toBe(200);
      expect(planner.text).toContain('"departments":["Planning"]');
      await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields, audience: "departments", audienceDepartmentIds: [housing.id] }));
      expect((await itemPage(planningStaff, type, item.slug)).status, `${type} moved to Housing, as Planning`).toBe(404);
      expect((await itemPage(housingStaff, type, item.slug)).status).toBe(200);
      await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields }));
      expect((await itemPage(planningStaff, type, item.slug)).status, `${type} widened to everyone`).toBe(200);
      expect((await itemPage(housingStaff, type, item.slug)).status).toBe(200);
    }
  });
});

/**
 * The news list, the guides list (each page, and the guides' department and tag filters) are
 * kept per audience key, and the open departments and channels for everyone (decision 245):
 * people of two departments interleaved each get only their audience's items, and a
 * restriction is on the very next page.
 */
describe("the news and guides lists kept per audience", () => {
  const lists = {
    news: { url: "/announcements", kind: "announcement", loader: async () => (await import("~/routes/announcements._index")).loader },
    guides: { url: "/guides", kind: "guide", loader: async () => (await import("~/routes/guides._index")).loader },
  } as const;

  async function list(p: Person, which: keyof typeof lists, query = ""): Promise<string> {
    const loader = await lists[which].loader();
    const res = (await loader({ request: await requestAs(p.id, `${lists[which].url}${query}`), params: {}, context: {} })) as Response;
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  }

  it("gives people of different departments and roles, interleaved, only their audience's items", async () => {
    const order = ["housingStaff", "planningStaff", "housingChampion", "planningManager", "nobodyStaff", "comms"];
    for (let round = 0; round < 3; round++)
      for (const which of ["news", "guides"] as const)
        for (const key of round === 1 ? [...order].reverse() : order)
          for (const query of ["", `?department=${housing.slug}`]) {
            const p = people[key];
            const text = await list(p, which, query);
            for (const [marker, admits] of Object.entries(markers)) {
              if (!marker.endsWith(lists[which].kind)) continue;
              if (admits(p)) expect(text, `${key} should see ${marker} on ${which}${query}`).toContain(marker);
              else expect(text, `${key} must not see ${marker} on ${which}${query}`).not.toContain(marker);
            }
            if (which === "guides") {
              // The department filter's counts are the viewer's own: Housing's guides counted for Housing only.
              const housingGuides = Object.entries(markers).filter(([m, admits]) => m.endsWith("guide") && admits(p)).length;
              expect(text).toContain(`{"slug":"${housing.slug}","name":"Housing","count":${housingGuides}}`);
            }
          }
  });

  it("shows a restriction on the very next page of the list", async () => {
    const item = await createItem({ type: "announcement", title: "News zqmoving" });
    const { housingStaff, planningStaff } = people;
    expect(await list(housingStaff, "news")).toContain("zqmoving");
    expect(await list(planningStaff, "news")).toContain("zqmoving");
    const db = await getDb();
    await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields, audience: "departments", audienceDepartmentIds: [planning.id] }));
    expect(await list(housingStaff, "news")).not.toContain("zqmoving");
    expect(await list(planningStaff, "news")).toContain("zqmoving");
    await db.transaction((tx) => updateItem(tx, item.id, { ...item.fields }));
    expect(await list(housingStaff, "news")).toContain("zqmoving");
  });
});

/**
 * A guide's people (its owner's and deputy's names and "who to ask") are kept until the
 * directory changes (decision 255, app/presenters/directory-cache.server.ts), and each item
 * body with its links rewritten per revision and audience key: with both warm, people of two
 * departments interleaved get the same people and only their audience's links, a directory
 * change is on the very next page, and so is a change of who may open a linked page.
 */
describe("a guide's people and body kept (decision 255), people of two departments interleaved", () => {
  const guideLoader = async () => (await import("~/routes/guides.$slug")).loader;
  async function guidePage(p: Person, slug: string): Promise<{ status: number; text: string }> {
    const loader = await guideLoader();
    try {
      const res = (await loader({ request: await requestAs(p.id, `/guides/${slug}`), params: { slug }, context: {} })) as Response;
      return { status: res.status, text: JSON.stringify(await res.json()) };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, text: "" };
      throw thrown;
    }
  }
  const order = ["housingStaff", "planningStaff", "planningManager", "housingChampion", "nobodyStaff", "comms"];

  it("gives everyone the directory as it is now, on the very next page after a change", async () => {
    const { setExpertise } = await import("~/models/people.server");
    const { directoryCacheCounters } = await import("~/presenters/directory-cache.server");
    const db = await getDb();
    const parks = await createDepartment({ name: "Parks" });
    const owner = await createUser({ name: "Owner zqownerbefore", departmentId: parks.id });
    const champion = await createUser({ name: "Champion zqchampion", role: "champion", departmentId: parks.id });
    const expert = await createUser({ name: "Expert zqexpert", departmentId: planning.id });
    await setExpertise(db, expert.id, ["zqdirtag"]);
    const guide = await createItem({
      type: "guide", title: "Guide zqpeople", departmentId: parks.id, ownerEmail: owner.email, tags: ["zqdirtag"], lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01",
    });
    const everyoneSees = async (present: string[], absent: string[]) => {
      for (let round = 0; round < 2; round++)
        for (const key of round === 1 ? [...order].reverse() : order) {
          const got = await guidePage(people[key], guide.slug);
          expect(got.status, key).toBe(200);
          for (const text of present) expect(got.text, `${key} should see ${text}`).toContain(text);
          for (const text of absent) expect(got.text, `${key} must not see ${text}`).not.toContain(text);
        }
    };
    const before = directoryCacheCounters();
    await everyoneSees(["zqownerbefore", "zqchampion", "zqexpert"], []);
    expect(directoryCacheCounters().hits - before.hits, "the people were reused").toBeGreaterThan(order.length);
    await db.run("UPDATE users SET name = ? WHERE id = ?", ["Owner zqownerafter", owner.id]);
    await everyoneSees(["zqownerafter", "zqchampion", "zqexpert"], ["zqownerbefore"]);
    await db.run("UPDATE users SET active = 0 WHERE id = ?", [champion.id]);
    await setExpertise(db, expert.id, []);
    await everyoneSees(["zqownerafter"], ["zqchampion", "zqexpert"]);
  });

  it("links the body to a page only for those who may open it, on the very next page after it is restricted or widened", async () => {
    const linked = await createItem({ type: "guide", title: "Guide zqlinked", audience: "departments", audienceDepartmentIds: [housing.id], lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" });
    const guide = await createItem({ type: "guide", title: "Guide zqlinking", body: `Read [the linked guide](/guides/${linked.slug}).`, lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" });
    const link = `href=\\"/guides/${linked.slug}\\"`;
    const expectLinks = async (sees: (p: Person) => boolean) => {
      for (let round = 0; round < 2; round++)
        for (const key of round === 1 ? [...order].reverse() : order) {
          const got = await guidePage(people[key], guide.slug);
          expect(got.status, key).toBe(200);
          expect(got.text.includes(link), `${key}: the body's link`).toBe(sees(people[key]));
          expect(got.text.includes("not available to you"), `${key}: the link's words`).toBe(!sees(people[key]));
        }
    };
    const db = await getDb();
    await expectLinks((p) => allSee(p) || p.departmentId === housing.id);
    await db.transaction((tx) => updateItem(tx, linked.id, { ...linked.fields, audience: "departments", audienceDepartmentIds: [planning.id] }));
    await expectLinks((p) => allSee(p) || p.departmentId === planning.id);
    await db.transaction((tx) => updateItem(tx, linked.id, { ...linked.fields, audience: "everyone", audienceDepartmentIds: [] }));
    await expectLinks(() => true);
  });
});

/**
 * The guide and announcement pages with every cache warm (their rows, bodies, related pages,
 * the guide's people, the header and footer): people of two departments and several roles
 * interleaved get exactly the page drawn with the fragments off (decision 255), so only the
 * related pages their audience admits and their own form tokens.
 */
describe("guide and announcement pages with every cache warm (decision 255), people of two departments interleaved", () => {
  let app: InProcessApp;
  const cookies: Record<string, string> = {};
  const main = async (key: string, url: string) => {
    const { status, html } = await openAs(app, cookies, key, url);
    expect(status, `${key} on ${url}`).toBe(200);
    return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
  };

  beforeAll(async () => {
    app = await loadApp();
  });

  it("are exactly what the page draws with nothing drawn ahead, for each person", async () => {
    const { setFragmentCache, fragmentCacheCounters } = await import("~/utils/fragment-cache.server");
    const guide = { type: "guide" as const, lastReviewedOn: "2026-11-01", reviewBy: "2030-01-01" };
    const forHousing = await createItem({ ...guide, title: "Guide zqkepthousing", audience: "departments", audienceDepartmentIds: [housing.id] });
    const forPlanning = await createItem({ ...guide, title: "Guide zqkeptplanning", audience: "departments", audienceDepartmentIds: [planning.id] });
    const page = await createItem({
      ...guide, title: "Guide zqkept", departmentId: housing.id, ownerEmail: people.housingChampion.email, tags: ["zqkepttag", "bins"],
      related: [{ type: "guide", slug: forHousing.slug }, { type: "guide", slug: forPlanning.slug }],
      body: "## First part\n\nOne.\n\n## Second part\n\nTwo.\n\n## Third part\n\nThree.",
    });
    const news = await createItem({
      type: "announcement", title: "News zqkept", departmentId: housing.id, tags: ["zqkepttag"], channelIds: [],
      related: [{ type: "guide", slug: forHousing.slug }, { type: "guide", slug: forPlanning.slug }],
    });
    const urls = [`/guides/${page.slug}`, `/announcements/${news.slug}`];
    const order = ["housingStaff", "planningStaff", "planningManager", "housingChampion", "nobodyStaff", "comms"];
    setFragmentCache(false);
    const expected: Record<string, string> = {};
    for (const url of urls) for (const key of order) expected[`${key} ${url}`] = await main(key, url);
    setFragmentCache(true);
    try {
      const before = fragmentCacheCounters();
      for (let round = 0; round < 3; round++)
        for (const url of round === 2 ? [...urls].reverse() : urls)
          for (const key of round === 1 ? [...order].reverse() : order) {
            const got = await main(key, url);
            expect(got, `${key} on ${url}, round ${round + 1}`).toBe(expected[`${key} ${url}`]);
            const p = people[key];
            expect(got.includes("zqkepthousing"), `${key}: Housing's related guide on ${url}`).toBe(allSee(p) || p.departmentId === housing.id);
            expect(got.includes("zqkeptplanning"), `${key}: Planning's related guide on ${url}`).toBe(allSee(p) || p.departmentId === planning.id);
            expect(got).toContain("zqkepttag");
            if (url.startsWith("/guides/")) {
              expect(got).toContain('class="toc"');
              expect(got).toContain(people.housingChampion.name);
            } else expect(got).toContain('aria-label="About this announcement"');
          }
      expect(fragmentCacheCounters().hits - before.hits, "the header and footer were reused").toBeGreaterThan(order.length * urls.length * 2);
    } finally {
      setFragmentCache(true);
    }
  });
});
