/**
 * The comms team's planning desk in a real Chromium, on the demo council: the plan calendar,
 * campaigns (two running, one finished) with a campaign page and its printable report, the
 * requests queue (six requests) and the public accounts register (eight, two needing
 * attention), each checked with axe-core and at 320 px with no sideways scrolling; and a
 * member of staff asking for publicity with JavaScript switched off.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PDFDocument } from "pdf-lib";
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

describe("the planning desk in the browser", () => {
  it("shows the demo council's campaigns, an item's campaigns in the editor, and a report that prints on two pages", async () => {
    const context = await browser.newContext();
    const page = await signInThroughForm(context, base, "comms@riverside.gov.uk", password);
    await check(page, "/admin/campaigns");
    expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(["Running now (2)", "Finished (1)"]));
    await page.getByRole("link", { name: "Phishing: think before you click" }).click();
    await page.waitForURL(/\/admin\/campaigns\/\d+$/);
    const campaignPath = new URL(page.url()).pathname;
    await check(page, campaignPath);
    expect(await page.getByText("Behind").count()).toBeGreaterThan(0);
    // The demo drop-in belongs to the campaign, with a sign-up target.
    expect(await page.getByRole("link", { name: "Phishing drop-in: bring your questions" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: /^Event sign-ups: 10%/ }).count()).toBe(1);
    // An item's campaigns, from the editor.
    const itemId = await page.locator("input[name=itemId]").first().getAttribute("value");
    await check(page, `/editor/${itemId}/campaigns`);
    expect(await page.getByRole("link", { name: "Phishing: think before you click" }).count()).toBe(1);
    await check(page, `${campaignPath}/report`);
    // The end-of-campaign report prints on two A4 pages at most.
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: false });
    expect((await PDFDocument.load(pdf)).getPageCount(), "report pages on A4").toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: "screen" });
    await context.close();
  });

  it("shows the demo council's calendar, requests and register, accessibly", async () => {
    const context = await browser.newContext();
    const page = await signInThroughForm(context, base, "comms@riverside.gov.uk", password);
    await check(page, "/admin/calendar");
    await check(page, "/admin/calendar?view=week");
    await check(page, "/comms-requests");
    expect(await page.locator("tbody tr").count()).toBe(4);
    await check(page, "/comms-requests?status=closed");
    expect(await page.locator("tbody tr").count()).toBe(2);
    // A request with a file from the service: listed, and downloaded as an attachment.
    await page.goto(`${base}/comms-requests`);
    await page.getByRole("link", { name: "Riverside Park playground reopens" }).click();
    await page.waitForURL(/\/comms-requests\/\d+$/);
    const file = page.getByRole("link", { name: "playground-reopening-brief.txt" });
    const download = await page.request.get(new URL((await file.getAttribute("href"))!, base).toString());
    expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(await download.text()).toContain("Playground reopening");
    await check(page, "/admin/public-accounts");
    expect(await page.getByRole("heading", { name: "Needing attention (2)" }).count()).toBe(1);
    await context.close();
  });

  it("lets a member of staff ask for publicity without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signInThroughForm(context, base, "staff@riverside.gov.uk", password);
    await page.goto(`${base}/comms-requests/new`);
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".error-summary li").count()).toBeGreaterThanOrEqual(5);
    await page.getByLabel("What do you need?").selectOption("social-media");
    await page.getByLabel("A short title").fill("Library summer reading challenge <script>alert(1)</script>");
    await page.getByLabel("What do you want to tell people, and why?").fill("Children can sign up for the summer reading challenge at any library.");
    await page.getByLabel("Who is it for?").fill("Parents of primary-school children");
    await page.getByLabel("Who approves this in your service?").fill("Libraries manager");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForURL(/\/comms-requests\/\d+\?created=1$/);
    expect(await page.locator("h1").textContent()).toBe("Library summer reading challenge <script>alert(1)</script>");
    expect(await page.getByRole("status").textContent()).toContain("Your request was sent");
    const created = new URL(page.url()).pathname;
    // A file added afterwards, through the plain file input.
    await page.getByLabel("Add files").setInputFiles({ name: "reading challenge poster.txt", mimeType: "text/plain", buffer: Buffer.from("Summer reading challenge: sign up at any library.") });
    await page.getByRole("button", { name: "Attach files" }).click();
    await page.waitForURL(/\?done=files$/);
    expect(await page.getByRole("link", { name: "reading-challenge-poster.txt" }).count()).toBe(1);
    await context.close();
    // The same pages with JavaScript, for axe and the narrow screen.
    const withJs = await browser.newContext();
    const again = await signInThroughForm(withJs, base, "staff@riverside.gov.uk", password);
    await check(again, "/comms-requests/new");
    await check(again, created);
    await withJs.close();
  });

  it("works for the comms team without JavaScript: every planning page, and forms that say what is wrong", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signInThroughForm(context, base, "comms@riverside.gov.uk", password);
    const open = async (path: string, heading: string | RegExp) => {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await page.locator("h1").textContent(), path).toMatch(heading);
    };
    await open("/admin/campaigns", "Campaigns");
    await page.getByRole("link", { name: "Lone working: the new policy and app" }).click();
    await page.waitForLoadState();
    const campaignPath = new URL(page.url()).pathname;
    await open(campaignPath, "Lone working: the new policy and app");
    // A target with nothing chosen: the error summary names the fields, on the same page.
    await page.getByRole("button", { name: "Add target" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".error-summary li").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Choose what to measure/)]));
    const itemId = await page.locator("input[name=itemId]").first().getAttribute("value");
    await open(`/editor/${itemId}/campaigns`, "Campaigns");
    await page.getByRole("button", { name: "Add to campaign" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".error-summary").textContent()).toContain("Choose a campaign from the list");
    await open(`${campaignPath}/report`, /Lone working/);
    await open("/admin/calendar", /calendar|plan/i);
    await open("/admin/calendar?view=week", /calendar|plan/i);
    await open("/admin/public-accounts", /public accounts/i);
    await open("/comms-requests", /requests/i);
    await context.close();
  });
});
