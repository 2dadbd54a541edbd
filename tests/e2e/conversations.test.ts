/**
 * Conversations in a real Chromium, on a server of its own (it changes data), issue 23:
 * a comment posted without JavaScript; hostile Markdown/HTML shown as text with no script
 * run; report → moderation queue → hidden with a reason; reactions; a staff story written,
 * published by an editor and shown with its writer's name; the demo's conversations; axe on
 * every page and no sideways scrolling at 320 px.
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

async function signIn(email: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1280, height: 900 } });
  contexts.push(context);
  return signInThroughForm(context, server.url, email, inject("demoPassword"));
}

async function axe(page: Page, what: string) {
  expect(await new AxeBuilder(page).violations(), `${what} axe`).toEqual([]);
}

async function fitsWidth(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${what} at ${width} px`).toBeLessThanOrEqual(width);
}

const NEWS = "/announcements/riverside-stars-awards-shortlist";
// Raw HTML is shown as text (an HTML block stays text to its end), so the Markdown that should work gets a paragraph of its own.
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">\n\n**Bold works** [click](javascript:window.__pwned=1) "quotes" & ümlauts 𝕏 @Nobody`;

describe("conversations in the browser", () => {
  let noJs: Page;
  let reader: Page;
  let comms: Page;

  beforeAll(async () => {
    [noJs, reader, comms] = await Promise.all([
      signIn("amara.okafor@riverside.gov.uk", { javaScriptEnabled: false }),
      signIn("liam.oconnor@riverside.gov.uk"),
      signIn("comms@riverside.gov.uk"),
    ]);
  });

  it("shows the demo's comments, reactions and correction", async () => {
    await reader.goto(`${server.url}${NEWS}`);
    expect(await reader.textContent("#comments")).toContain("Congratulations to everyone on the shortlist");
    expect(await reader.locator(".reactions").first().textContent()).toMatch(/Celebrate\s*4/i);
    await axe(reader, "announcement with comments");
    await reader.goto(`${server.url}/announcements/winter-gritting-2026`);
    expect(await reader.textContent("article")).toContain("Corrected on");
    await reader.goto(`${server.url}/corrections`);
    expect(await reader.textContent("main")).toContain("the 2026 map, not the 2025 one");
    await axe(reader, "correction log");
  });

  it("posts a comment without JavaScript; hostile Markdown and HTML show as text and run nothing", async () => {
    await noJs.goto(`${server.url}${NEWS}`);
    const form = noJs.locator("#comments form.comment-form").last();
    await form.locator("textarea[name=body]").fill(HOSTILE);
    await Promise.all([noJs.waitForLoadState("load"), form.locator("button[type=submit]").click()]);
    await noJs.waitForURL(/#comment-\d+/);
    const id = new URL(noJs.url()).hash.slice(1);
    expect(await noJs.textContent(`#${id} .comment__body`)).toContain("<script>window.__pwned = 1</script>");

    // With JavaScript on, in another person's browser: the text is there, and nothing ran.
    await reader.goto(`${server.url}${NEWS}`);
    const body = reader.locator(`#${id} .comment__body`);
    expect(await body.textContent()).toContain("<img src=x onerror=");
    expect(await body.locator("strong").textContent()).toBe("Bold works");
    expect(await body.locator("script, img, a[href^='javascript']").count()).toBe(0);
    expect(await reader.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await axe(reader, "announcement with a hostile comment");

    // Reported → the moderation queue → hidden with a reason; readers no longer see it.
    const comment = reader.locator(`#${id}`);
    await comment.locator("summary", { hasText: "Report" }).click();
    await comment.locator("input[name=reason]").fill("It tries to run code");
    await Promise.all([reader.waitForURL(/reported=1/), comment.locator("button", { hasText: "Send to the moderators" }).click()]);
    await axe(reader, "comments page after a report");
    await comms.goto(`${server.url}/comments/moderation`);
    const queued = comms.locator(`#queue-${id.replace("comment-", "")}`);
    expect(await queued.textContent()).toContain("It tries to run code");
    expect(await comms.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await axe(comms, "moderation queue");
    await queued.locator("input[name=reason]").fill("Code in a comment is not allowed under the house rules");
    await queued.locator("button", { hasText: /^Hide$/ }).click();
    // The hide is a form post: look again until the reader's page no longer shows the comment.
    await expect.poll(async () => {
      await reader.goto(`${server.url}${NEWS}`);
      return reader.locator(`#${id} .comment__body`).count();
    }, { timeout: 20_000 }).toBe(0);
  });

  it("with the page's small script: an empty comment is stopped early, and a colleague is mentioned with the picker", async () => {
    // The announcement is a reading page: no framework, the small script only (decision 215).
    await reader.goto(`${server.url}${NEWS}`);
    await reader.waitForFunction(() => document.documentElement.hasAttribute("data-enhanced"));
    expect(await reader.evaluate(() => "__remixContext" in window)).toBe(false);
    const form = reader.locator("#comments form.comment-form").last();
    const url = reader.url();
    await form.locator("button[type=submit]").click();
    const summary = form.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Enter your comment");
    expect(await reader.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    expect(reader.url()).toBe(url);
    await axe(reader, "comment form with an early error");

    const textarea = form.locator("textarea[name=body]");
    await textarea.fill("Well done to the whole team, ");
    const picker = form.locator(".mention-picker");
    expect(await picker.isVisible()).toBe(true);
    await picker.locator("input").pressSequentially("Amara", { delay: 20 });
    const choice = picker.locator("button", { hasText: "Amara Okafor" });
    await choice.waitFor();
    await choice.click();
    expect(await textarea.inputValue()).toContain("@Amara Okafor");
    expect(await form.locator("input[type=hidden][name=mention]").count()).toBe(1);
    await Promise.all([reader.waitForURL(/#comment-\d+/), form.locator("button[type=submit]").click()]);
    const id = new URL(reader.url()).hash.slice(1);
    expect(await reader.textContent(`#${id} .comment__body`)).toContain("Amara Okafor");
  });

  it("reactions: one click counts once and can be taken back, without JavaScript too", async () => {
    await noJs.goto(`${server.url}/announcements/staff-survey-2026`);
    const like = () => noJs.locator(".reactions").first().locator("button", { hasText: "Like" });
    const count = async () => Number((await like().locator(".reaction__count").textContent())!.replace(/\D+/g, "") || "0");
    const before = await count();
    await Promise.all([noJs.waitForLoadState("load"), like().click()]);
    expect(await count()).toBe(before + 1);
    expect(await like().getAttribute("aria-pressed")).toBe("true");
    await Promise.all([noJs.waitForLoadState("load"), like().click()]);
    expect(await count()).toBe(before);
  });

  it("a story written without JavaScript is published by an editor with the writer's name", async () => {
    const title = `Our team's <b>new</b> depot ${Date.now()}`;
    await noJs.goto(`${server.url}/stories/new`);
    expect(await noJs.textContent("main")).toContain("How to write a good story");
    await noJs.selectOption("#channel", "housing-news");
    await noJs.fill("#title", title);
    await noJs.fill("#body", "We moved into the new depot on Monday. <script>window.__pwned = 1</script> Crews start closer to their rounds now.");
    await Promise.all([noJs.waitForURL(/\/stories\/\d+\?saved=submit/), noJs.click("button[value=submit]")]);
    const storyPath = new URL(noJs.url()).pathname;
    expect(await noJs.textContent("main")).toContain("With the editors");

    const manager = await signIn("manager@riverside.gov.uk");
    await manager.goto(`${server.url}/stories`);
    expect(await manager.textContent("main")).toContain(title);
    await axe(manager, "stories with the review queue");
    await manager.goto(`${server.url}${storyPath}`);
    expect(await manager.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await axe(manager, "a story waiting for a decision");
    await Promise.all([manager.waitForURL(/saved=publish/), manager.click("button[value=publish]")]);
    const href = await manager.locator("a", { hasText: "Read the published story" }).getAttribute("href");
    await manager.goto(`${server.url}${href}`);
    expect(await manager.textContent("h1")).toBe(title);
    expect(await manager.textContent(".story-byline")).toContain("Amara");
    await axe(manager, "a published story");

    await noJs.goto(`${server.url}/me`);
    expect(await noJs.textContent("main")).toContain(title);
  });

  it("the demo's published stories show, and the pages fit 320 px and pass axe", async () => {
    const phone = await signIn("staff@riverside.gov.uk", { width: 320 });
    await phone.goto(`${server.url}/announcements`);
    for (const path of ["/stories", "/stories/new", NEWS, "/corrections", "/me"]) {
      await phone.goto(`${server.url}${path}`);
      await fitsWidth(phone, path);
      await axe(phone, `${path} at 320 px`);
    }
    const story = await signIn("jordan.clarke@riverside.gov.uk", { width: 320 });
    await story.goto(`${server.url}/stories`);
    await story.locator(".story-list a", { hasText: "A morning on the Eastside gritting round" }).click();
    await story.waitForLoadState("load");
    expect(await story.textContent(".story-byline")).toContain("Jordan");
    await fitsWidth(story, "a published story");
    await axe(story, "a published story at 320 px");
  });
});
