/**
 * Each kind of reading page at a small phone width (320 px) and a desktop width
 * (1280 px): nothing may make the page scroll sideways. Screenshots are saved to
 * test-results/screenshots/ (git-ignored) for a person to look at.
 *
 * Then every item of the demo council (every announcement, policy version and guide in
 * the e2e server's database, not a sample) at 320 px: wide tables and code blocks must
 * scroll inside their own labelled, focusable region, never the page (WCAG 2.2 reflow).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import sqlite3 from "sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ItemType } from "~/models/item.server";
import { itemPath } from "~/utils/item-path";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";

const base = inject("baseURL");
const SCREENSHOTS = path.resolve("test-results/screenshots");

const PAGES: [name: string, path: string][] = [
  ["home", "/"],
  ["announcements", "/announcements"],
  ["announcement", "/announcements/pay-award-2026-27"],
  ["policies", "/policies"],
  ["policy", "/policies/flexible-working"],
  ["policy-old-version", "/policies/flexible-working?version=1"],
  ["policy-compare", "/policies/flexible-working/compare?from=1&to=3"],
  ["guides", "/guides"],
  ["guide", "/guides/how-to-claim-mileage"],
  ["guide-overdue", "/guides/book-a-pool-car"],
  ["departments", "/departments"],
  ["department", "/departments/housing"],
  ["channel", "/channels/all-staff"],
  ["accessibility", "/accessibility"],
  ["not-found", "/no-such-page"],
];

const WIDTHS = [320, 1280];

describe("reading pages fit small and large screens", () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill("#email", "staff@riverside.gov.uk");
    await page.fill("#password", inject("demoPassword"));
    await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    it.each(PAGES)(`%s at ${width}px does not scroll sideways`, async (name, url) => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${base}${url}`);
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const doc = document.documentElement;
        // Name the elements wider than the viewport, so a failure says what to fix.
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}`);
        return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
      });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      expect(scrollWidth, `${url} at ${width}px; too wide: ${wide.join(", ")}`).toBeLessThanOrEqual(clientWidth);
      await page.close();
    });
  }
});

/** The address of every item page a reader can open, from the server's own database. */
function listItemPages(databasePath: string): Promise<string[]> {
  const db = new sqlite3.Database(databasePath, sqlite3.OPEN_READONLY);
  const now = new Date().toISOString();
  return new Promise<string[]>((resolve, reject) =>
    db.all<{ type: ItemType; slug: string; version: number | null }>(
      `SELECT i.type, i.slug, NULL AS version FROM items i
         WHERE i.status IN ('published', 'expired') AND (i.publish_at IS NULL OR i.publish_at <= ?)
       UNION ALL
       SELECT i.type, i.slug, v.version FROM policy_versions v JOIN items i ON i.id = v.item_id
         WHERE i.status IN ('published', 'expired') AND (i.publish_at IS NULL OR i.publish_at <= ?)
       ORDER BY 1, 2, 3`,
      [now, now],
      (err, rows) => (err ? reject(err) : resolve(rows.map((r) => `${itemPath(r.type, r.slug)}${r.version ? `?version=${r.version}` : ""}`))),
    ),
  ).finally(() => db.close());
}

describe("every demo item reads at 320 px without the page scrolling sideways", () => {
  let browser: Browser;
  let context: BrowserContext;
  let pages: string[];
  beforeAll(async () => {
    pages = await listItemPages(inject("databasePath"));
    browser = await launchBrowser();
    // A communications editor may open every live item, whatever its audience: one context, one tab.
    context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await (await signInThroughForm(context, base, "comms@riverside.gov.uk", inject("demoPassword"))).close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists the whole demo council", () => {
    expect(pages.filter((p) => p.startsWith("/announcements/")).length).toBeGreaterThanOrEqual(20);
    expect(pages.filter((p) => p.startsWith("/guides/")).length).toBeGreaterThanOrEqual(20);
    expect(pages.filter((p) => p.includes("?version=")).length).toBeGreaterThanOrEqual(10);
  });

  it("each page fits 320 px; each table and code block scrolls in its own labelled, focusable region", async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    let tables = 0;
    for (const url of pages) {
      const response = await page.goto(`${base}${url}`, { waitUntil: "domcontentloaded" });
      if (response?.status() !== 200) {
        problems.push(`${url}: status ${response?.status()}`);
        continue;
      }
      const found = await page.evaluate(() => {
        const doc = document.documentElement;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.closest("[role=region].scroll-region"))
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}`);
        const blocks = [...document.querySelectorAll(".prose table, .prose pre")];
        const unwrapped = blocks
          .filter((el) => {
            const region = el.parentElement;
            return !(region?.matches("[role=region].scroll-region[tabindex='0']") && (region.getAttribute("aria-label") ?? "").trim().length > 0);
          })
          .map((el) => `${el.tagName.toLowerCase()} not in a labelled, focusable region`);
        return { scrollWidth: doc.scrollWidth, wide, unwrapped, blocks: blocks.length };
      });
      tables += found.blocks;
      if (found.scrollWidth > 320) problems.push(`${url}: ${found.scrollWidth} px wide (${found.wide.join(", ")})`);
      problems.push(...found.unwrapped.map((p) => `${url}: ${p}`));
    }
    await page.close();
    expect(problems).toEqual([]);
    // The demo council has tables in many pages; a renderer that dropped them would pass too easily.
    expect(tables).toBeGreaterThan(20);
  }, 240_000);

  it("a wide table is reached with Tab and scrolled with the arrow keys; the page passes axe", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/announcements/christmas-bin-collections-2026`);
    const region = page.locator(".prose .scroll-region").first();
    expect(await region.getAttribute("aria-label")).toBe("Table 1");
    // The table is wider than its region, which is no wider than the page.
    const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    expect(sizes.page).toBeLessThanOrEqual(320);
    // From the top of the page, by keyboard alone.
    for (let i = 0; i < 100 && !(await region.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await region.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector(".prose .scroll-region")!.scrollLeft > 0);
    expect(await new AxeBuilder(page).violations()).toEqual([]);
    await page.close();
  });
});
