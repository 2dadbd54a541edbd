/**
 * Frontline staff in Chromium (issue 18, decisions 122 and 124): the phone menu at 320 px
 * without JavaScript and by keyboard only, reading settings without JavaScript, axe on the
 * new pages, and offline reading: a guide saved for offline and an outstanding must-read
 * open and read with the network off, and a page not saved shows the offline page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser } from "./browser";
import { startServer } from "./server";

const base = inject("baseURL");
const password = inject("demoPassword");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${base}/login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
}

describe("phone first, without JavaScript", () => {
  it("at 320 px the header is one short row; the menu opens by keyboard and leads to the reading settings, which apply at once", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "staff@riverside.gov.uk");
    const header = await page.$eval("header.site-header", (h) => h.getBoundingClientRect().height);
    expect(header).toBeLessThan(140);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Search is one tap away; the wide navigation is not shown.
    expect(await page.getByRole("link", { name: "Search", exact: true }).isVisible()).toBe(true);
    expect(await page.locator(".site-header__nav").isVisible()).toBe(false);
    // Tap targets in the phone header are at least 24 px (we aim for 44).
    const targets = await page.$$eval(".site-header__phone .site-header__tap", (els) => els.map((e) => e.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
    expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);

    // Keyboard only: Tab to "Menu", Enter opens it, Tab reaches the links inside.
    let onMenu = false;
    for (let i = 0; i < 10 && !onMenu; i++) {
      await page.keyboard.press("Tab");
      onMenu = await page.evaluate(() => document.activeElement?.tagName === "SUMMARY");
    }
    expect(onMenu).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guides" }).isVisible()).toBe(true);
    let onReading = false;
    for (let i = 0; i < 20 && !onReading; i++) {
      await page.keyboard.press("Tab");
      onReading = await page.evaluate(() => document.activeElement?.textContent === "Reading settings");
    }
    expect(onReading).toBe(true);
    await Promise.all([page.waitForURL(`${base}/me/reading`), page.keyboard.press("Enter")]);

    await page.check("#textSize-larger");
    await page.check("#contrast-high");
    await Promise.all([page.waitForURL(`${base}/me/reading?saved=1`), page.click("button:has-text('Save reading settings')")]);
    expect(await page.getAttribute("html", "data-text-size")).toBe("larger");
    expect(await page.getAttribute("html", "data-contrast")).toBe("high");
    const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(size).toBe("24px");
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > 321).slice(0, 6).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    );
    expect(wide, "wider than 320 px with larger text").toEqual([]);
    await context.close();

    // axe needs JavaScript: the same person, same width, with it on.
    const withJs = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const js = await withJs.newPage();
    await signIn(js, "staff@riverside.gov.uk");
    expect(await js.getAttribute("html", "data-text-size")).toBe("larger");
    await js.click("summary:has-text('Menu')");
    expect(await new AxeBuilder(js).violations(), "home at 320 px, menu open, larger text and high contrast").toEqual([]);
    await js.goto(`${base}/me/reading`);
    expect(await new AxeBuilder(js).violations(), "/me/reading").toEqual([]);
    // Back to the standard settings for the other tests.
    await js.check("#textSize-standard");
    await js.check("#contrast-standard");
    await Promise.all([js.waitForURL(`${base}/me/reading?saved=1`), js.click("button:has-text('Save reading settings')")]);
    await withJs.close();
  }, 120_000);
});

describe("the notifications switch on /me (the page's small script, decision 215)", () => {
  it("replaces the 'needs JavaScript' note with the switch, or says why not; without a script the note stays", async () => {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    await signIn(page, "staff@riverside.gov.uk");
    await page.goto(`${base}/me`);
    await page.waitForFunction(() => document.querySelector("[data-push-state=checking]")?.hasAttribute("hidden"));
    const shown = await page.$$eval("[data-push-state]", (parts) => parts.filter((p) => !p.hasAttribute("hidden")).map((p) => p.getAttribute("data-push-state")));
    // Chromium has PushManager; a headless one may have notifications blocked, and the page then says so.
    expect(shown.length).toBe(1);
    expect(["off", "denied", "unsupported"]).toContain(shown[0]);
    if (shown[0] === "off") expect(await page.isVisible("button:has-text('Turn on notifications on this device')")).toBe(true);
    expect(await new AxeBuilder(page).violations(), "/me with the switch").toEqual([]);
    await context.close();

    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await plain.newPage();
    await signIn(noJs, "staff@riverside.gov.uk");
    await noJs.goto(`${base}/me`);
    expect(await noJs.isVisible("[data-push-state=checking]")).toBe(true);
    expect(await noJs.isVisible("button:has-text('Turn on notifications on this device')")).toBe(false);
    await plain.close();
  });
});

describe("offline reading", () => {
  it("a guide saved for offline opens with the network off; a page not saved shows the offline page", async () => {
    // Its own server, so "the network off" is real: the browser is set offline and the server stops.
    const own = await startServer();
    const base = own.url;
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, serviceWorkers: "allow" });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill("#email", "manager@riverside.gov.uk");
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
    const manifest = await page.$eval("link[rel=manifest]", (l) => (l as HTMLLinkElement).href);
    const app = await (await page.request.get(manifest)).json();
    expect(app).toMatchObject({ display: "standalone", start_url: "/" });
    expect(app.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));

    // An outstanding must-read of this person: kept offline without being chosen.
    const offlineList = (await (await page.request.get(`${base}/me/offline.json`)).json()) as { pages: string[] };
    const mustRead = offlineList.pages.find((p) => /^\/(announcements|policies)\//.test(p));
    expect(mustRead, "the manager has an outstanding must-read in the demo").toBeTruthy();
    await page.goto(`${base}${mustRead}`);
    const mustReadTitle = (await page.textContent("h1"))!.trim();
    const mustReadText = (await page.textContent("main"))!.replace(/\s+/g, " ").slice(0, 4000);

    await page.goto(`${base}/guides/book-a-pool-car`);
    const title = (await page.textContent("h1"))!.trim();
    await Promise.all([page.waitForURL(/offline=saved/), page.click("button:has-text('Save for offline')")]);
    expect(await page.textContent("#offline")).toContain("Saved");
    expect(await new AxeBuilder(page).violations(), "guide with Save for offline").toEqual([]);

    // The page registers the service worker and asks it to keep the saved pages.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null || false, undefined, { timeout: 30_000 }).catch(() => undefined);
    await page.reload();
    let kept = false;
    for (let i = 0; i < 60 && !kept; i++) {
      kept = await page.evaluate(async (path) => !!(await (await caches.open("intranet-saved")).match(path)), "/guides/book-a-pool-car");
      if (!kept) await page.waitForTimeout(500);
    }
    expect(kept).toBe(true);
    for (let i = 0, must = false; i < 60 && !must; i++) {
      must = await page.evaluate(async (path) => !!(await (await caches.open("intranet-saved")).match(path)), mustRead!);
      if (!must) await page.waitForTimeout(500);
      if (i === 59) expect(must, "the must-read is kept").toBe(true);
    }

    // Signing out clears what was kept (Clear-Site-Data): checked on a second page first.
    const other = await context.newPage();
    await other.goto(`${base}/me/offline`);
    expect(await other.textContent("main")).toContain(title);
    await other.close();

    await context.setOffline(true);
    await own.stop();
    await page.goto(`${base}/guides/book-a-pool-car`);
    expect((await page.textContent("h1"))!.trim()).toBe(title);
    // The must-read opens and reads offline: its title and the start of its text.
    await page.goto(`${base}${mustRead}`);
    expect((await page.textContent("h1"))!.trim()).toBe(mustReadTitle);
    const offlineText = (await page.textContent("main"))!.replace(/\s+/g, " ");
    expect(offlineText).toContain(mustReadText.slice(0, 200));
    await page.goto(`${base}/policies`);
    expect(await page.textContent("h1")).toBe("You are offline");
    expect(await new AxeBuilder(page).violations(), "offline page").toEqual([]);
    await context.close();
  }, 120_000);
});
