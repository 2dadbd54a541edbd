import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertGlossaryTerm } from "~/models/glossary.server";
import { findItemById, loadItemFields, updateItem } from "~/models/item.server";
import { listSearchMisses, listTopSearches } from "~/models/search.server";
import { loader as insightsLoader } from "~/routes/admin.search-insights";
import { loader as glossaryLoader } from "~/routes/glossary";
import { loader as openSearchLoader } from "~/routes/opensearch[.]xml";
import { loader as searchLoader } from "~/routes/search";
import type { Viewer } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { changeFeedSettled } from "~/commands/change-feed.server";
import { addRevision } from "~/models/revision.server";
import { followChangesIntoSearch } from "~/commands/search-follower.server";
import { flushSearchInsight, searchIndex, searchItems, startSearch, stopSearch, suggestItems } from "~/utils/search.server";
import { createDepartment, createItem, createUser, requestAs } from "../factories";
import { load } from "../pages/load";

const day = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-index-"));
const indexPath = path.join(dir, "test.search-index");

describe("the search service", () => {
  let waste: { id: number; slug: string }, finance: { id: number; slug: string };
  let staff: Viewer, staffId: number, commsId: number;
  let stopFollowing: () => Promise<void>;
  beforeAll(async () => {
    waste = await createDepartment({ slug: "waste", name: "Waste and Street Scene" });
    finance = await createDepartment({ slug: "finance", name: "Finance" });
    staffId = (await createUser({ role: "staff", departmentId: waste.id })).id;
    commsId = (await createUser({ role: "comms", departmentId: finance.id })).id;
    staff = { id: staffId, email: "", name: "", role: "staff", departmentId: waste.id };
    const db = await getDb();
    await db.transaction(async (tx) => {
      await upsertGlossaryTerm(tx, {
        slug: "dbs", term: "DBS", standsFor: "Disclosure and Barring Service", also: ["criminal record check"],
        definitionMd: "Checks.", definitionHtml: "<p>The body that carries out <strong>criminal record checks</strong>.</p>", sourcePath: null,
      });
    });
    await createItem({ type: "guide", slug: "claim-mileage", title: "How to claim mileage", summary: "Claim business mileage within three months.", departmentId: finance.id, tags: ["expenses"], lastReviewedOn: "2026-05-02", body: "## Rates\n\nYou can claim **45p** a mile for the first 10,000 miles. <script>alert('x')</script>" });
    await createItem({ type: "policy", slug: "travel", title: "Travel and subsistence policy", reference: "FIN-012", departmentId: finance.id, body: "Mileage is paid at HMRC rates." });
    await createItem({ type: "guide", slug: "volunteer-checks", title: "Checks for volunteers", departmentId: waste.id, body: "Every volunteer needs a criminal record check before they start." });
    await createItem({ type: "guide", slug: "dbs-guide", title: "Request a DBS check", departmentId: waste.id, body: "Managers request a DBS check online." });
    for (let i = 0; i < 25; i++)
      await createItem({ type: "announcement", slug: `rota-${i}`, title: `Bin rota update ${i}`, departmentId: waste.id, publishAt: iso(-i * 10), body: "The bin rota changes." });
    await createItem({ type: "guide", slug: "secret", title: "Restructure plans", audience: "roles", audienceRoles: ["manager"], body: "The confidential zzyzxquark redundancy programme." });
    stopFollowing = await followChangesIntoSearch();
    await startSearch({ persistPath: indexPath, buildIn: "process" });
  });
  afterAll(async () => {
    await stopFollowing();
    await stopSearch();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows type, department, date and a snippet with the matched words marked", async () => {
    const page = await searchItems(staff, { q: "mileage rates" });
    expect(page.hits[0].url).toBe("/guides/claim-mileage");
    const hit = page.hits[0];
    expect(hit.type).toBe("guide");
    expect(hit.department).toBe("Finance");
    expect(hit.date).toBe("2026-05-02");
    expect(hit.title.filter((s) => s.mark).map((s) => s.text)).toEqual(["mileage"]);
    expect(hit.snippet.filter((s) => s.mark).map((s) => s.text.toLowerCase())).toContain("rates");
    // The stored HTML was sanitised; the snippet is text only, never markup.
    expect(JSON.stringify(hit.snippet)).not.toContain("<script");
  });

  it("finds a policy by its reference", async () => {
    expect((await searchItems(staff, { q: "FIN-012" })).hits[0].url).toBe("/policies/travel");
  });

  it("counts results per type and department, filters, and pages", async () => {
    const all = await searchItems(staff, { q: "bin rota" });
    expect(all.total).toBe(25);
    expect(all.facets.types).toEqual({ announcement: 25 });
    expect(all.facets.departments).toEqual([{ slug: "waste", name: "Waste and Street Scene", count: 25 }]);
    expect(all.hits).toHaveLength(10);
    expect(all.pageCount).toBe(3);
    const third = await searchItems(staff, { q: "bin rota", page: 3 });
    expect(third.hits).toHaveLength(5);
    const beyond = await searchItems(staff, { q: "bin rota", page: 99 });
    expect(beyond.page).toBe(3);
    const recent = await searchItems(staff, { q: "bin rota", from: iso(-45).slice(0, 10) });
    expect(recent.total).toBeGreaterThanOrEqual(4);
    expect(recent.total).toBeLessThanOrEqual(6);
    expect((await searchItems(staff, { q: "bin rota", type: "guide" })).total).toBe(0);
    expect((await searchItems(staff, { q: "mileage", department: "finance" })).facets.types).toEqual({ guide: 1, policy: 1 });
  });

  it("puts fresh news above stale news when they match equally", async () => {
    const page = await searchItems(staff, { q: "bin rota update" });
    const order = page.hits.map((h) => h.url);
    expect(order.slice(0, 3)).toEqual(["/announcements/rota-0", "/announcements/rota-1", "/announcements/rota-2"]);
  });

  it("puts an exact title match first", async () => {
    expect((await searchItems(staff, { q: "Bin rota update 17" })).hits[0].url).toBe("/announcements/rota-17");
  });

  it("uses the glossary both ways and shows the definition", async () => {
    const byAcronym = await searchItems(staff, { q: "DBS" });
    expect(byAcronym.glossary.map((g) => g.term)).toEqual(["DBS"]);
    expect(byAcronym.hits.map((h) => h.url)).toEqual(expect.arrayContaining(["/guides/dbs-guide", "/guides/volunteer-checks"]));
    const byPhrase = await searchItems(staff, { q: "criminal record check" });
    expect(byPhrase.hits.map((h) => h.url)).toEqual(expect.arrayContaining(["/guides/dbs-guide", "/guides/volunteer-checks"]));
  });

  it("suggests a spelling, but never a word only a restricted page contains", async () => {
    const typo = await searchItems(staff, { q: "milaege" });
    expect(typo.didYouMean).toBe("mileage");
    const leak = await searchItems(staff, { q: "zzyzxquork" });
    expect(leak.total).toBe(0);
    expect(leak.didYouMean).toBeNull();
    // Someone who may open the page gets the suggestion.
    const manager: Viewer = { ...staff, role: "manager" };
    expect((await searchItems(manager, { q: "zzyzxquork" })).didYouMean).toBe("zzyzxquark");
    expect((await searchItems(staff, { q: "mileage" })).didYouMean).toBeNull();
  });

  it("suggests titles and glossary terms as people type", async () => {
    const s = await suggestItems(staff, "mile");
    expect(s.items[0]).toEqual({ title: "How to claim mileage", type: "guide", url: "/guides/claim-mileage" });
    expect((await suggestItems(staff, "db")).terms).toEqual([{ term: "DBS", standsFor: "Disclosure and Barring Service", url: "/glossary#dbs" }]);
    expect((await suggestItems(staff, "restructure")).items).toEqual([]);
  });

  // How fast (issue floor: 1 s) is measured by `npm run bench:search`, not here: a timed
  // assertion would be decided by how busy the machine is.
  it("makes a new item searchable as soon as the change feed has been followed", async () => {
    const { id } = await createItem({ type: "announcement", slug: "gritting", title: "Winter gritting starts", body: "Gritters go out tonight." });
    await changeFeedSettled();
    const page = await searchItems(staff, { q: "gritters" });
    expect(page.hits.map((h) => h.url)).toContain("/announcements/gritting");
  });

  it("finds an edited item by its new words and not its old ones", async () => {
    const db = await getDb();
    const item = (await db.get<{ id: number }>("SELECT id FROM items WHERE slug = 'travel'"))!;
    await db.transaction(async (tx) => {
      const row = (await findItemById(tx, item.id))!;
      await updateItem(tx, item.id, { ...(await loadItemFields(tx, row)), title: "Travel, meals and hotels policy" });
    });
    await changeFeedSettled();
    expect((await searchItems(staff, { q: "hotels" })).hits.map((h) => h.url)).toEqual(["/policies/travel"]);
    expect((await searchItems(staff, { q: "subsistence" })).hits.map((h) => h.url)).not.toContain("/policies/travel");
  });

  it("keeps snippets per revision and words: an edit shows its new text, and a kept snippet reaches only those who may see its page", async () => {
    const text = (segments: { text: string }[]) => segments.map((x) => x.text).join("");
    const manager: Viewer = { ...staff, role: "manager" };
    // Twice for the same words: the second comes from what the first kept, and is the same.
    const first = (await searchItems(manager, { q: "zzyzxquark" })).hits[0];
    expect(text(first.snippet)).toContain("confidential zzyzxquark redundancy");
    expect((await searchItems(manager, { q: "zzyzxquark" })).hits[0].snippet).toEqual(first.snippet);
    // Kept for a manager, never shown to staff outside the page's audience.
    expect((await searchItems(staff, { q: "zzyzxquark" })).hits).toEqual([]);
    // A new revision is a new snippet for the same words.
    const db = await getDb();
    const item = (await db.get<{ id: number }>("SELECT id FROM items WHERE slug = 'secret'"))!;
    await db.transaction(async (tx) => {
      await addRevision(tx, { itemId: item.id, title: "Restructure plans", summary: "", body: "The zzyzxquark programme is paused until spring.", fields: {}, source: "web", authorId: null });
      // What the editor's save does: the item changes with its new revision (a change-feed row).
      const row = (await findItemById(tx, item.id))!;
      await updateItem(tx, item.id, await loadItemFields(tx, row));
    });
    await changeFeedSettled();
    const edited = (await searchItems(manager, { q: "zzyzxquark" })).hits[0];
    expect(text(edited.snippet)).toContain("zzyzxquark programme is paused");
    expect(text(edited.snippet)).not.toContain("redundancy");
  });

  it("rebuilds in a worker, persists, and starts again from the persisted copy", async () => {
    const m = searchIndex()!;
    await m.rebuild();
    expect(m.stats().deltaDocuments).toBe(0);
    expect(m.stats().lastBuild?.persistedBytes).toBeGreaterThan(1000);
    expect(fs.existsSync(indexPath)).toBe(true);
    await stopSearch();
    // A change while the server is down is picked up at start-up.
    const { id } = await createItem({ type: "guide", slug: "new-while-down", title: "Salt bins", body: "Where the salt bins are." });
    const again = await startSearch({ persistPath: indexPath, buildIn: "process" });
    expect(again.stats().loadedFromDisk).not.toBeNull();
    expect(again.stats().deltaDocuments).toBe(1);
    expect((await searchItems(staff, { q: "salt bins" })).hits[0]?.id).toBe(id);
    expect((await searchItems(staff, { q: "gritters" })).total).toBe(1);
  });

  it("rebuilds from scratch when the persisted copy is damaged", async () => {
    await stopSearch();
    fs.writeFileSync(indexPath, "not an index");
    fs.writeFileSync(`${indexPath}.999.building`, "half a build");
    const m = await startSearch({ persistPath: indexPath, buildIn: "inline" });
    expect(m.stats().loadedFromDisk).toBeNull();
    expect(fs.existsSync(`${indexPath}.999.building`)).toBe(false);
    expect((await searchItems(staff, { q: "mileage" })).total).toBeGreaterThan(0);
  });

  it("records searches that found little, without who searched, for comms editors only", async () => {
    const zero = await load(searchLoader, await requestAs(staffId, "/search?q=parking%20permits%20for%20vans"));
    expect(zero.data.total).toBe(0);
    await load(searchLoader, await requestAs(staffId, "/search?q=Parking+permits+for+vans"));
    await load(searchLoader, await requestAs(staffId, "/search?q=mileage"));
    await flushSearchInsight();
    const db = await getDb();
    const misses = await listSearchMisses(db, iso(-1));
    expect(misses.find((m) => m.query.toLowerCase() === "parking permits for vans")).toMatchObject({ searches: 2, zeroResults: 2 });
    expect((await listTopSearches(db, iso(-1).slice(0, 10))).map((t) => t.query)).toContain("mileage");
    const columns = (await db.all<{ name: string }>("SELECT name FROM pragma_table_info('search_misses')")).map((c) => c.name);
    expect(columns).not.toContain("user_id");
    expect((await load(insightsLoader, await requestAs(staffId, "/admin/search-insights"))).status).toBe(404);
    const page = await load(insightsLoader, await requestAs(commsId, "/admin/search-insights?days=7"));
    expect(page.status).toBe(200);
    expect(page.data.misses.map((m: { query: string }) => m.query.toLowerCase())).toContain("parking permits for vans");
  });

  it("a signed-in search waits for the changes its session read, without asking the database again", async () => {
    // Published, then searched for at once through the page: the session statement reads the feed's
    // newest id, and the search waits for the index to hold that change before answering.
    await createItem({ type: "guide", slug: "kestrel-survey", title: "Kestrel nesting survey", departmentId: waste.id, body: "Count the kestrels." });
    const page = await load(searchLoader, await requestAs(staffId, "/search?q=kestrel"));
    expect(page.data.hits.map((h: { url: string }) => h.url)).toEqual(["/guides/kestrel-survey"]);
    // A session that read an id the index has already passed answers at once; an id beyond what is
    // committed is waited for only as long as the freshness limit, then answered as it stands.
    const db = await getDb();
    const newest = Number((await db.get<{ id: number }>("SELECT MAX(id) AS id FROM change_feed"))!.id);
    const seen = { ...staff, sight: { feedId: newest } };
    expect((await searchItems(seen, { q: "kestrel" })).total).toBe(1);
    const started = Date.now();
    expect((await searchItems({ ...staff, sight: { feedId: newest + 1_000 } }, { q: "kestrel" })).total).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("lists the glossary A to Z and describes itself to browsers", async () => {
    const glossary = await load(glossaryLoader, await requestAs(staffId, "/glossary"));
    expect(glossary.data.groups[0]).toMatchObject({ letter: "D", terms: [{ slug: "dbs", term: "DBS" }] });
    const res = await openSearchLoader({ request: new Request("http://intranet.test/opensearch.xml"), params: {}, context: {} });
    expect(res.headers.get("content-type")).toContain("application/opensearchdescription+xml");
    const xml = await res.text();
    expect(xml).toContain('template="http://intranet.test/search?q={searchTerms}"');
    expect(xml).toContain("<ShortName>");
  });
});
