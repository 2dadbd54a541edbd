/**
 * `--dir` on folders written for four other static-site and docs tools
 * (tests/fixtures/foreign-docs): YAML front matter with template tags, a docs site with
 * `Key: value` meta-data blocks, a docs site with sidebars and tag objects, and a site
 * with TOML `+++` and JSON front matter. Their keys collide with ours (`audience`,
 * `status`, `owner`, `type`, `public`, `draft`, `published`, dates in other formats, tags
 * as a string) and must never be validated or used as ours (decision 014): every page
 * imports, published, for everyone, owned as the command says, with the foreign keys
 * kept aside. Unreadable front matter and repeated keys are warnings with file and line.
 */
import { beforeEach, describe, expect, test } from "vitest";
import { importContent } from "~/commands/import.server";
import { importDirectory } from "~/commands/import-dir.server";
import { findItemBySlug } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { formatProblem } from "~/schemas/front-matter";
import type { Database } from "~/utils/db.server";
import { copyFixture, freshDatabase } from "./helpers";

const NOW = new Date("2026-11-25T12:00:00Z");
const CHAMPION = "chris.champion@testborough.gov.uk";
let db: Database;
let content: string;

beforeEach(async () => {
  db = await freshDatabase();
  content = copyFixture("content-basic");
  await importContent({ contentDir: content, now: NOW, assets: null });
});

async function importSite(name: string) {
  const dir = copyFixture(`foreign-docs/${name}`);
  const report = await importDirectory({ dir, type: "guide", department: "housing", now: NOW, contentDir: content, assets: null });
  const local = (message: string) => message.split(`${dir}/`).join("");
  return { report, errors: report.errors.map((p) => local(formatProblem(p))), warnings: report.warnings.map(local) };
}

async function guide(slug: string) {
  const item = await findItemBySlug(db, "guide", slug);
  expect(item, slug).toBeDefined();
  const rev = (await getRevision(db, item!.currentRevisionId!))!;
  const tags = (await db.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag", [item!.id])).map((t) => t.tag);
  return { item: item!, rev, tags, extra: (JSON.parse(rev.fieldsJson) as { extra?: Record<string, unknown> }).extra };
}

/** What the command decides for every page, whatever its front matter says. */
async function expectDecidedByTheCommand(slugs: string[]) {
  for (const slug of slugs) {
    const { item } = await guide(slug);
    expect(item, slug).toMatchObject({
      status: "published", audience: "everyone", isPublic: 0, ownerEmail: CHAMPION, lastReviewedOn: "2026-11-25", reviewBy: "2027-11-25", publishAt: null,
    });
    expect(item.publishedAt, slug).toBe(NOW.toISOString());
  }
}

describe("folders written for other tools", () => {
  test("YAML front matter with template tags: audience, status, owner, type, public, published and odd dates are kept aside", async () => {
    const { report, errors, warnings } = await importSite("yaml-pages");
    expect(errors).toEqual([]);
    expect(report.created.map((c) => c.slug).sort()).toEqual(["operations-broken", "operations-certificates", "operations-deploying", "yaml-pages"]);
    expect(warnings).toEqual([
      "operations/broken.md:2: front matter: This front matter could not be read (Nested mappings are not allowed in compact mappings); the page was imported from its text and first heading, and the front matter was kept aside as written",
      "operations/certificates.md:7: title: This field is given more than once (first on line 2); the last value was used",
      "operations/certificates.md:8: summary: This field is given more than once (first on line 3); the last value was used",
    ]);
    await expectDecidedByTheCommand(report.created.map((c) => c.slug));

    const home = await guide("yaml-pages");
    expect(home.item.title).toBe("Web operations handbook");
    expect(home.extra).toEqual({ layout: "home", nav_order: 1, permalink: "/", audience: "web-ops", status: "draft" });
    expect(home.rev.html).toContain('href="/guides/operations-deploying"');

    const deploying = await guide("operations-deploying");
    expect(deploying.item.title).toBe("Deploying the website: step by step");
    expect(deploying.rev.body).not.toMatch(/^# Deploying/m); // the opening heading would repeat the title
    expect(deploying.tags).toEqual(["checklists", "deploys", "release"]); // a space-separated string
    expect(deploying.extra).toEqual({
      layout: "page", parent: "Operations", nav_order: 2, owner: "@web-team", type: "runbook", date: "2019-03-04 10:00:00 +0100",
      last_modified_at: "04/03/2021", published: false, public: true, redirect_from: ["/old/deploy/"],
    });
    expect(deploying.rev.html).toContain('href="/guides/operations-certificates#h-when-to-rotate"');

    const certificates = await guide("operations-certificates");
    expect(certificates.item).toMatchObject({ title: "Rotating certificates", summary: "When and how to rotate the website's TLS certificates." });
    expect(certificates.extra).toEqual({ audience: ["developers", "editors"] });

    // Unreadable front matter: imported from its first heading and text; the front matter kept aside.
    const broken = await guide("operations-broken");
    expect(broken.item).toMatchObject({ title: "Recovering from an outage", summary: "Put the holding page up first, then tell the contact centre." });
    expect(broken.extra).toEqual({ unreadable_front_matter: "title: Broken: a page: with colons\ntags: [unclosed" });
    expect(broken.rev.body).toBe("Put the holding page up first, then tell the contact centre.\n");
  });

  test("a docs site with meta-data blocks: `Key: value` lines are front matter only when they name a title, summary or tags", async () => {
    const { report, errors, warnings } = await importSite("meta-docs");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(report.created.map((c) => c.slug).sort()).toEqual(["admin-accounts", "faq", "meta-docs", "routing"]);
    await expectDecidedByTheCommand(report.created.map((c) => c.slug));

    const home = await guide("meta-docs");
    expect(home.item).toMatchObject({ title: "Service desk guide", summary: "How the service desk logs, routes and closes calls." });
    expect(home.tags).toEqual(["calls", "service desk"]);
    expect(home.extra).toEqual({ hide: ["navigation", "toc"], status: "new" });

    const routing = await guide("routing");
    expect(routing.item).toMatchObject({ title: "Routing calls", summary: "Which team gets which call, and when to escalate." });
    expect(routing.tags).toEqual(["escalation", "routing"]);
    expect(routing.extra).toEqual({ authors: "Jo Bloggs Sam Smith", date: "31 January 2022" });
    expect(routing.rev.body).toMatch(/^Send housing repairs/);

    // "Note: …" is the page's first paragraph, not meta-data.
    const faq = await guide("faq");
    expect(faq.item).toMatchObject({ title: "Frequently asked questions", summary: "Note: this page is being rewritten." });
    expect(faq.extra).toBeUndefined();

    const accounts = await guide("admin-accounts");
    expect(accounts.item.title).toBe("Managing accounts");
    expect(accounts.tags).toEqual(["accounts", "passwords", "two-factor sign-in"]); // a comma-separated string
    expect(accounts.extra).toEqual({ audience: "administrators", owner: "itops", status: "deprecated", type: "reference", date: "31 January 2022", revision_date: "2023/02/28" });
  });

  test("a docs site with sidebars: tag objects, draft and unlisted pages, ids and slugs are kept aside", async () => {
    const { report, errors, warnings } = await importSite("sidebar-docs");
    expect(errors).toEqual([]);
    expect(warnings).toEqual(["intro.md:8: tags: Some tags are not plain text; the tags were kept aside as written, and the plain ones taken"]);
    expect(report.created.map((c) => c.slug).sort()).toEqual(["applications-fees", "applications-validating", "intro"]);
    await expectDecidedByTheCommand(report.created.map((c) => c.slug));

    const intro = await guide("intro");
    expect(intro.item).toMatchObject({ title: "Planning portal help", summary: "Help for officers using the planning portal." });
    expect(intro.tags).toEqual(["portal"]);
    expect(intro.extra).toMatchObject({ id: "intro", slug: "/", tags: ["portal", { label: "Applications", permalink: "/applications" }] });
    expect(intro.rev.html).toContain('href="/guides/applications-validating"');

    const validating = await guide("applications-validating");
    expect(validating.item.title).toBe("Validating an application");
    expect(validating.extra).toEqual({
      sidebar_position: 2, audience: "validation-team", status: "draft", owner: "planning-support", type: "how-to", draft: true, unlisted: true,
      last_update: { date: "2023-11-02", author: "jdoe" },
    });

    const fees = await guide("applications-fees");
    expect(fees.tags).toEqual(["2024", "fees", "payments"]); // numbers are text; repeats once
    expect(fees.extra).toEqual({ hide_title: true, custom_edit_url: null });
  });

  test("TOML +++ and JSON front matter: native dates, tables, repeated keys and an unclosed string", async () => {
    const { report, errors, warnings } = await importSite("toml-site");
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      "completion.md:6: title: This field is given more than once (first on line 2); the last value was used",
      "dangerous-structures.md:2: front matter: This front matter could not be read (a quoted value is not closed on its line); the page was imported from its text and first heading, and the front matter was kept aside as written",
      "inspections/site-visits.md:18: summary: This field is given more than once (first on line 3); the last value was used",
      "inspections/site-visits.md:22: params.author: This field is given more than once (first on line 21); the last value was used",
    ]);
    expect(report.created.map((c) => c.slug).sort()).toEqual([
      "completion", "dangerous-structures", "inspections", "inspections-site-visits", "toml-site", "yaml-page",
    ]);
    await expectDecidedByTheCommand(report.created.map((c) => c.slug));

    const home = await guide("toml-site");
    expect(home.item).toMatchObject({ title: "Building control manual", summary: "How building control handles applications, inspections and completion." });
    expect(home.extra).toEqual({ date: "2020-06-01T09:00:00.000+01:00", draft: true, weight: 1 });
    expect(home.rev.html).toContain('href="/guides/inspections-site-visits"');

    const visits = await guide("inspections-site-visits");
    expect(visits.item).toMatchObject({ title: "Site visits", summary: "Booking, carrying out and recording site visits." });
    expect(visits.tags).toEqual(["inspections", "visits"]);
    expect(visits.extra).toEqual({
      draft: true, audience: "inspectors", status: "draft", owner: "bc-team", type: "docs",
      notes: 'status = "not a key: this is inside a string"\n', lastmod: "2023-02-28", publishDate: "2023-03-01T00:00:00.000Z",
      params: { author: "R. Patel and K. Obi" }, resources: [{ src: "plan.pdf" }, { src: "photo.jpg" }],
    });

    const completion = await guide("completion");
    expect(completion.item.title).toBe("Completion certificates and final inspections");
    expect(completion.tags).toEqual(["certificates", "completion"]);
    expect(completion.extra).toEqual({ status: "draft", date: "2022-10-10" });

    const structures = await guide("dangerous-structures");
    expect(structures.item.title).toBe("Dangerous structures");
    expect(structures.extra).toEqual({ unreadable_front_matter: 'title = "Dangerous structures\nweight = 4' });

    expect((await guide("yaml-page")).extra).toEqual({ aliases: ["/fees/", "/charges/"], categories: ["money"] });
  });

  test("a second run of every folder changes nothing", async () => {
    const sites = ["yaml-pages", "meta-docs", "sidebar-docs", "toml-site"];
    const dirs = sites.map((s) => copyFixture(`foreign-docs/${s}`));
    const run = (dir: string) => importDirectory({ dir, type: "guide", department: "housing", now: NOW, contentDir: content, assets: null });
    for (const dir of dirs) expect((await run(dir)).errors).toEqual([]);
    for (const dir of dirs) expect(await run(dir)).toMatchObject({ created: [], revised: [], errors: [], warnings: [] });
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM items WHERE type = 'guide' AND status <> 'published'"))!.n).toBe(0);
  });
});
