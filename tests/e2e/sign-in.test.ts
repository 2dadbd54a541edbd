import AxeBuilder from "./axe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";

describe("signing in", () => {
  let browser: Browser;
  const base = inject("baseURL");
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a signed-out visitor to the sign-in page, then back where they were going", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await new AxeBuilder(page).violations()).toEqual([]);
    await page.fill("#email", "staff@riverside.gov.uk");
    await page.fill("#password", inject("demoPassword"));
    await page.click("button[type=submit]");
    await page.waitForURL(`${base}/`);
    // The address changes a moment before the new page has rendered, so wait for the page itself.
    await page.waitForSelector("h1:has-text('Sam Staff')", { timeout: 10_000 });
    expect(await page.textContent("h1")).toContain("Sam Staff");
    await page.close();
  });

  it("says what is wrong, keeps the email typed, and does not sign in with a wrong password", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill("#email", "staff@riverside.gov.uk");
    await page.fill("#password", "not the password");
    await page.click("button[type=submit]");
    await page.waitForSelector(".error-summary");
    expect(await page.textContent(".error-summary")).toContain("not right");
    expect(await page.inputValue("#email")).toBe("staff@riverside.gov.uk");
    await page.close();
  });
});
