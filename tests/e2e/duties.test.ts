/**
 * The council's duties in a real Chromium, on a server of its own (it records a period and
 * handles a report): the accessibility statement, reporting a problem and the comms team's
 * queue, /privacy, /me's data download, the retention schedule with the demo's legal hold,
 * information requests (an FOI search and export, a subject access export), and a
 * pre-election period recorded without JavaScript whose notice then shows on every page.
 * Every page is checked with axe, at 320 px without sideways scrolling, and without
 * JavaScript (issue 22, decisions 160–164).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database } from "~/utils/db.server";
import { launchBrowser } from "./browser";
import { axeFindings, sidewaysScroll } from "./page-checks";
import { startServer, type RunningServer } from "./server";

const PASSWORD = "demo-password-for-tests";
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

const pages = new Map<string, Page>();

/**
 * A page signed in as `email` (or signed out) at 320 px, without JavaScript by default (duties
 * pages must work like that; the flows below run so). One per person and mode.
 */
async function as(email: string | null, javaScriptEnabled = false): Promise<Page> {
  const key = `${email}:${javaScriptEnabled}`;
  const known = pages.get(key);
  if (known) return known;
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 320, height: 800 }, serviceWorkers: "block", acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  if (email) {
    await page.goto(`${server.url}/login`);
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("main button[type=submit]")]);
  }
  pages.set(key, page);
  return page;
}

/** axe needs scripts in the page, so it runs in the same person's page with JavaScript on. */
async function axe(email: string | null, path: string) {
  const page = await as(email, true);
  await page.goto(`${server.url}${path}`);
  expect(await axeFindings(page), `${path} axe`).toEqual([]);
}

/** What every duties page must be, without JavaScript: 200, its heading, no sideways scroll at 320 px; and axe clean. */
async function check(email: string | null, path: string, heading: RegExp): Promise<Page> {
  const page = await as(email);
  const res = await page.goto(`${server.url}${path}`);
  expect(res?.status(), path).toBe(200);
  expect(await page.textContent("main h1"), path).toMatch(heading);
  expect(await sidewaysScroll(page), `${path} at 320 px`).toBeNull();
  await axe(email, path);
  return page;
}

async function download(page: Page, click: () => Promise<void>): Promise<Record<string, Uint8Array>> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  const { readFileSync } = await import("node:fs");
  return unzipSync(new Uint8Array(readFileSync(path!)));
}

describe("the accessibility statement and problem reports", () => {
  it("signed out, the statement and /privacy read in the model format", async () => {
    const page = await check(null, "/accessibility", /Accessibility statement/i);
    const text = await page.textContent("main");
    expect(text).toMatch(/Enforcement procedure/i);
    expect(text).toMatch(/report/i);
    await check(null, "/privacy", /How we use your information/i);
  }, 180_000);

  it("staff report a problem without JavaScript (field errors first); the comms team resolves it; the reporter sees the answer", async () => {
    const staff = await check("staff@riverside.gov.uk", "/accessibility/report", /Report an accessibility problem/);
    await staff.goto(`${server.url}/accessibility/report`);
    await staff.click("main button[type=submit]");
    await staff.waitForSelector(".error-summary");
    expect(await staff.textContent(".error-summary")).toMatch(/Describe the problem/);
    await staff.fill("#page", "E2E-REPORT the events month view");
    await staff.fill("#problem", "The month view cannot be reached with the keyboard alone.");
    await staff.click("main button[type=submit]");
    await staff.waitForSelector("text=Thank you: we have your report");
    expect(await staff.textContent("#your-reports ~ ul")).toContain("E2E-REPORT the events month view");

    const comms = await check("comms@riverside.gov.uk", "/accessibility/reports", /Accessibility problems reported/);
    const item = comms.locator("main li", { hasText: "E2E-REPORT the events month view" });
    await item.locator("select").selectOption("resolved");
    await item.locator("textarea").fill("E2E-ANSWER focus order fixed on the month view");
    await Promise.all([comms.waitForURL(/saved=/), item.locator("button[type=submit]").click()]);
    expect(await comms.textContent(`main li:has-text("E2E-REPORT the events month view")`)).toMatch(/Resolved/);

    await staff.goto(`${server.url}/accessibility/report`);
    expect(await staff.textContent("#your-reports ~ ul")).toContain("E2E-ANSWER focus order fixed on the month view");
    // Staff never reach the queue.
    expect((await staff.goto(`${server.url}/accessibility/reports`))?.status()).toBe(403);
  }, 180_000);

  it("administrators edit the statement", async () => {
    await check("admin@riverside.gov.uk", "/accessibility/edit", /accessibility statement/i);
  }, 180_000);
});

describe("records and information rights (the demo administrator holds information-governance)", () => {
  it("shows the schedule, the demo's legal hold and the disposal queue; staff get no such page", async () => {
    const admin = await check("admin@riverside.gov.uk", "/admin/retention", /Records and retention/);
    const text = await admin.textContent("main");
    expect(text).toContain("FOI 2026/114");
    expect(text).toMatch(/Recruitment guides/);
    const staff = await as("staff@riverside.gov.uk");
    expect((await staff.goto(`${server.url}/admin/retention`))?.status()).toBe(403);
  }, 180_000);

  it("finds records for an FOI request and exports one as a zip; exports everything about a person for subject access", async () => {
    const admin = await check("admin@riverside.gov.uk", "/admin/information-rights", /Information requests/);
    await admin.fill("#q", "phishing");
    await Promise.all([admin.waitForURL(/q=phishing/), admin.click("#foi ~ form button[type=submit]")]);
    expect(await admin.textContent("main [role=status]")).toMatch(/match/);
    await axe("admin@riverside.gov.uk", new URL(admin.url()).pathname + new URL(admin.url()).search);
    const foi = await download(admin, () => admin.locator(".foi-results li").first().locator("button[type=submit]").click());
    const names = Object.keys(foi);
    expect(names.some((n) => n.endsWith(".json"))).toBe(true);
    expect(names.some((n) => n.endsWith(".html"))).toBe(true);

    await admin.goto(`${server.url}/admin/information-rights`);
    await admin.fill("#email", "not-an-address");
    await admin.click("#sar ~ form button[type=submit]");
    await admin.waitForSelector(".error-summary");
    await admin.fill("#email", "STAFF@riverside.gov.uk");
    await admin.click("#sar ~ form button[type=submit]");
    await admin.waitForSelector("form[action='/admin/information-rights/export'] input[name=email]", { state: "attached" });
    expect(await admin.textContent("main [role=status]")).toMatch(/Export everything held about/);
    const sar = await download(admin, () => admin.click("form[action='/admin/information-rights/export'] button[type=submit]"));
    const json = Object.entries(sar).find(([n]) => n.endsWith(".json"));
    expect(json, "the subject access export has JSON").toBeTruthy();
    expect(new TextDecoder().decode(json![1])).toContain("staff@riverside.gov.uk");
  }, 180_000);

  it("anyone downloads their own data from /me", async () => {
    const staff = await check("staff@riverside.gov.uk", "/me", /./);
    const mine = await download(staff, () => staff.click("form[action='/me/data.zip'] button[type=submit]"));
    const json = Object.entries(mine).find(([n]) => n.endsWith(".json"));
    expect(new TextDecoder().decode(json![1])).toContain("staff@riverside.gov.uk");
  }, 180_000);
});

describe("a pre-election period", () => {
  it("is recorded without JavaScript (field errors first) and its notice then shows on staff pages", async () => {
    const admin = await check("admin@riverside.gov.uk", "/admin/elections", /Pre-election periods/);
    expect(await admin.textContent("main table")).toContain("Riverside North by-election");
    await admin.click("main form button[type=submit]");
    await admin.waitForSelector(".error-summary");

    const today = new Date(new Date().toLocaleString("en-US", { timeZone: "Europe/London" }));
    const polling = new Date(today.getTime() + 30 * 86_400_000);
    await admin.selectOption("#kind", "mayoral");
    await admin.fill("#title", "E2E mayoral election");
    for (const [prefix, d] of [["noticeOn", today], ["pollingOn", polling]] as const) {
      await admin.fill(`#${prefix}-day`, String(d.getDate()));
      await admin.fill(`#${prefix}-month`, String(d.getMonth() + 1));
      await admin.fill(`#${prefix}-year`, String(d.getFullYear()));
    }
    await admin.check("input[name=scope][value=council]");
    await admin.click("main form button[type=submit]");
    await admin.waitForURL(/\/admin\/elections\/\d+/);
    await check("admin@riverside.gov.uk", new URL(admin.url()).pathname, /E2E mayoral election/);

    const staff = await check("staff@riverside.gov.uk", "/", /./);
    expect(await staff.textContent(".election-notice")).toMatch(/Pre-election period: E2E mayoral election/);

    // The editor shows the restrictions beside the form; the review screen works without JavaScript.
    const db = await Database.open(server.databasePath);
    const announcement = await db.get<{ id: number }>("SELECT id FROM items WHERE type = 'announcement' AND status = 'published' ORDER BY id LIMIT 1");
    await db.close();
    const editor = await check("comms@riverside.gov.uk", `/editor/${announcement!.id}`, /./);
    expect(await editor.textContent(".election-restrictions")).toMatch(/Pre-election period/);
    await check("admin@riverside.gov.uk", "/publicity", /Publicity review/);
    expect((await (await as("comms@riverside.gov.uk")).goto(`${server.url}/publicity`))?.status()).toBe(403);
  }, 180_000);
});
