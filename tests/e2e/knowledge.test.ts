/**
 * Knowledge and insight in a real Chromium, on a server of its own (it changes data):
 * feedback from a reader reaches the page's owner, who replies and resolves; a search
 * that finds nothing becomes a knowledge request that a champion closes with a guide; a
 * poll and a question on an announcement; a page marked reviewed; and the insights and
 * content-health pages with their SVG charts. Every page is checked with axe-core.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startServer, type RunningServer } from "./server";

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await signInThroughForm(context, server.url, email, inject("demoPassword"));
  return page;
}

async function axe(page: Page, what: string) {
  expect(await new AxeBuilder(page).violations(), `${what} axe`).toEqual([]);
}

const GUIDE = "/guides/housing-repairs-emergency-out-of-hours";

describe("knowledge that stays true, in the browser", () => {
  let staff: Page;
  let champion: Page;

  beforeAll(async () => {
    staff = await signIn("staff@riverside.gov.uk");
    champion = await signIn("champion@riverside.gov.uk");
  });

  it("a reader's feedback reaches the owner privately; the owner replies and resolves it", async () => {
    // The demo's generated history has answers already (decision 087): count from what the owner sees now.
    await champion.goto(`${server.url}${GUIDE}`);
    const [yes, total] = ((await champion.textContent(".page-feedback__owner"))!.match(/(\d+) of (\d+) (?:person|people) found this page helpful/) ?? ["", "0", "0"])
      .slice(1).map(Number);
    await staff.goto(`${server.url}${GUIDE}`);
    expect(await staff.textContent("#page-feedback-heading")).toContain("Was this page helpful?");
    expect(await staff.$(".page-feedback__owner")).toBeNull();
    await axe(staff, "guide with feedback box");
    await staff.check("#feedback-no");
    await staff.fill("#feedback-comment", "The out-of-hours number has changed to 0300 123 4567.");
    await Promise.all([staff.waitForURL(/feedback=sent/), staff.click(".page-feedback button[type=submit]")]);
    expect(await staff.textContent(".page-feedback [role=status]")).toContain("Thank you");
    expect(await staff.isChecked("#feedback-no")).toBe(true);

    await champion.goto(`${server.url}${GUIDE}`);
    expect(await champion.textContent(".page-feedback__owner")).toContain(`${yes} of ${total + 1} ${total + 1 === 1 ? "person" : "people"} found this page helpful`);
    await champion.goto(`${server.url}/me/feedback`);
    await axe(champion, "/me/feedback");
    await Promise.all([champion.waitForURL(/\/feedback\/\d+$/), champion.click("main .item-list a")]);
    expect(await champion.textContent("main")).toContain("0300 123 4567");
    await axe(champion, "feedback thread");
    const threadUrl = champion.url();
    await champion.fill("#body", "Thank you, I have updated the number.");
    await Promise.all([champion.waitForURL(/#replies$/), champion.click("button:has-text('Send reply')")]);
    await champion.click("button:has-text('Mark as resolved')");
    await champion.waitForSelector("main strong.tag:has-text('Resolved')");

    // The reader sees the reply; another member of staff cannot open the thread.
    await staff.goto(threadUrl);
    expect(await staff.textContent("main")).toContain("I have updated the number");
    const manager = await signIn("manager@riverside.gov.uk");
    const res = await manager.goto(threadUrl);
    expect(res?.status()).toBe(404);
    expect(await manager.textContent("body")).not.toContain("0300 123 4567");
  });

  it("a search that finds nothing becomes a request the department's champion closes with a guide", async () => {
    await staff.goto(`${server.url}/search?q=${encodeURIComponent("xqzvj wkpfd")}`);
    expect(await staff.textContent("main")).toContain("No results");
    await axe(staff, "search with no results");
    await Promise.all([staff.waitForURL(/\/requests\/new\?q=/), staff.click("a:has-text('Ask for a guide')")]);
    await staff.waitForLoadState("networkidle");
    expect(await staff.inputValue("#title")).toBe("xqzvj wkpfd");
    await axe(staff, "/requests/new");
    await staff.fill("#title", "heat pump grant form");
    await staff.fill("#details", "A tenant asked how to apply.");
    await staff.selectOption("#department", "housing");
    await Promise.all([staff.waitForURL(/\/requests\/\d+\?created=1$/), staff.click("button:has-text('Send request')")]);
    expect(await staff.textContent("main")).toContain("knowledge champions for Housing have been told");
    await axe(staff, "request page");
    const requestUrl = staff.url().replace(/\?.*$/, "");

    await champion.goto(`${server.url}/requests?for=me`);
    expect(await champion.textContent("main")).toContain("heat pump grant form");
    await axe(champion, "/requests");
    await champion.goto(requestUrl);
    await champion.fill("#guide", "/guides/housing-repairs-emergency-out-of-hours");
    await champion.fill("#note", "The repairs guide covers heating; a grants guide is on its way.");
    await Promise.all([champion.waitForURL(/closed=1/), champion.click("button:has-text('Close the request')")]);
    await staff.goto(requestUrl);
    expect(await staff.textContent("main")).toContain("Answered by:");
    expect(await staff.getAttribute("main .inset a", "href")).toBe(GUIDE);
  });

  it("an owner marks a page reviewed in one click", async () => {
    await champion.goto(`${server.url}/me/reviews`);
    await axe(champion, "/me/reviews");
    const first = champion.locator("main .item-list > li").first();
    const title = (await first.locator("h3").textContent())?.trim() ?? "";
    await Promise.all([champion.waitForURL(/reviewed=\d+/), first.locator("button:has-text('Reviewed, no changes')").click()]);
    expect(await champion.textContent(".banner--success")).toContain(`“${title}” is marked as reviewed`);
  });

  it("a manager adds a poll to an announcement; staff vote anonymously and ask a question", async () => {
    const manager = await signIn("manager@riverside.gov.uk");
    await manager.goto(`${server.url}/announcements/new-responsive-repairs-contractor`);
    await Promise.all([manager.waitForURL(/\/polls\/new\?item=\d+/), manager.click("a:has-text('Add a quick poll')")]);
    await axe(manager, "/polls/new");
    await manager.fill("#question", "Have you used the new repairs line yet?");
    await manager.fill("#option1", "Yes");
    await manager.fill("#option2", "Not yet");
    await Promise.all([manager.waitForURL(/\/announcements\/new-responsive-repairs-contractor/), manager.click("button:has-text('Add the poll')")]);

    const reader = await signIn("amara.okafor@riverside.gov.uk");
    await reader.goto(`${server.url}/announcements/new-responsive-repairs-contractor`);
    expect(await reader.textContent(".poll")).toContain("You will see the results after you answer");
    await axe(reader, "announcement with poll and questions");
    await reader.check(".poll input[type=radio] >> nth=1");
    await Promise.all([reader.waitForURL(/#poll-\d+-heading$/), reader.click("button:has-text('Send my answer')")]);
    expect(await reader.textContent(".poll__results")).toContain("1 answer");
    await reader.fill(".questions__ask textarea[name=body]", "Does the new line cover garages?");
    await Promise.all([reader.waitForURL(/#question-\d+$/), reader.click("button:has-text('Ask your question')")]);
    expect(await reader.textContent(".questions")).toContain("Does the new line cover garages?");
    await axe(reader, "announcement after voting and asking");

    // Hostile text is shown as text, for the asker and for the author who answers.
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    await reader.fill(".questions__ask textarea[name=body]", payload);
    await reader.click("button:has-text('Ask your question')");
    await reader.waitForFunction(() => document.querySelector(".questions")?.textContent?.includes("window.__xss=2"));
    expect(await reader.textContent(".questions")).toContain(payload);
    expect(await reader.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await manager.reload();
    expect(await manager.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await manager.fill(".questions__answer-form textarea >> nth=0", "Yes, garages on our estates are covered.");
    await Promise.all([manager.waitForURL(/#question-\d+$/), manager.click("button:has-text('Publish answer') >> nth=0")]);
    await reader.reload();
    expect(await reader.textContent(".questions__a")).toContain("garages on our estates are covered");
  });

  it("insights and content health render accessible SVG charts with data tables and CSV downloads", async () => {
    const comms = await signIn("comms@riverside.gov.uk");
    // Some views to chart: the pages opened above were counted; open a few more.
    for (const path of ["/announcements/new-responsive-repairs-contractor", "/policies"]) await comms.goto(`${server.url}${path}`);
    await comms.goto(`${server.url}/admin/insights`);
    expect(await comms.textContent("h1")).toBe("Insights");
    const charts = await comms.$$eval("svg[role=img]", (svgs) =>
      svgs.map((s) => {
        const ids = (s.getAttribute("aria-labelledby") ?? "").split(" ");
        return { ids, title: s.querySelector("title")?.id, desc: s.querySelector("desc")?.id, text: s.querySelector("desc")?.textContent ?? "" };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      expect(c.ids).toEqual([c.title, c.desc]);
      expect(c.text.length).toBeGreaterThan(10);
    }
    expect(await comms.$("#chart-reach-title")).not.toBeNull();
    expect(await comms.$$("main table caption")).not.toHaveLength(0);
    await axe(comms, "/admin/insights");
    // Narrow screen: the page and its charts still fit.
    await comms.setViewportSize({ width: 320, height: 800 });
    const overflow = await comms.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await comms.setViewportSize({ width: 1280, height: 800 });

    const href = await comms.getAttribute("a[href^='/admin/insights.csv?table=posting']", "href");
    const csv = await comms.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("Department,Announcements,Policies,Guides,Total");

    await comms.goto(`${server.url}/admin/content-health?problem=overdue`);
    expect(await comms.textContent("h1")).toBe("Content health");
    expect(await comms.$$("table.health-table tbody tr")).not.toHaveLength(0);
    await axe(comms, "/admin/content-health");
    const healthCsv = await comms.request.get(`${server.url}/admin/content-health.csv?problem=overdue`);
    expect(healthCsv.status()).toBe(200);
    await comms.goto(`${server.url}/admin/insights/weekly`);
    await axe(comms, "/admin/insights/weekly");
    // Staff cannot open insights.
    expect((await staff.goto(`${server.url}/admin/insights`))?.status()).toBe(403);
  });

  it("the editor shows readability advice beside the preview, as advice, with and without JavaScript", async () => {
    const page = await champion.context().newPage();
    await page.goto(`${server.url}/editor/new/guide`);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.fill("#ed-title", "Parking permits");
    await page.fill("#ed-body", "## Apply\n\nYou must utilise the online form prior to the visit. Permits are issued by the parking team.\n\nFor the form [click here](https://example.org/form).");
    await page.waitForSelector(".readability >> text=How easy is this to read?");
    const advice = (await page.textContent(".readability")) ?? "";
    expect(advice).toContain('Use "use" instead of "utilise"');
    expect(advice).toContain('Use "before" instead of "prior to"');
    expect(advice).toMatch(/may be passive/);
    expect(advice).toContain("does not say where it goes");
    expect(advice).toContain("you can still save and publish");
    await axe(page, "editor with readability advice");
    // Following the text: once the plain words are used, that advice goes.
    await page.fill("#ed-body", "## Apply\n\nUse the online form before the visit.");
    await page.waitForFunction(() => !document.querySelector(".readability")?.textContent?.includes("utilise"));
    await page.close();

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(noJs);
    const plain = await noJs.newPage();
    await plain.goto(`${server.url}/login`);
    await plain.fill("#email", "champion@riverside.gov.uk");
    await plain.fill("#password", inject("demoPassword"));
    await Promise.all([plain.waitForURL(`${server.url}/`), plain.click("button[type=submit]")]);
    await plain.goto(`${server.url}/editor/new/guide`);
    await plain.fill("#ed-body", "In order to commence, click here: [click here](guide:x).");
    await Promise.all([plain.waitForURL(/\/editor\/preview/), plain.click("button[value=preview]")]);
    expect(await plain.textContent(".readability")).toContain('Use "start" instead of "commence"');
    expect(await plain.inputValue("#ed-body")).toContain("In order to commence");
  });
});
