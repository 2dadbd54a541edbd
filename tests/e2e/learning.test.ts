/**
 * Learning together in a real Chromium, on the demo council (issue 19): /events, an event,
 * booking without JavaScript, /learning, /learning/paths and a path (confirming a guide
 * without JavaScript), and /insights/learning — each checked with axe-core and at 320 px
 * with no sideways scrolling.
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

describe("learning together in the browser", () => {
  it("events and learning pages pass axe and fit 320 px", async () => {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await signInThroughForm(context, base, "ella.hughes@riverside.gov.uk", password);
    await check(page, "/events");
    await page.getByRole("link", { name: "Data protection essentials" }).first().click();
    await page.waitForURL(/\/events\/\d+$/);
    await check(page, new URL(page.url()).pathname);
    await check(page, "/learning");
    await check(page, "/learning/paths");
    await page.getByRole("link", { name: "Induction" }).first().click();
    await page.waitForURL(/\/learning\/paths\/\d+$/);
    await check(page, new URL(page.url()).pathname);
    await context.close();
  });

  it("booking and ticking a path's task work without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: "block" });
    const page = await signInThroughForm(context, base, "ryan.murphy@riverside.gov.uk", password);
    await page.goto(`${base}/events`);
    await page.getByRole("link", { name: "Data protection essentials" }).first().click();
    await page.waitForURL(/\/events\/\d+$/);
    await page.getByRole("button", { name: "Book a place" }).click();
    await page.waitForURL(/done=booked/);
    expect(await page.getByText("You have a place.").count()).toBeGreaterThan(0);
    await page.goto(`${base}/learning/paths`);
    await page.getByRole("link", { name: "Induction" }).first().click();
    await page.waitForURL(/\/learning\/paths\/\d+$/);
    expect(await page.getByText(/Your progress: 0 of 5 steps done/).count()).toBe(1);
    await page.getByRole("button", { name: "Done: Have a first one-to-one with your manager" }).click();
    await page.waitForURL(/done=task/);
    expect(await page.getByText(/Your progress: 1 of 5 steps done/).count()).toBe(1);
    await context.close();
  });

  it("the cascade insight for the comms team", async () => {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await signInThroughForm(context, base, "comms@riverside.gov.uk", password);
    await check(page, "/insights/learning");
    expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole("table").count()).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
