/**
 * Search in a real Chromium on the demo council: the results page (snippets, facets,
 * glossary definition, "did you mean", no results), the header typeahead by keyboard,
 * the plain form without JavaScript, the glossary A to Z, OpenSearch, search insight for
 * the communications team — each page checked with axe-core. Its own server, because
 * searching records search insight.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startIsolatedServer } from "./isolated-server";
import type { RunningServer } from "./server";

describe("search in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let base: string;

  async function signIn(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    const page = await signInThroughForm(context, base, email, "demo-password-for-tests");
    await page.close();
    return context;
  }

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  async function expectAccessible(page: Page, what: string) {
    expect(await new AxeBuilder(page).violations(), `${what} axe`).toEqual([]);
  }

  beforeAll(async () => {
    server = await startIsolatedServer();
    base = server.url;
    browser = await launchBrowser();
    staff = await signIn("staff@riverside.gov.uk");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows results with marked matches, facets and pages, accessibly", async () => {
    const page = await open(staff, "/search?q=mileage");
    expect(await page.textContent("h1")).toBe("Search results");
    expect(await page.inputValue("#search-q")).toBe("mileage");
    const first = page.locator(".search-results > li").first();
    expect(await first.locator("h3 a").textContent()).toBe("How to claim mileage");
    expect(await first.locator("h3 a").getAttribute("href")).toBe("/guides/how-to-claim-mileage");
    expect(await first.locator(".tag").textContent()).toBe("Guide");
    expect(await page.locator(".search-results mark").count()).toBeGreaterThan(1);
    expect(await page.textContent("#facet-type-heading")).toBe("Type");
    expect(await page.locator(".search-facets a").count()).toBeGreaterThan(0);
    await expectAccessible(page, "results");
    // Narrowing by a facet keeps the query and counts.
    await Promise.all([page.waitForURL(/type=policy/), page.locator(".search-facets a", { hasText: "Policy" }).first().click()]);
    expect(await page.locator(".search-results > li h3 a").first().textContent()).toMatch(/travel and subsistence/i);
    expect(await page.textContent(".search-facets [aria-current]")).toContain("Policy");
    await page.close();
  });

  it("shows the glossary definition above results for an acronym, and pages using the full phrase", async () => {
    const page = await open(staff, "/search?q=DBS");
    expect(await page.textContent(".glossary-card h2")).toContain("Disclosure and Barring Service");
    expect(await page.locator(".search-results a[href='/guides/request-a-dbs-check']").count()).toBe(1);
    await expectAccessible(page, "glossary card");
    await page.close();
  });

  it("offers a spelling and says plainly when nothing matches", async () => {
    const typo = await open(staff, "/search?q=milage%20claim");
    expect(await typo.textContent(".search-did-you-mean")).toContain("mileage claim");
    await Promise.all([typo.waitForURL(/q=mileage/), typo.click(".search-did-you-mean a")]);
    expect(await typo.locator(".search-results > li").count()).toBeGreaterThan(0);
    await typo.close();
    const partial = await open(staff, "/search?q=quantum%20hovercraft%20licence");
    expect(await partial.textContent("main")).toContain("No page has all of these words");
    await partial.close();
    const none = await open(staff, "/search?q=zxqvvy%20hovercraftz");
    expect(await none.textContent("#results-heading")).toContain("No results");
    expect(await none.textContent("main")).toContain("glossary");
    await expectAccessible(none, "no results");
    await none.close();
  });

  it("treats hostile text as text", async () => {
    const page = await staff.newPage();
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    for (const q of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "title:^~*-\"", "\u202emileage"]) {
      const res = await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
      expect(res?.status()).toBe(200);
      expect(await page.$("main script, main img[src='x']")).toBeNull();
    }
    expect(dialogs).toBe(0);
    await page.close();
  });

  it("never shows staff a result from an item they cannot open", async () => {
    // "Northgate Maintenance" appears only in a Housing-only announcement.
    for (const q of ["Northgate Maintenance", "new responsive repairs contractor", "Northgat"]) {
      const page = await open(staff, `/search?q=${encodeURIComponent(q)}`);
      const hrefs = await page.locator(".search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(hrefs).not.toContain("/announcements/new-responsive-repairs-contractor");
      const shown = await page.evaluate(() => [".search-results", ".search-did-you-mean"].map((s) => document.querySelector(s)?.textContent ?? "").join(" "));
      expect(shown).not.toMatch(/northgate/i);
      await page.close();
    }
    const manager = await signIn("manager@riverside.gov.uk");
    const theirs = await open(manager, "/search?q=Northgate%20Maintenance");
    expect(await theirs.locator(".search-results a[href='/announcements/new-responsive-repairs-contractor']").count()).toBe(1);
    expect(await theirs.locator(".search-results mark", { hasText: "Northgate" }).count()).toBeGreaterThan(0);
    await manager.close();
  });

  it("suggests pages as you type, by keyboard, and the plain form still works", async () => {
    const page = await open(staff, "/");
    const box = page.locator("#header-search-q");
    await box.focus();
    await box.pressSequentially("milea", { delay: 30 });
    const listbox = page.locator("#header-search-suggestions");
    await listbox.locator("[role=option]").first().waitFor();
    expect(await box.getAttribute("role")).toBe("combobox");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await listbox.textContent()).toContain("How to claim mileage");
    await expectAccessible(page, "typeahead open");
    await box.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    expect(active).toBeTruthy();
    expect(await page.getAttribute(`#${active}`, "aria-selected")).toBe("true");
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await box.press("ArrowDown");
    await Promise.all([page.waitForURL(/\/guides\/how-to-claim-mileage$/), box.press("Enter")]);
    // Enter with no suggestion chosen goes to the results page.
    const box2 = page.locator("#header-search-q");
    await box2.fill("bank holiday bins");
    await Promise.all([page.waitForURL(/\/search\?q=bank/), box2.press("Enter")]);
    expect(await page.textContent("h1")).toBe("Search results");
    await page.close();

    const noScript = await signIn("staff@riverside.gov.uk", { javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${base}/`);
    expect(await plain.getAttribute("#header-search-q", "role")).toBeNull();
    await plain.fill("#header-search-q", "annual leave");
    await Promise.all([plain.waitForURL(/\/search\?q=annual/), plain.click(".header-search button")]);
    expect(await plain.locator(".search-results > li").count()).toBeGreaterThan(0);
    await noScript.close();
  });

  it("reads well at 320 pixels", async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, storageState: await staff.storageState() });
    const page = await open(narrow, "/search?q=bin%20collections");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, "narrow results");
    await narrow.close();
  });

  it("lists the glossary A to Z, and describes search to browsers", async () => {
    const page = await open(staff, "/glossary");
    expect(await page.textContent("h1")).toBe("Glossary of council terms");
    expect(await page.locator(".glossary-letters a").count()).toBeGreaterThan(5);
    expect(await page.textContent("#dbs")).toContain("Disclosure and Barring Service");
    await expectAccessible(page, "glossary");
    expect(await page.getAttribute("link[rel=search]", "href")).toBe("/opensearch.xml");
    const xml = await (await fetch(`${base}/opensearch.xml`)).text();
    expect(xml).toContain(`${base}/search?q={searchTerms}`);
    await page.close();
  });

  it("shows comms editors what staff could not find, and nobody else", async () => {
    const miss = await open(staff, "/search?q=parking%20permit%20for%20electric%20bikes");
    expect(await miss.textContent("main")).toContain("No page has all of these words");
    await miss.close();
    const denied = await staff.newPage();
    expect((await denied.goto(`${base}/admin/search-insights`))?.status()).toBe(404);
    await denied.close();
    const comms = await signIn("comms@riverside.gov.uk");
    const page = await open(comms, "/admin/search-insights");
    expect(await page.textContent("h1")).toBe("Search insights");
    expect(await page.textContent("main")).toContain("parking permit for electric bikes");
    await expectAccessible(page, "search insights");
    await comms.close();
  });
});
