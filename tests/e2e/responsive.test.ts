/**
 * Each kind of reading page at a small phone width (320 px) and a desktop width
 * (1280 px): nothing may make the page scroll sideways. Screenshots are saved to
 * test-results/screenshots/ (git-ignored) for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

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
