/**
 * Every reading page in a real Chromium, signed in as a member of staff and as a
 * communications editor: the page answers, shows its key content, and axe-core finds no
 * WCAG 2.2 A/AA violations. Runs against the demo council (content/).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";

const base = inject("baseURL");

async function signIn(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await signInThroughForm(context, base, email, inject("demoPassword"));
  await page.close();
  return context;
}

type Check = {
  path: string;
  status?: number;
  h1: string | RegExp;
  /** Text that must appear somewhere in <main>. */
  contains?: (string | RegExp)[];
  /** Text that must not appear anywhere on the page. */
  absent?: string[];
  /** CSS selectors that must match at least one element. */
  selectors?: string[];
  title?: string | RegExp;
};

async function openAndCheck(context: BrowserContext, check: Check): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${base}${check.path}`);
  expect(response?.status(), check.path).toBe(check.status ?? 200);
  expect((await page.textContent("h1"))?.trim(), `${check.path} h1`).toMatch(check.h1);
  const main = (await page.textContent("main")) ?? "";
  for (const text of check.contains ?? []) expect(main, `${check.path} contains ${text}`).toMatch(text);
  const all = (await page.textContent("body")) ?? "";
  for (const text of check.absent ?? []) expect(all, `${check.path} must not show ${text}`).not.toContain(text);
  for (const selector of check.selectors ?? []) expect(await page.$(selector), `${check.path} ${selector}`).not.toBeNull();
  expect(await page.title(), `${check.path} title`).toMatch(check.title ?? / – Riverside intranet$/);
  if (check.status === undefined || check.status === 200)
    expect(await page.$(".breadcrumbs, h1:has-text('Welcome')"), `${check.path} breadcrumbs`).not.toBeNull();
  expect(await new AxeBuilder(page).violations(), `${check.path} axe`).toEqual([]);
  return page;
}

const STAFF_PAGES: Check[] = [
  {
    path: "/", h1: "Welcome, Sam Staff", title: "Home – Riverside intranet",
    contains: ["Latest news", "Policy changes", "Recently updated guides", "Departments", "Pay award"],
    selectors: [".lead-notice a[href^='/announcements/']", "a.more-link[href='/departments']", "a[href='/departments/waste-street-scene']", "a[href^='/policies/']"],
    absent: ["Budget setting"],
  },
  { path: "/announcements", h1: "News and announcements", selectors: ["select#filter-department", "select#filter-channel", ".item-list h2 a"], absent: ["Budget setting"] },
  { path: "/announcements?department=waste-street-scene&channel=waste-news", h1: "News and announcements", contains: [/electric vans/i] },
  { path: "/announcements?page=abc&department=%3Cscript%3E", h1: "News and announcements", selectors: [".item-list"] },
  { path: "/announcements/electric-vans-join-fleet", h1: /Electric vans/i, contains: ["Waste", "Published"], selectors: [".prose p", "a[href^='/channels/']"] },
  { path: "/announcements/pay-award-2026-27", h1: /pay award/i, contains: ["Need to know", "Sent to", "All staff"] },
  { path: "/announcements/new-responsive-repairs-contractor", status: 404, h1: "Page not found", title: /Riverside intranet/, absent: ["contractor"] },
  { path: "/announcements/budget-setting-2027-28", status: 404, h1: "Page not found", title: /Riverside intranet/ },
  { path: "/policies", h1: "Policies", contains: ["What’s new", "Takes effect soon", "Sickness absence", "All policies A to Z", "What changed"] },
  {
    path: "/policies/flexible-working", h1: /Flexible working/i,
    contains: ["Current version", "3", "Effective from", "Approved by", "Policy owner", "Version history", "What changed in version 3"],
    selectors: ["table tbody tr:nth-child(3)", "form[action='/policies/flexible-working/compare'] select#compare-from"],
  },
  { path: "/policies/flexible-working?version=1", h1: /Flexible working/i, contains: ["This is not the current version", "version 1"] },
  { path: "/policies/sickness-absence", h1: /Sickness absence/i, contains: ["This version takes effect on", "Until then, version 1 applies"] },
  { path: "/policies/flexible-working/compare?from=1&to=3", h1: /Changes to Flexible working/i, contains: ["What changed, in plain English", "[added: ", "[removed: "], selectors: [".diff ins", ".diff del"] },
  { path: "/policies/flexible-working/compare?from=abc&to=%3Cscript%3E", h1: /Changes to/i, selectors: [".diff"] },
  { path: "/guides", h1: "Guides", contains: ["All guides A to Z", "By department", "By topic", "Review overdue"], selectors: ["select#filter-tag"] },
  { path: "/guides?department=finance", h1: "Guides", contains: ["How to claim mileage"], absent: ["Reset your password"] },
  {
    path: "/guides/how-to-claim-mileage", h1: /mileage/i,
    contains: ["Owner", "Tom Reed", "Deputy", "Ella Hughes", "Last reviewed", "Review by", /months? ago|days? ago|today/, "Related pages"],
  },
  { path: "/guides/book-a-pool-car", h1: /pool car/i, contains: ["Review overdue", "should have been checked by"] },
  { path: "/guides/new-starter-checklist", status: 404, h1: "Page not found", title: /Riverside intranet/ },
  { path: "/departments", h1: "Departments", contains: ["Housing", "Waste", "Council-wide channels", "Your department"] },
  { path: "/departments/housing", h1: "Housing", contains: ["News", "Guides", "Policies", "Channels"], selectors: ["a[href='/channels/housing-repairs']"] },
  { path: "/channels/all-staff", h1: /All staff/i, contains: ["Everyone at the council follows this channel", "Announcements"] },
  { path: "/channels/housing-repairs", h1: /Repairs/i, absent: ["New responsive repairs contractor"] },
  { path: "/accessibility", h1: "Accessibility statement", contains: ["keyboard"] },
  { path: "/privacy", h1: "How we use your information" },
  { path: "/no-such-page/at-all", status: 404, h1: "Page not found", title: /Riverside intranet/ },
];

const COMMS_PAGES: Check[] = [
  { path: "/", h1: "Welcome, Casey Comms", contains: ["Latest news"] },
  { path: "/announcements/budget-setting-2027-28", h1: /budget/i },
  { path: "/announcements/new-responsive-repairs-contractor", h1: /repairs contractor/i, contains: ["Who can see this", "Housing staff only"] },
  { path: "/guides/new-starter-checklist", h1: /new starter/i, contains: ["Who can see this"], selectors: ["input[type=checkbox][aria-label='To do']"] },
  { path: "/channels/housing-repairs", h1: /Repairs/i, contains: ["repairs contractor"] },
];

describe("reading pages in a real browser", () => {
  let browser: Browser;
  let staff: BrowserContext;
  let comms: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await signIn(browser, "staff@riverside.gov.uk");
    comms = await signIn(browser, "comms@riverside.gov.uk");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(STAFF_PAGES.map((c) => [c.path, c] as const))("as staff: %s", async (_path, check) => {
    const page = await openAndCheck(staff, check);
    await page.close();
  });

  it.each(COMMS_PAGES.map((c) => [c.path, c] as const))("as comms: %s", async (_path, check) => {
    const page = await openAndCheck(comms, check);
    await page.close();
  });

  it("filters announcements with the form, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const login = await context.newPage();
    await login.goto(`${base}/login`);
    await login.fill("#email", "staff@riverside.gov.uk");
    await login.fill("#password", inject("demoPassword"));
    await Promise.all([login.waitForURL(`${base}/`), login.click("button[type=submit]")]);
    const page = login;
    await page.goto(`${base}/announcements`);
    await page.selectOption("#filter-channel", "waste-news");
    await Promise.all([page.waitForURL(/channel=waste-news/), page.click("form.filters button[type=submit]")]);
    const titles = await page.$$eval(".item-list h2", (hs) => hs.map((h) => h.textContent ?? ""));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.join("|")).toMatch(/electric vans/i);
    // The compare form also works without JavaScript.
    await page.goto(`${base}/policies/flexible-working`);
    await page.selectOption("#compare-from", "1");
    await page.selectOption("#compare-to", "2");
    await Promise.all([page.waitForURL(/compare\?from=1&to=2/), page.click("form[action$='/compare'] button[type=submit]")]);
    expect(await page.textContent("h2")).toMatch(/Version 1 compared with version 2/);
    await context.close();
  });

  it("pages through announcements", async () => {
    const page = await staff.newPage();
    await page.goto(`${base}/announcements`);
    const first = await page.$$eval(".item-list h2", (hs) => hs.map((h) => h.textContent));
    expect(first.length).toBeLessThanOrEqual(20);
    const next = await page.$("a[rel=next]");
    if (first.length === 20 && next) {
      await Promise.all([page.waitForURL(/page=2/), next.click()]);
      const second = await page.$$eval(".item-list h2", (hs) => hs.map((h) => h.textContent));
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((t) => first.includes(t))).toEqual([]);
    }
    await page.close();
  });

  it("follows a guide's table of contents link to its heading", async () => {
    const page = await staff.newPage();
    await page.goto(`${base}/guides`);
    const links = await page.$$eval(".item-list h3 a", (as) => as.map((a) => a.getAttribute("href")));
    let found = false;
    for (const href of links) {
      await page.goto(`${base}${href}`);
      const toc = await page.$(".toc a");
      if (!toc) continue;
      const target = (await toc.getAttribute("href"))!;
      expect(await page.$(target)).not.toBeNull();
      found = true;
      break;
    }
    expect(found).toBe(true);
    await page.close();
  });
});
