/**
 * The editorial workflow in a real browser, on its own server (it changes data): a
 * knowledge champion writes a guide and sends it for review, a communications editor
 * approves and publishes it, and a member of staff reads it. Also: the form without
 * JavaScript (preview page, field errors with nothing lost), browser-side validation,
 * the live preview, history and compare, and axe on every editor page.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startServer, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
let base: string;

async function signIn(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  // No service worker: the script budget below is what the server sends (compressed), and answers
  // from a worker's cache report no compression; reading pages now register the worker at once.
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, serviceWorkers: "block" });
  const page = await signInThroughForm(context, base, email, inject("demoPassword"));
  await page.close();
  return context;
}

async function expectAccessible(page: Page) {
  expect(await new AxeBuilder(page).violations()).toEqual([]);
}

/** Waits until React has hydrated the page, so client-side behaviour is in place. */
async function hydrated(page: Page) {
  await page.waitForSelector(".md-toolbar");
}

const TITLE = "Report a noisy neighbour";
const SLUG = "report-a-noisy-neighbour";

describe("editor: write, review, publish, read", () => {
  let guideUrl = "";

  beforeAll(async () => {
    server = await startServer();
    base = server.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a knowledge champion writes a guide in the browser and sends it for review", async () => {
    const champion = await signIn("champion@riverside.gov.uk");
    const page = await champion.newPage();
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(`${base}/editor`), page.click("nav[aria-label=Main]:visible >> text=Editor")]);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(`${base}/editor/new/guide`), page.click("text=New guide")]);
    await hydrated(page);

    // The editor, the heaviest page for scripts, stays within the 150 KB JavaScript budget (compressed, as sent).
    const js = await page.evaluate(() =>
      performance.getEntriesByType("resource").filter((e) => (e as PerformanceResourceTiming).initiatorType === "script" || e.name.endsWith(".js"))
        .reduce((sum, e) => ({ sent: sum.sent + (e as PerformanceResourceTiming).encodedBodySize, size: sum.size + (e as PerformanceResourceTiming).decodedBodySize }), { sent: 0, size: 0 }),
    );
    console.log(`editor page JavaScript: ${(js.sent / 1024).toFixed(1)} KB sent, ${(js.size / 1024).toFixed(1)} KB uncompressed`);
    expect(js.sent).toBeLessThanOrEqual(150 * 1024);

    // A template fills the body.
    await Promise.all([page.waitForURL(/template=how-to/), page.click(".editor-templates >> text=How to")]);
    await hydrated(page);
    expect(await page.inputValue("#ed-body")).toContain("## Before you start");
    expect(await page.inputValue("#ed-department")).toBe("housing");
    await expectAccessible(page);

    // Sending with no title: the browser shows the problem, nothing is sent, nothing typed is lost.
    await page.fill("#ed-summary", "How to log a noise complaint from a tenant and what happens next.");
    await page.fill("#ed-body", "Log every complaint in the case system.\n\n");
    await page.click("button[value=submit]");
    await page.waitForSelector(".error-summary >> text=Enter a title");
    expect(page.url()).toBe(`${base}/editor/new/guide?template=how-to`);
    expect(await page.inputValue("#ed-body")).toBe("Log every complaint in the case system.\n\n");
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
    await expectAccessible(page);

    // Leaving a field re-checks it: the message goes once it is put right.
    await page.fill("#ed-title", TITLE);
    await page.focus("#ed-summary");
    await page.waitForSelector("#ed-title-error", { state: "detached" });

    // Dates are Day, Month and Year boxes in a fieldset (never the browser's mm/dd/yyyy picker).
    expect(await page.$$('input[type="date"], input[type="datetime-local"]')).toEqual([]);
    expect((await page.textContent("fieldset:has(#ed-reviewBy-day) legend"))?.trim()).toBe("Review by");
    expect(await page.getAttribute("#ed-reviewBy-month", "inputmode")).toBe("numeric");
    // Moving between the boxes of one date is not leaving it; leaving it with a box empty says which one.
    const month = await page.inputValue("#ed-reviewBy-month");
    await page.fill("#ed-reviewBy-month", "");
    await page.focus("#ed-reviewBy-year");
    await page.focus("#ed-reviewBy-month");
    expect(await page.$("#ed-reviewBy-error")).toBeNull();
    await page.focus("#ed-related");
    await page.waitForSelector("#ed-reviewBy-error >> text=Review-by date must include a month");
    expect(await page.getAttribute("#ed-reviewBy-month", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#ed-reviewBy-day", "aria-invalid")).toBeNull();
    await expectAccessible(page);
    await page.fill("#ed-reviewBy-month", month);
    await page.focus("#ed-related");
    await page.waitForSelector("#ed-reviewBy-error", { state: "detached" });

    // The toolbar helps with Markdown, and the preview follows the text (rendered by the server).
    await page.focus("#ed-body");
    await page.keyboard.press("Control+End");
    await page.click(".md-toolbar >> text=Heading");
    await page.keyboard.type("Out of hours");
    await page.waitForSelector('#editor-preview h2:has-text("Out of hours")');
    await page.fill("#ed-tags", "noise, antisocial behaviour");
    await page.fill("#ed-note", "First draft");

    await Promise.all([page.waitForURL(/\/editor\/\d+\?done=submitted$/), page.click("button[value=submit]")]);
    await page.waitForSelector("text=Sent for review");
    expect(await page.textContent(".workflow-panel")).toContain("Waiting for review");
    await expectAccessible(page);
    guideUrl = new URL(page.url()).pathname;

    // History and compare.
    await page.click("text=Page history and versions");
    await page.waitForURL(/\/history$/);
    expect(await page.textContent(".history-table")).toContain("First draft");
    await expectAccessible(page);
    await page.goto(`${base}${guideUrl}/compare?from=1&to=1`);
    expect(await page.textContent("main")).toContain("These two versions are the same.");
    await expectAccessible(page);
    await page.close();
    await champion.close();
  });

  it("a communications editor approves and publishes it from the review queue", async () => {
    const comms = await signIn("comms@riverside.gov.uk");
    const page = await comms.newPage();
    await page.goto(`${base}/editor/review`);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(`${base}${guideUrl}`), page.click(`text=${TITLE}`)]);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/done=published$/), page.click("button:has-text('Approve and publish')")]);
    await page.waitForSelector("text=Published. Staff can read it now.");
    expect(await page.getAttribute(".workflow-panel a:has-text('View the published page')", "href")).toBe(`/guides/${SLUG}`);
    await page.close();
    await comms.close();
  });

  it("a member of staff reads it at /guides/<slug>, and cannot open the editor", async () => {
    const staff = await signIn("staff@riverside.gov.uk");
    const page = await staff.newPage();
    const res = await page.goto(`${base}/guides/${SLUG}`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent("h1")).toBe(TITLE);
    expect(await page.textContent("main")).toContain("Log every complaint in the case system.");
    expect(await page.$("nav[aria-label=Main] >> text=Editor")).toBeNull();
    expect((await page.goto(`${base}${guideUrl}`))?.status()).toBe(404);
    expect((await page.goto(`${base}/editor`))?.status()).toBe(403);
    await page.close();
    await staff.close();
  });

  it("a second editor saving over a newer version is told, with both versions shown", async () => {
    const comms = await signIn("comms@riverside.gov.uk");
    const first = await comms.newPage();
    const second = await comms.newPage();
    await first.goto(`${base}${guideUrl}`);
    await second.goto(`${base}${guideUrl}`);
    await first.fill("#ed-summary", "Changed in the first tab.");
    await Promise.all([first.waitForURL(/done=saved-pending$/), first.click("button[value=save]")]);
    await second.fill("#ed-summary", "Changed in the second tab.");
    const [response] = await Promise.all([second.waitForResponse((r) => r.request().method() === "POST"), second.click("button[value=save]")]);
    expect(response.status()).toBe(409);
    await second.waitForSelector("text=Someone else changed this while you were editing");
    expect(await second.inputValue("#ed-summary")).toBe("Changed in the second tab.");
    expect(await second.textContent(".banner--urgent .diff del")).toContain("first");
    expect(await second.textContent(".banner--urgent .diff ins")).toContain("second");
    await expectAccessible(second);
    // Both saves are in the history, and any two revisions compare.
    await second.goto(`${base}${guideUrl}/history`);
    expect(await second.textContent(".history-table")).toContain("conflicting save");
    await Promise.all([second.waitForURL(/compare\?from=2&to=3$/), second.click("text=Changes in revision 3")]);
    expect(await second.textContent(".diff del")).toContain("first");
    await expectAccessible(second);
    await second.goto(`${base}${guideUrl}/workflow`);
    await expectAccessible(second);
    await comms.close();
  });

  it("without JavaScript: preview shows the page with the form still filled; errors keep what was typed", async () => {
    const manager = await signIn("manager@riverside.gov.uk", { javaScriptEnabled: false });
    const page = await manager.newPage();
    await page.goto(`${base}/editor/new/announcement`);
    expect(await page.$(".md-toolbar")).toBeNull();
    await page.fill("#ed-title", "Housing office closed for training");
    await page.fill("#ed-body", "## When\n\nFriday afternoon.");
    // 31 February: the server says which box is wrong, and every box keeps what was typed.
    for (const [box, text] of [["day", "31"], ["month", "2"], ["year", "2027"], ["time", "9am"]]) await page.fill(`#ed-publishAt-${box}`, text);
    await Promise.all([page.waitForURL(`${base}/editor/preview`), page.click("button[value=preview]")]);
    expect(await page.textContent("#editor-preview h2:not(#editor-preview-title)")).toBe("When");
    expect(await page.inputValue("#ed-title")).toBe("Housing office closed for training");
    expect(await page.inputValue("#ed-publishAt-day")).toBe("31");
    // Saving from the preview page without a summary: 400, the error summary links to the field, text kept.
    const [response] = await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
    expect(response?.status()).toBe(400);
    expect(await page.getAttribute(".error-summary a", "href")).toBe("#ed-summary");
    expect(await page.inputValue("#ed-body")).toBe("## When\n\nFriday afternoon.");
    expect(await page.getAttribute(".error-summary a:has-text('Publish date and time must be a real date')", "href")).toBe("#ed-publishAt-day");
    expect(await page.textContent("#ed-publishAt-error")).toContain("Publish date and time must be a real date");
    expect(await Promise.all(["day", "month", "year", "time"].map((box) => page.inputValue(`#ed-publishAt-${box}`)))).toEqual(["31", "2", "2027", "9am"]);
    expect(await page.getAttribute("#ed-publishAt-day", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#ed-publishAt-month", "aria-invalid")).toBeNull();
    await page.fill("#ed-publishAt-day", "28");
    await page.fill("#ed-summary", "The Housing office is closed on Friday afternoon.");
    await Promise.all([page.waitForURL(/\/editor\/\d+\?done=submitted$/), page.click("button[value=submit]")]);
    await manager.close();
  });

  it("editor pages read at 320 px without scrolling sideways", async () => {
    const comms = await signIn("comms@riverside.gov.uk");
    const page = await comms.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of ["/editor", "/editor/review", "/editor/new/policy", guideUrl, `${guideUrl}/history`]) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
    }
    await comms.close();
  });

  it("the preview page (as reached without JavaScript) passes axe", async () => {
    const manager = await signIn("manager@riverside.gov.uk");
    const page = await manager.newPage();
    await page.goto(`${base}/editor/new/announcement`);
    await hydrated(page);
    await page.fill("#ed-title", "Axe check");
    await page.fill("#ed-body", "## Heading\n\nText with a [link](https://example.org).");
    // A native submit, as a browser without JavaScript would send it.
    await Promise.all([
      page.waitForURL(`${base}/editor/preview`),
      page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>("form.editor-form")!;
        form.action = "/editor/preview";
        const intent = document.createElement("input");
        Object.assign(intent, { type: "hidden", name: "intent", value: "preview" });
        form.append(intent);
        HTMLFormElement.prototype.submit.call(form);
      }),
    ]);
    await page.waitForSelector("#editor-preview a[href='https://example.org']");
    await expectAccessible(page);
    await manager.close();
  });

  it("messages found in the browser stay when the live preview comes back after them", async () => {
    const champion = await signIn("champion@riverside.gov.uk");
    const page = await champion.newPage();
    await page.goto(`${base}/editor/new/guide`);
    await hydrated(page);
    await page.fill("#ed-summary", "What to do when the lift breaks down.");
    // Typing starts a preview (after a short pause); sending with no title before it is back
    // shows the problem at once. The preview coming back re-renders the page: the message must stay.
    const previewed = page.waitForResponse((r) => new URL(r.url()).pathname === "/editor/preview" && r.request().method() === "POST");
    await page.fill("#ed-body", "Call the lift engineer on the number in the lift.");
    await page.click("button[value=submit]");
    await page.waitForSelector(".error-summary >> text=Enter a title");
    await previewed;
    await page.waitForSelector("#editor-preview >> text=lift engineer");
    await page.waitForTimeout(300);
    expect(await page.isVisible(".error-summary >> text=Enter a title")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await champion.close();
  });
});
