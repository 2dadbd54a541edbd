import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importContent } from "~/commands/import.server";
import type { ItemType } from "~/models/item.server";
import { itemPath } from "~/utils/item-path";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { searchItems, startSearch, stopSearch } from "~/utils/search.server";

/**
 * Relevance on the demo council (content/, imported by the real importer): every item
 * is found by its own title, and questions staff really ask find the page that answers
 * them, in the top three. Prints the mean reciprocal rank so changes to ranking can be
 * compared.
 */
const QUESTIONS: [string, `${ItemType}:${string}`][] = [
  ["how do I claim mileage", "guide:how-to-claim-mileage"],
  ["bank holiday rota bins", "guide:bank-holiday-bin-rota"],
  ["report a data breach", "guide:report-a-data-breach"],
  ["book annual leave", "guide:book-annual-leave"],
  ["forgot my password", "guide:reset-your-password"],
  ["set up authenticator app", "guide:set-up-mfa"],
  ["criminal record check for a new starter", "guide:request-a-dbs-check"],
  ["DBS", "guide:request-a-dbs-check"],
  ["freedom of information request", "guide:handle-an-foi-request"],
  ["SAR", "guide:subject-access-requests"],
  ["S106", "guide:section-106-agreements"],
  ["developer contributions", "guide:section-106-agreements"],
  ["ctax discount for someone living alone", "guide:council-tax-single-person-discount"],
  ["book a pool car", "guide:book-a-pool-car"],
  ["emergency repair out of hours", "guide:housing-repairs-emergency-out-of-hours"],
  ["lone working incident", "guide:report-a-lone-working-incident"],
  ["worried an adult is being abused", "guide:safeguarding-adults-referral"],
  ["EHCP time limits", "guide:ehcp-process-overview"],
  ["what to do before a new starter arrives", "guide:new-starter-checklist"],
  ["vehicle walk round check defect", "guide:fleet-vehicle-defect-reporting"],
  ["missed bin complaint", "guide:missed-bin-complaints"],
  ["sign language interpreter", "guide:interpreter-booking"],
  ["working from home desk setup", "guide:working-from-home-setup"],
  ["ask for flexible working", "policy:flexible-working"],
  ["HR-042", "policy:flexible-working"],
  ["calling in sick", "policy:sickness-absence"],
  ["bullying and harassment at work", "policy:dignity-at-work"],
  ["receipts for an expenses claim", "guide:expenses-receipts"],
  ["christmas bin collections", "announcement:christmas-bin-collections-2026"],
  ["mental health first aid training", "announcement:mental-health-first-aiders"],
  ["desk phone moving to teams", "announcement:teams-phone-migration"],
  ["pay rise this year", "announcement:pay-award-2026-27"],
  ["fake payroll email", "announcement:phishing-warning-fake-payroll-emails"],
  ["gritting", "announcement:winter-gritting-2026"],
  ["mileage rates per mile", "guide:how-to-claim-mileage"],
  ["accessible word documents", "guide:accessible-documents"],
  // Typos and partial words
  ["milage claim", "guide:how-to-claim-mileage"],
  ["safegaurding referal", "guide:safeguarding-adults-referral"],
  ["anual leave policy", "policy:annual-leave"],
  ["interpre", "guide:interpreter-booking"],
  // Two letters swapped, one doubled, one dropped, in shorter words too (one edit each)
  ["polciy on flexible working", "policy:flexible-working"],
  ["sikcness absence", "policy:sickness-absence"],
  ["saftey app for lone workers", "announcement:new-lone-working-app"],
  ["phishign email", "announcement:phishing-warning-fake-payroll-emails"],
  ["girtting", "announcement:winter-gritting-2026"],
  ["book anual laeve", "guide:book-annual-leave"],
  ["pollicy on dignity at work", "policy:dignity-at-work"],
  ["claim milleage", "guide:how-to-claim-mileage"],
  ["missed bin complaintt", "guide:missed-bin-complaints"],
  ["data braech", "guide:report-a-data-breach"],
  ["polcy on sickness", "policy:sickness-absence"],
  ["reset pasword", "guide:reset-your-password"],
  ["bank holiday bin rta", "guide:bank-holiday-bin-rota"],
];

/**
 * Mistyped words and what "did you mean" offers for them: a swapped pair of letters,
 * a doubled letter and a dropped one, each one edit whatever the word's length, and
 * wherever it falls (near the end the stemmer reads the word differently: "polciy"
 * keeps its y, "policy" becomes "polici").
 */
const TYPOS: [typed: string, meant: string][] = [
  ["polciy", "policy"],
  ["parkign", "parking"],
  ["trainnig", "training"],
  ["saftey", "safety"],
  ["phishign", "phishing"],
  ["laeve", "leave"],
  ["sikcness", "sickness"],
  ["pollicy", "policy"],
  ["traiining", "training"],
  ["mileagge", "mileage"],
  ["polcy", "policy"],
  ["parkng", "parking"],
  ["safty", "safety"],
  ["recieve", "receive"],
];

// The demo council's news is dated around late November 2026; pin the clock there so
// items do not expire out from under the test as real time passes.
const DEMO_NOW = new Date("2026-11-25T12:00:00Z");

describe("search relevance on the demo council", () => {
  let viewer: Viewer;
  const listed = new Map<string, { title: string }>();

  beforeAll(async () => {
    vi.useFakeTimers({ now: DEMO_NOW, toFake: ["Date"] });
    const report = await importContent({ assets: null, now: DEMO_NOW });
    expect(report.errors).toEqual([]);
    await startSearch({ persistPath: null, buildIn: "inline" });
    const db = await getDb();
    // Someone who may open everything that is live, so relevance (not audience) is what is measured.
    viewer = { id: 0, email: "comms@riverside.gov.uk", name: "Comms", role: "comms", departmentId: null };
    const { sql, params } = visibleItemsSql(viewer);
    for (const row of await db.all<{ type: ItemType; slug: string; title: string }>(`SELECT i.type, i.slug, i.title FROM items i WHERE ${sql}`, params))
      listed.set(`${row.type}:${row.slug}`, row);
  }, 120_000);
  afterAll(async () => {
    await stopSearch();
    vi.useRealTimers();
  });

  async function rankOf(query: string, key: string): Promise<number> {
    const [type, slug] = key.split(":") as [ItemType, string];
    const page = await searchItems(viewer, { q: query });
    const at = page.hits.findIndex((h) => h.url === itemPath(type, slug));
    return at < 0 ? Infinity : at + 1;
  }

  it("finds every item by its title, in the top three", async () => {
    expect(listed.size).toBeGreaterThan(50);
    const misses: string[] = [];
    let reciprocal = 0;
    for (const [key, { title }] of listed) {
      const rank = await rankOf(title, key);
      reciprocal += rank === Infinity ? 0 : 1 / rank;
      if (rank > 3) misses.push(`${title} → ${rank}`);
    }
    console.log(`titles: ${listed.size} items, mean reciprocal rank ${(reciprocal / listed.size).toFixed(3)}`);
    expect(misses).toEqual([]);
  });

  it("answers staff questions with the right page in the top three", async () => {
    const misses: string[] = [];
    let reciprocal = 0;
    for (const [question, key] of QUESTIONS) {
      if (!listed.has(key)) misses.push(`${key} is not live in the demo content`);
      const rank = await rankOf(question, key);
      reciprocal += rank === Infinity ? 0 : 1 / rank;
      if (rank > 3) misses.push(`${question} → ${key} at ${rank}`);
    }
    console.log(`questions: ${QUESTIONS.length}, mean reciprocal rank ${(reciprocal / QUESTIONS.length).toFixed(3)}`);
    expect(misses).toEqual([]);
  });

  it("finds for a mistyped word what the word finds, and offers the word", async () => {
    const wrong: string[] = [];
    for (const [typed, meant] of TYPOS) {
      const [mistyped, right] = [await searchItems(viewer, { q: typed }), await searchItems(viewer, { q: meant })];
      expect(right.total, meant).toBeGreaterThan(0);
      const found = new Set(mistyped.hits.map((h) => h.url));
      const missing = right.hits.slice(0, 3).filter((h) => !found.has(h.url));
      if (missing.length) wrong.push(`${typed}: ${mistyped.total} results, without ${missing.map((h) => h.url).join(", ")} that ${meant} finds`);
      if (mistyped.didYouMean !== meant) wrong.push(`${typed}: did you mean ${JSON.stringify(mistyped.didYouMean)}, not ${JSON.stringify(meant)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("finds the policy pages for polciy as for policy", async () => {
    const [mistyped, right] = [await searchItems(viewer, { q: "polciy" }), await searchItems(viewer, { q: "policy" })];
    expect(right.total).toBeGreaterThan(10);
    expect(mistyped.total).toBe(right.total);
    expect(mistyped.hits.map((h) => h.url)).toEqual(right.hits.map((h) => h.url));
    expect(mistyped.didYouMean).toBe("policy");
  });
});
