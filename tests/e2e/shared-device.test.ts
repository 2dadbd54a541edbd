/**
 * Two people in turn on one shared device (issue 18, decision 121), in Chromium.
 *
 * An administrator marks this browser as shared. Person A signs in, opens their own pages,
 * starts typing a comment and presses "Done". Person B signs in on the same browser. B can
 * find nothing of A's: not on the screen, not through Back (every earlier page comes again
 * from the server, as B or as the sign-in page), not from the browser's cache (offline,
 * Back shows no stored copy), not in the bar saying whose session it is, not in forms.
 * The service worker is blocked: a shared device never registers it (decision 124).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const base = inject("baseURL");
const password = inject("demoPassword");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, who: string): Promise<string> {
  await page.goto(`${base}/login`);
  expect(await page.inputValue("#email"), "the sign-in form starts empty").toBe("");
  expect(await page.inputValue("#password")).toBe("");
  await page.fill("#email", who);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}/`), page.click("main button[type=submit]")]);
  const bar = page.locator(".shared-bar");
  expect(await bar.isVisible(), "the bar says whose session it is").toBe(true);
  return (await bar.locator("strong").textContent())!.trim();
}

async function done(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/login/), page.click(".shared-bar button:has-text('Done')")]);
}

/** Everything a person could read on the page, including form values. */
async function everythingOn(page: Page): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForLoadState("load");
      return await page.evaluate(() => {
        const values = [...document.querySelectorAll("input, textarea")].map((el) => (el as HTMLInputElement).value);
        return `${document.title}\n${document.body?.innerText ?? ""}\n${values.join("\n")}`;
      });
    } catch (err) {
      // A page that redirected (the sign-in page for someone signed in) replaced the document while we read it.
      if (attempt < 5 && /context was destroyed|navigat/i.test(String(err))) continue;
      throw err;
    }
  }
}

describe("a shared device, two people in turn", () => {
  it("the second person cannot see anything of the first's: screen, Back, cache, bar, forms", async () => {
    const context: BrowserContext = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // An administrator marks this browser as shared, then signs out.
    await page.goto(`${base}/login`);
    await page.fill("#email", "admin@riverside.gov.uk");
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(`${base}/`), page.click("main button[type=submit]")]);
    await page.goto(`${base}/admin/devices`);
    await page.fill("#label", `Depot tablet ${Date.now()}`);
    await page.fill("#idleMinutes", "5");
    await Promise.all([page.waitForURL(/marked=1/), page.click("button:has-text('Mark as shared')")]);
    expect((await context.cookies()).some((c) => c.name === "intranet_device")).toBe(true);
    await page.goto(`${base}/`);
    const adminOut = page.locator(".shared-bar button:has-text('Done'), .site-header__user button:has-text('Sign out')").first();
    await Promise.all([page.waitForURL(/\/login/), adminOut.click()]);

    // Person A: their own pages, a comment started but not sent, then Done.
    const a = await signIn(page, "staff@riverside.gov.uk");
    const home = await page.goto(`${base}/`);
    expect(home?.headers()["cache-control"]).toContain("no-store");
    await page.goto(`${base}/account`);
    expect(await everythingOn(page)).toContain("staff@riverside.gov.uk");
    await page.goto(`${base}/me`);
    await page.goto(`${base}/guides/book-a-pool-car`);
    const draft = "Private note from the first person zqa";
    const commentBox = page.locator("main textarea").first();
    const hasCommentBox = (await commentBox.count()) > 0;
    if (hasCommentBox) await commentBox.fill(draft);
    await done(page);
    // Straight after Done: a clean sign-in page, nothing of A's.
    expect(await page.locator(".shared-bar").count()).toBe(0);
    expect(await everythingOn(page)).not.toContain(a);
    expect((await context.cookies()).some((c) => c.name === "intranet_device"), "the device stays marked").toBe(true);

    // Back as nobody: every earlier page asks the server again, which sends the sign-in page.
    await page.goBack();
    expect(page.url()).toMatch(/\/login/);
    expect(await everythingOn(page)).not.toContain(a);

    // Person B signs in on the same browser.
    const b = await signIn(page, "manager@riverside.gov.uk");
    expect(b).not.toBe(a);
    const seen: string[] = [await everythingOn(page)];
    // Back through the whole history: each page comes from the server as B, or is the sign-in page.
    for (let i = 0; i < 12; i++) {
      const res = await page.goBack().catch(() => null);
      if (!res && page.url() === "about:blank") break;
      const text = await everythingOn(page);
      seen.push(text);
      if (text.includes("Signed in as")) expect(text, `the bar on ${page.url()}`).toContain(b);
    }
    for (const text of seen) {
      expect(text).not.toContain(a);
      expect(text).not.toContain("staff@riverside.gov.uk");
      expect(text).not.toContain(draft);
    }

    // Forward again to B's pages, then offline: Back finds no stored copy of anything.
    await page.goto(`${base}/guides/book-a-pool-car`);
    if (hasCommentBox) expect(await page.locator("main textarea").first().inputValue(), "forms start empty").toBe("");
    await page.goto(`${base}/account`);
    await context.setOffline(true);
    for (let i = 0; i < 6; i++) {
      await page.goBack().catch(() => null);
      const text = await everythingOn(page).catch(() => "");
      expect(text).not.toContain(a);
      expect(text).not.toContain("staff@riverside.gov.uk");
      expect(text).not.toContain(draft);
    }
    await context.setOffline(false);
    await context.close();
  }, 120_000);
});
