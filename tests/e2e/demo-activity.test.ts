/**
 * The insight pages on the demo council in Chromium, with the activity history its first
 * start generated (decision 087): charts that are not empty, tables with rows, the weekly
 * summary with real-looking figures, search insight with searches that found nothing, and
 * on each page the note that the figures are generated demo data. Every page passes axe.
 * Screenshots go to test-results/screenshots/ (insights-*.png). Reads only: the shared server.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";

const SHOTS = path.resolve("test-results/screenshots");
const base = inject("baseURL");
let browser: Browser;
let comms: BrowserContext;

async function open(path: string, width = 1280): Promise<Page> {
  const page = await comms.newPage();
  await page.setViewportSize({ width, height: 900 });
  const res = await page.goto(`${base}${path}`);
  expect(res?.status(), path).toBe(200);
  return page;
}

async function expectAccessible(page: Page, what: string) {
  expect(await new AxeBuilder(page).violations(), `${what}: axe`).toEqual([]);
}

/** Rows in the body of the table with this caption. */
async function rowsOf(page: Page, caption: string): Promise<number> {
  return page.locator(`table:has(caption:text-is("${caption}")) tbody tr`).count();
}

/** The y coordinates a line chart's path goes through. */
async function lineYs(page: Page, id: string): Promise<number[]> {
  const d = (await page.getAttribute(`svg[aria-labelledby^="${id}-title"] .chart__series path`, "d")) ?? "";
  return [...d.matchAll(/[ML]\s*[-\d.]+[ ,]([-\d.]+)/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  comms = await browser.newContext();
  await (await signInThroughForm(comms, base, "comms@riverside.gov.uk", inject("demoPassword"))).close();
});
afterAll(async () => {
  await browser?.close();
});

describe("insight pages on the demo council", () => {
  it("/admin/insights draws views, reach, confirmations and posting with figures in every table, and says they are generated", async () => {
    const page = await open("/admin/insights");
    expect(await page.textContent("h1")).toBe("Insights");
    expect(await page.textContent("main [role=note]")).toContain("Demo data:");
    expect(await page.textContent("main [role=note]")).toMatch(/by 1,9\d\d generated staff/);

    // Views per day: thousands in the period, and a line that goes up and down (weekdays, weekends).
    const reachDesc = (await page.textContent("#chart-reach-desc")) ?? "";
    expect(Number(/([\d,]+) views in total/.exec(reachDesc)?.[1].replace(/,/g, ""))).toBeGreaterThan(10_000);
    const ys = await lineYs(page, "chart-reach");
    expect(ys.length).toBeGreaterThanOrEqual(28);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(50);
    // The most viewed item by department, and the newest must-read's confirmations over time.
    expect(await page.locator("svg[aria-labelledby^='chart-item-departments-title'] rect").count()).toBeGreaterThan(3);
    const ack = await lineYs(page, "chart-ack");
    expect(ack.length).toBeGreaterThan(3);
    expect(Math.min(...ack)).toBeLessThan(Math.max(...ack));
    for (const caption of ["Reach per item", "Must-read completion", "Most searched for", "Searches that found nothing", "Most helpful pages", "Least helpful pages"])
      expect(await rowsOf(page, caption), caption).toBeGreaterThan(2);
    await expectAccessible(page, "/admin/insights");
    await page.screenshot({ path: path.join(SHOTS, "insights-demo-1280.png"), fullPage: true });
    await page.screenshot({ path: path.join(SHOTS, "insights-demo-top-1280.png") });
    // For the docs: the page from its heading to the end of the views chart.
    const top = (await page.locator("h1").boundingBox())!;
    const chart = (await page.locator('figure.chart:has(svg[aria-labelledby^="chart-reach-title"])').boundingBox())!;
    await page.screenshot({ path: path.join(SHOTS, "insights-doc.png"), fullPage: true, clip: { x: 0, y: top.y - 24, width: 1280, height: chart.y + chart.height - top.y + 48 } });
    for (const id of ["chart-reach", "chart-item-departments", "chart-ack", "chart-posting"])
      await page.locator(`figure.chart:has(svg[aria-labelledby^="${id}-title"])`).screenshot({ path: path.join(SHOTS, `insights-${id}.png`) });
    await page.close();
    const narrow = await open("/admin/insights", 320);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
    await narrow.screenshot({ path: path.join(SHOTS, "insights-demo-320.png") });
    await narrow.close();
  });

  it("a policy's confirmations rise after it was published, with teams that lag", async () => {
    const page = await open("/admin/insights");
    const lone = await page.locator("#ack option", { hasText: "Lone working policy" }).getAttribute("value");
    await page.goto(`${base}/admin/insights?ack=${lone}`);
    const desc = (await page.textContent("#chart-ack-desc")) ?? "";
    expect(Number(/It reached (\d+)%/.exec(desc)?.[1])).toBeGreaterThan(60);
    expect(await rowsOf(page, "Confirmations of “Lone working policy” over time")).toBeGreaterThan(5);
    await page.close();
  });

  it("the weekly summary, search insight, content health and the admin home show the history, accessibly", async () => {
    const weekly = await open("/admin/insights/weekly");
    const text = (await weekly.textContent("main")) ?? "";
    expect(Number(/Pages were viewed ([\d,]+) times/.exec(text)?.[1].replace(/,/g, ""))).toBeGreaterThan(1000);
    expect(text).toMatch(/Staff rated pages \d+ times/);
    expect(text).toMatch(/\d+ searches found nothing/);
    expect(await weekly.locator("main table").count()).toBe(3);
    expect(await weekly.textContent("main [role=note]")).toContain("Demo data:");
    await expectAccessible(weekly, "/admin/insights/weekly");
    await weekly.screenshot({ path: path.join(SHOTS, "insights-weekly-1280.png"), fullPage: true });
    await weekly.close();

    const search = await open("/admin/search-insights");
    expect(await search.locator("table.insights-table").first().locator("tbody tr").count()).toBeGreaterThan(10);
    // Searches are grouped whatever their case; the row shows one of the spellings staff used.
    expect((await search.textContent("main"))?.toLowerCase()).toContain("payslip codes");
    expect(await search.textContent("main [role=note]")).toContain("Demo data:");
    await expectAccessible(search, "/admin/search-insights");
    await search.screenshot({ path: path.join(SHOTS, "insights-search-1280.png"), fullPage: true });
    await search.close();

    const health = await open("/admin/content-health");
    expect(await health.textContent("main [role=note]")).toContain("Demo data:");
    await expectAccessible(health, "/admin/content-health");
    await health.close();

    const admin = await browser.newContext();
    await (await signInThroughForm(admin, base, "admin@riverside.gov.uk", inject("demoPassword"))).close();
    const home = await admin.newPage();
    await home.goto(`${base}/admin`);
    expect(await home.textContent("main [role=note]")).toContain("Demo data:");
    await expectAccessible(home, "/admin");
    await admin.close();
  });
});
