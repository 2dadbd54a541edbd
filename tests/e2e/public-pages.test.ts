/**
 * Public pages in a real Chromium (decision 091): an administrator turns them on from the
 * admin page; a visitor who is not signed in then reads the landing page, a public item and
 * public search — without JavaScript too — each checked with axe-core and at 320 px with no
 * sideways scrolling; a staff address of a public item leads to its public page. Its own
 * server, because switching public pages on changes what every visitor sees.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startIsolatedServer } from "./isolated-server";
import type { RunningServer } from "./server";

const SHOTS = path.join("test-results", "screenshots");

describe("public pages in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let base: string;

  async function expectAccessible(page: Page, what: string) {
    expect(await new AxeBuilder(page).violations(), `${what} axe`).toEqual([]);
  }

  async function noSidewaysScroll(page: Page, what: string) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} at 320 px`).toBeLessThanOrEqual(320);
  }

  beforeAll(async () => {
    server = await startIsolatedServer();
    base = server.url;
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("stays dark until an administrator turns public pages on", async () => {
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    expect((await page.goto(`${base}/public`))?.status()).toBe(404);
    await page.goto(`${base}/announcements/christmas-bin-collections-2026`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await visitor.close();

    const admin: BrowserContext = await browser.newContext();
    const adminPage = await signInThroughForm(admin, base, "admin@riverside.gov.uk", "demo-password-for-tests");
    await adminPage.goto(`${base}/admin/public-pages`);
    await expectAccessible(adminPage, "/admin/public-pages");
    expect(await adminPage.textContent("main")).toContain("Public pages are off");
    await adminPage.click("button:has-text('Turn public pages on')");
    await adminPage.waitForURL(/saved=1/);
    expect(await adminPage.textContent("main")).toContain("Public pages are on");
    await admin.close();
  });

  it("lets a visitor read, open and search public items, with and without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const visitor = await browser.newContext({ javaScriptEnabled, viewport: { width: 320, height: 720 } });
      const page = await visitor.newPage();
      expect((await page.goto(`${base}/public`))?.status()).toBe(200);
      expect(await page.textContent("h1")).toBe("Public pages");
      const titles = await page.locator("main h2 a").allTextContents();
      expect(titles).toContain("Bin collections over the Christmas and New Year bank holidays");
      expect(await page.textContent("footer")).toContain("These pages are open to everyone");
      expect(await page.textContent("footer")).not.toContain("For council staff only");
      // axe runs as a script in the page: checked where JavaScript is on (the markup is the same without it).
      if (javaScriptEnabled) await expectAccessible(page, "/public");
      await noSidewaysScroll(page, "/public");
      if (javaScriptEnabled) await page.screenshot({ path: path.join(SHOTS, "public-320.png"), fullPage: true });

      await page.click("text=Bin collections over the Christmas and New Year bank holidays");
      await page.waitForURL(/\/public\/announcements\/christmas-bin-collections-2026$/);
      expect(await page.textContent("h1")).toBe("Bin collections over the Christmas and New Year bank holidays");
      if (javaScriptEnabled) await expectAccessible(page, "public item");
      await noSidewaysScroll(page, "public item");

      await page.goto(`${base}/public`);
      await page.fill("#public-q", "bin");
      await page.press("#public-q", "Enter");
      await page.waitForURL(/\/public\/search\?q=bin/);
      expect(await page.locator(".search-results h3 a").first().getAttribute("href")).toMatch(/^\/public\//);
      if (javaScriptEnabled) await expectAccessible(page, "/public/search");
      await noSidewaysScroll(page, "/public/search");
      await visitor.close();
    }
  });

  it("sends a visitor from a public item's staff address to its public page, and offers public pages at sign-in", async () => {
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${base}/announcements/christmas-bin-collections-2026`);
    expect(new URL(page.url()).pathname).toBe("/public/announcements/christmas-bin-collections-2026");
    await page.goto(`${base}/login`);
    expect(await page.locator("a[href='/public']").count()).toBe(1);
    await visitor.close();
  });
});
