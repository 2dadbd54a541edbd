/**
 * Mentoring, the champions network, the league and thank-you notes in a real Chromium on the
 * demo council (issue 19): each page with axe-core and at 320 px with no sideways scrolling;
 * a meeting logged on a pair's page and a thank-you note sent with JavaScript switched off;
 * the coordinator's page shows counts and never a pair's log.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, signInThroughForm } from "./browser";
import { checkPage } from "./page-checks";

let browser: Browser;
const base = inject("baseURL");
const password = inject("demoPassword");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const check = (page: Page, path: string) => checkPage(page, base, path);

describe("mentoring and the champions network in the browser", () => {
  it("a mentee logs a meeting without JavaScript; the coordinator sees counts, not the log", async () => {
    // axe and 320 px need a script in the page: checked in a normal context first.
    const withJs = await browser.newContext({ serviceWorkers: "block" });
    const jsPage = await signInThroughForm(withJs, base, "staff@riverside.gov.uk", password);
    await check(jsPage, "/mentoring");
    for (const path of ["/mentoring/offers", "/mentoring/ask", "/mentoring/offer", "/champions", "/champions?topic=fleet", "/champions/league", "/thanks"]) await check(jsPage, path);
    await withJs.close();
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
    const page = await signInThroughForm(context, base, "staff@riverside.gov.uk", password);
    await page.goto(`${base}/mentoring`);
    await page.getByRole("link", { name: /Mentored by Casey Comms on “plain english”/ }).click();
    await page.waitForURL(/\/mentoring\/pairs\/\d+$/);
    const pairPath = new URL(page.url()).pathname;
    await page.getByLabel("Notes (optional)").fill("E2E-PRIVATE-NOTE read the new letter aloud");
    await page.getByRole("button", { name: "Log this meeting" }).click();
    await page.waitForURL(/saved=log/);
    expect(await page.getByText("E2E-PRIVATE-NOTE read the new letter aloud").count()).toBe(1);
    // A date in the future is a field error, and the notes typed are kept.
    await page.locator("#metOn-year").fill("2099");
    await page.getByLabel("Notes (optional)").fill("kept text");
    await page.getByRole("button", { name: "Log this meeting" }).click();
    expect(await page.getByText("The date you met cannot be in the future").count()).toBeGreaterThan(0);
    expect(await page.getByLabel("Notes (optional)").inputValue()).toBe("kept text");
    await context.close();
    const again = await browser.newContext({ serviceWorkers: "block" });
    await check(await signInThroughForm(again, base, "staff@riverside.gov.uk", password), pairPath);
    await again.close();

    const comms = await browser.newContext({ serviceWorkers: "block" });
    const cpage = await signInThroughForm(comms, base, "admin@riverside.gov.uk", password);
    expect((await cpage.goto(`${base}${pairPath}`))?.status(), "an administrator cannot open a pair").toBe(404);
    await check(cpage, "/mentoring/coordinate");
    expect(await cpage.getByText("project management").count()).toBeGreaterThan(0);
    expect(await cpage.content()).not.toContain("E2E-PRIVATE-NOTE");
    await comms.close();
  });

  it("champions by department, the league with its formula, and a thank-you note without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
    const page = await signInThroughForm(context, base, "jordan.clarke@riverside.gov.uk", password);
    await page.goto(`${base}/champions`);
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual(expect.arrayContaining(["Housing", "Finance", "ICT"]));
    await page.goto(`${base}/champions/league`);
    expect(await page.getByText("Per 100 staff = points × 100 ÷ staff in the department").count()).toBe(1);
    expect(await page.locator("#table-league tbody tr").count()).toBeGreaterThanOrEqual(10);
    await page.goto(`${base}/thanks`);
    await page.getByLabel("Who are you thanking?").fill("kevin.doyle@riverside.gov.uk");
    await page.getByLabel("Your note").fill("Thanks for checking the van with me.");
    await page.getByRole("button", { name: "Send thank-you note" }).click();
    await page.waitForURL(/sent=1/);
    expect(await page.getByText("Thanks for checking the van with me.").count()).toBe(1);
    await context.close();
  });
});
