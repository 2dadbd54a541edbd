/**
 * Channels and delivery in a real Chromium against its own server (this file changes
 * data): a member of staff sees what to read and confirm, confirms it without JavaScript,
 * dismisses a need-to-know banner, follows a channel; a manager sees completion for their
 * department; the team briefing prints on one A4 page. axe-core checks every page.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startServer, type RunningServer } from "./server";

const PASSWORD = "demo-password-for-tests";
let server: RunningServer;
let browser: Browser;
let contentDir: string;

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16).replace("T", " ");
const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

function announcement(slug: string, front: Record<string, string>, body: string): [string, string] {
  const lines = Object.entries(front).map(([k, v]) => `${k}: ${v}`);
  return [`${slug}.md`, `---\n${lines.join("\n")}\n---\n\n${body}\n`];
}

beforeAll(async () => {
  // The demo council plus two announcements dated relative to today, so the test does not age.
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-e2e-content-"));
  fs.cpSync(path.join(process.cwd(), "content"), contentDir, { recursive: true });
  const files = [
    announcement(
      "e2e-depot-fire-doors",
      {
        title: '"Depot fire doors: new checks before every shift"', summary: '"Check the fire doors at the start of every shift and sign the log."',
        department: "waste-street-scene", departments: "[waste-street-scene, housing]", channels: "[waste-news]", priority: "need-to-know",
        must_read: "true", published: `"${yesterday}"`, expires: nextMonth, audience: "everyone",
      },
      "## What to do\n\nCheck each fire door closes fully. Sign the log in the mess room.",
    ),
    announcement(
      "e2e-yard-resurfacing",
      {
        title: '"Yard resurfacing on Saturday"', summary: '"Park on Mill Street on Saturday while the yard is resurfaced."',
        department: "waste-street-scene", departments: "[waste-street-scene]", channels: "[waste-news]", priority: "need-to-know",
        must_read: "false", published: `"${yesterday}"`, expires: nextMonth, audience: "everyone",
      },
      "The yard is closed all day on Saturday.",
    ),
    announcement(
      "e2e-depot-rota",
      {
        title: '"Depot rota for the holidays"', summary: '"Who works which days over Christmas."',
        department: "waste-street-scene", departments: "[waste-street-scene, housing]", channels: "[waste-news]",
        published: `"${yesterday}"`, expires: nextMonth, audience: "everyone",
      },
      "The rota is on the mess room board.",
    ),
  ];
  for (const [name, text] of files) fs.writeFileSync(path.join(contentDir, "announcements", name), text);
  server = await startServer({ CONTENT_DIR: contentDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

async function signIn(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await signInThroughForm(context, server.url, email, PASSWORD);
  await page.waitForSelector("h1:has-text('Welcome')");
  return { context, page };
}

async function expectAccessible(page: Page, where: string) {
  const violations = await new AxeBuilder(page).violations();
  expect(violations, `${where} axe: ${JSON.stringify(violations)}`).toEqual([]);
}

/** How many things the home page's first line says are still to read and confirm. */
async function outstandingCount(page: Page): Promise<number> {
  const match = /(\d+) things? to read and confirm/.exec((await page.textContent("#attention")) ?? "");
  return match ? Number(match[1]) : 0;
}

/** The text of one home page section, or "" when the page does not have it. */
async function sectionText(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-home-section=${name}]`).allTextContents()).join(" ");
}

/** A notice on the home page: the first one in full, or one of the compact list (opened, so its link and button show). */
async function openNotice(page: Page, title: string) {
  const notice = page.locator("[data-home-section=notices]").locator(".lead-notice, .ntk-item", { hasText: title });
  expect(await notice.count(), (await sectionText(page, "notices")) || "no notices").toBe(1);
  if (await notice.evaluate((el) => el.tagName === "DETAILS" && !(el as HTMLDetailsElement).open)) await notice.locator("summary").click();
  return notice;
}

describe("reading and confirming", () => {
  it("shows what to read and confirm, confirms with one button (without JavaScript), and the count goes down", async () => {
    const { context, page } = await signIn("staff@riverside.gov.uk", { javaScriptEnabled: false });
    const before = await outstandingCount(page);
    expect(before).toBeGreaterThanOrEqual(1);
    // A must-read need-to-know notice is shown once, as a notice marked "Must read".
    const notice = await openNotice(page, "Depot fire doors: new checks before every shift");
    expect(await notice.textContent()).toContain("Must read");
    expect(await sectionText(page, "must-read")).not.toContain("Depot fire doors");
    // For you: sent to Waste & Street Scene and Housing, says why and where it went.
    const forYou = (await page.textContent(".for-you")) ?? "";
    expect(forYou).toContain("Depot rota for the holidays");
    expect(forYou).toContain("For everyone in Waste & Street Scene");
    expect(forYou).toContain("Sent to Housing and Waste & Street Scene");
    expect(forYou).not.toContain("Depot fire doors");

    await Promise.all([page.waitForURL(/\/announcements\/e2e-depot-fire-doors$/), notice.locator("a[href$='/e2e-depot-fire-doors']").click()]);
    expect(await page.textContent("#acknowledge-heading")).toContain("Please confirm you have read this");
    await Promise.all([page.waitForURL(/\/announcements\/e2e-depot-fire-doors#acknowledge$/), page.click("button:has-text('I have read and understood this')")]);
    expect(await page.textContent(".acknowledge--done")).toContain("You confirmed you have read and understood this");
    expect(await page.$("button:has-text('I have read and understood this')")).toBeNull();

    await page.goto(`${server.url}/`);
    expect(await outstandingCount(page)).toBe(before - 1);
    // Confirmed: no longer a notice or a thing to confirm (For you may still list it as news).
    expect(await sectionText(page, "notices")).not.toContain("Depot fire doors");
    expect(await sectionText(page, "must-read")).not.toContain("Depot fire doors");
    await context.close();

    // The same pages pass axe (which needs JavaScript to run), before and after confirming.
    const withJs = await signIn("kevin.doyle@riverside.gov.uk");
    await expectAccessible(withJs.page, "home with notices, things to confirm and For you");
    await withJs.page.goto(`${server.url}/announcements/e2e-depot-fire-doors`);
    expect(await withJs.page.textContent("#acknowledge-heading")).toContain("Please confirm you have read this");
    await expectAccessible(withJs.page, "must-read announcement");
    await withJs.page.click("button:has-text('I have read and understood this')");
    await withJs.page.waitForSelector(".acknowledge--done");
    await expectAccessible(withJs.page, "confirmed announcement");
    await withJs.context.close();
  });

  it("dismisses a need-to-know banner, and it stays dismissed on another device", async () => {
    const { context, page } = await signIn("staff@riverside.gov.uk");
    const banner = await openNotice(page, "Yard resurfacing on Saturday");
    await banner.locator("button:has-text('Dismiss')").click();
    await banner.waitFor({ state: "detached" });
    await page.reload();
    expect(await sectionText(page, "notices")).not.toContain("Yard resurfacing on Saturday");
    await context.close();

    const other = await signIn("staff@riverside.gov.uk"); // a fresh browser context: no shared cookies or storage
    expect(await sectionText(other.page, "notices")).not.toContain("Yard resurfacing on Saturday");
    await other.context.close();
  });

  it("follows and unfollows a channel, and /me lists it", async () => {
    const { context, page } = await signIn("staff@riverside.gov.uk");
    await page.goto(`${server.url}/channels/housing-repairs`);
    expect(await page.textContent(".follow-state")).toContain("You do not follow this channel.");
    await page.click(".follow-form button:has-text('Follow')");
    await page.waitForSelector(".follow-state:has-text('You follow this channel.')");
    await expectAccessible(page, "channel page");

    await page.goto(`${server.url}/channels/all-staff`);
    expect(await page.textContent("main")).toContain("cannot be unfollowed");
    expect(await page.$(".follow-form")).toBeNull();

    await page.goto(`${server.url}/me`);
    const followed = (await page.locator("h3:has-text('You follow') + ul").textContent()) ?? "";
    expect(followed).toContain("Housing: Repairs updates");
    expect(followed).toContain("Waste & Street Scene news"); // home department's default channel
    expect(await page.$$eval("code.feed-url", (els) => els.length)).toBeGreaterThan(2);
    await expectAccessible(page, "/me");
    await page.check("#digest-daily");
    await page.click("button:has-text('Save email settings')");
    await page.waitForSelector(".notice:has-text('Your email settings are saved.')");
    expect(await page.isChecked("#digest-daily")).toBe(true);
    await context.close();
  });
});

describe("completion for managers", () => {
  it("shows a manager their department's completion and who has not confirmed", async () => {
    const { context, page } = await signIn("manager@riverside.gov.uk");
    await page.goto(`${server.url}/acknowledgements`);
    expect(await page.textContent("h1")).toBe("Read and confirmed");
    await expectAccessible(page, "/acknowledgements");
    await page.click("a:has-text('Depot fire doors: new checks before every shift')");
    await page.waitForSelector("h2:has-text('Completion by department')");
    const table = (await page.textContent(".completion-table")) ?? "";
    expect(table).toContain("Housing");
    expect(table).not.toContain("Waste & Street Scene"); // not the manager's department
    expect(await page.textContent("main")).toContain("Chris Champion"); // a Housing colleague who has not confirmed
    expect(await page.$("a[href$='/export.csv']")).not.toBeNull();
    await expectAccessible(page, "completion page");

    const staff = await signIn("staff@riverside.gov.uk");
    const res = await staff.page.goto(`${server.url}/acknowledgements`);
    expect(res?.status()).toBe(403);
    await staff.context.close();
    await context.close();
  });
});

describe("one-click unsubscribe", () => {
  it("is reachable without signing in, and a mail client's POST without Origin reaches it (a bad token is refused, not redirected)", async () => {
    const page = await fetch(`${server.url}/me/unsubscribe?token=1.digest.${"x".repeat(43)}`, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("This link does not work");
    const post = await fetch(`${server.url}/me/unsubscribe?token=1.digest.${"x".repeat(43)}`, {
      method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click",
    });
    expect(post.status).toBe(400);
  });
});

describe("team briefing", () => {
  it("prints the week's briefing on one A4 page", async () => {
    const { context, page } = await signIn("manager@riverside.gov.uk");
    await page.goto(`${server.url}/departments/waste-street-scene/briefing`);
    expect(await page.textContent("h1")).toBe("Team briefing: Waste & Street Scene");
    expect(await page.textContent("main")).toContain("Depot fire doors: new checks before every shift");
    await expectAccessible(page, "briefing");
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible(".site-header")).toBe(false);
    expect(await page.isVisible(".briefing__nav")).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]); // A4 in points
    await context.close();
  });
});
