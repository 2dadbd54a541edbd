/**
 * The admin pages in a real Chromium, on a server of their own (they change data):
 * invite someone, who sets their password with the one-time link; change their role,
 * department and grants; switch the account off (they are signed out at once); add,
 * rename and archive a department and a channel; filter and download the audit log.
 * Every admin page passes axe (WCAG 2.2 A/AA), also with errors showing, and fits 320 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startIsolatedServer } from "./isolated-server";
import type { RunningServer } from "./server";

const PASSWORD = "demo-password-for-tests";
let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;

async function signIn(email: string, password = PASSWORD, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const page = await signInThroughForm(context, server.url, email, password);
  await page.close();
  return context;
}

async function expectAccessible(page: Page, label: string) {
  expect(await new AxeBuilder(page).violations(), `${label}: axe`).toEqual([]);
}

async function fitsNarrowScreen(context: BrowserContext, path: string) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${server.url}${path}`);
  const overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
  // What sticks out (outside anything that scrolls on its own), to make a failure easy to fix.
  const wide = await page.evaluate(`[...document.querySelectorAll("body *")].filter((e) => {
    if (e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
    for (let p = e.parentElement; p; p = p.parentElement) if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return false;
    return true;
  }).slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40))`);
  expect({ overflow, wide }, `${path} at 320px`).toEqual({ overflow: 0, wide: [] });
  await page.close();
}

beforeAll(async () => {
  server = await startIsolatedServer();
  browser = await launchBrowser();
  admin = await signIn("admin@riverside.gov.uk");
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("administration in the browser", () => {
  let inviteLink = "";
  let newcomerId = "";

  it("shows the admin start page and the people list, both accessible", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin`);
    expect(await page.textContent("h1")).toBe("Administration");
    await expectAccessible(page, "/admin");
    await page.click("text=People and roles");
    await page.waitForURL(`${server.url}/admin/users`);
    await page.fill("#q", "Sam");
    await Promise.all([page.waitForURL(/q=Sam/), page.click("button:has-text('Show people')")]);
    expect(await page.textContent("table")).toContain("Sam Staff");
    await expectAccessible(page, "/admin/users");
    await page.close();
  });

  it("invites someone: errors first (kept and accessible), then a one-time link", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/users/new`);
    await page.fill("#email", "not an email");
    await page.fill("#jobTitle", "Parks officer");
    await page.click("button:has-text('Create account')");
    await page.waitForSelector(".error-summary");
    expect(await page.textContent(".error-summary")).toContain("Enter their full name");
    expect(await page.inputValue("#email")).toBe("not an email");
    expect(await page.inputValue("#jobTitle")).toBe("Parks officer");
    await expectAccessible(page, "/admin/users/new with errors");
    await page.fill("#email", "jo.newcomer@riverside.gov.uk");
    await page.fill("#name", "Jo Newcomer");
    await page.selectOption("#departmentId", { label: "Housing" });
    await page.click("button:has-text('Create account')");
    await page.waitForSelector(".one-time-link code");
    inviteLink = (await page.textContent(".one-time-link code"))!.trim();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/set-password/[A-Za-z0-9_-]{43}$`));
    await expectAccessible(page, "invitation done");
    newcomerId = (await page.getAttribute("main a[href^='/admin/users/']:not([href$='/new'])", "href"))!.split("/").pop()!;
    await page.close();
  });

  it("lets the newcomer set a password with the link (rules explained), once", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(inviteLink);
    expect(await page.textContent("h1")).toBe("Welcome to the staff intranet");
    await expectAccessible(page, "set password");
    await page.fill("#password", "password1234");
    await page.fill("#confirmPassword", "password1234");
    await page.click("button[type=submit]");
    await page.waitForSelector(".error-summary");
    expect(await page.textContent("#password-error")).toContain("harder to guess");
    await expectAccessible(page, "set password with errors");
    await page.fill("#password", "heron lantern quilt");
    await page.fill("#confirmPassword", "heron lantern quilt");
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("button[type=submit]")]);
    await page.waitForSelector(".site-header__user");
    expect(await page.textContent(".site-header")).toContain("Jo Newcomer");
    const again = await page.goto(inviteLink);
    expect(again?.status()).toBe(410);
    await context.close();
  });

  it("changes role and department and grants another department, with each change in the audit log", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/users/${newcomerId}`);
    await page.selectOption("#role", "champion");
    await page.selectOption("#departmentId", { label: "Planning" });
    await page.click("button:has-text('Save role and department')");
    await page.waitForSelector(".banner:has-text('saved')");
    expect(await page.inputValue("#role")).toBe("champion");
    await page.selectOption("#grantDepartmentId", { label: "Housing" });
    await page.check("#canPublishUnreviewed");
    await page.click("button:has-text('Add department')");
    await page.waitForSelector("table:has-text('Housing')");
    expect(await page.textContent("table")).toContain("Yes");
    await expectAccessible(page, "/admin/users/:id");
    expect(await page.textContent("#history ~ ul")).toMatch(/Role changed[\s\S]*Invited|Department added/);
    await page.close();
  });

  it("switches the account off without JavaScript, and the person is signed out at once", async () => {
    const newcomer = await signIn("jo.newcomer@riverside.gov.uk", "heron lantern quilt");
    const theirs = await newcomer.newPage();
    await theirs.goto(`${server.url}/account`);
    expect(await theirs.textContent("h1")).toBe("Your account");
    expect(await theirs.textContent("main")).toContain("Knowledge champion");

    const noJs = await signIn("admin@riverside.gov.uk", PASSWORD, { javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${server.url}/admin/users/${newcomerId}`);
    await Promise.all([page.waitForLoadState("load"), page.click("button:has-text('Switch off account')")]);
    await page.waitForSelector(".banner:has-text('switched off')");
    await noJs.close();

    await theirs.goto(`${server.url}/account`);
    expect(new URL(theirs.url()).pathname).toBe("/login");
    await theirs.fill("#email", "jo.newcomer@riverside.gov.uk");
    await theirs.fill("#password", "heron lantern quilt");
    await theirs.click("button[type=submit]");
    await theirs.waitForSelector(".error-summary");
    expect(await theirs.textContent(".error-summary")).toContain("switched off");
    await newcomer.close();
  });

  it("adds, renames and archives a department and a channel", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/departments`);
    await expectAccessible(page, "/admin/departments");
    await page.fill("#name", "Parks and Open Spaces");
    await Promise.all([page.waitForURL(/\/admin\/departments\/\d+\?created=1/), page.click("button:has-text('Add department')")]);
    expect(await page.textContent(".banner")).toContain("own news channel");
    await page.fill("#name", "Parks, Trees and Open Spaces");
    await page.click("button:has-text('Save')");
    await page.waitForSelector(".banner:has-text('Saved')");
    expect(await page.textContent("h1")).toContain("Parks, Trees and Open Spaces");
    await page.click("button:has-text('Archive department')");
    await page.waitForSelector("h1 .tag:has-text('Archived')");
    await expectAccessible(page, "/admin/departments/:id");

    await page.goto(`${server.url}/admin/channels`);
    await expectAccessible(page, "/admin/channels");
    await page.fill("#name", "Corporate: Lone working");
    await page.fill("#slug", "Not Valid!");
    await page.click("button:has-text('Add channel')");
    await page.waitForSelector(".error-summary");
    expect(await page.inputValue("#name")).toBe("Corporate: Lone working");
    await expectAccessible(page, "/admin/channels with errors");
    await page.fill("#slug", "");
    await Promise.all([page.waitForURL(/\/admin\/channels\/\d+\?created=1/), page.click("button:has-text('Add channel')")]);
    await page.click("button:has-text('Archive channel')");
    await page.waitForSelector("h1 .tag:has-text('Archived')");
    await expectAccessible(page, "/admin/channels/:id");
    await page.close();
  });

  it("filters the audit log and downloads it as CSV", async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/audit`);
    await page.selectOption("#action", "user");
    await Promise.all([page.waitForURL(/action=user/), page.click("button:has-text('Filter')")]);
    const table = (await page.textContent("table")) ?? "";
    for (const action of ["user.invited", "user.role-changed", "user.grant-added", "user.deactivated", "user.password-set"]) expect(table).toContain(action);
    await expectAccessible(page, "/admin/audit");
    const href = await page.getAttribute("a:has-text('Download these entries')", "href");
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await csv.text();
    expect(text).toContain("user.invited");
    expect(text).not.toContain("sign-in.success");
    await page.goto(`${server.url}/admin/audit?from=2026-02-31`);
    expect(await page.textContent(".error-summary")).toContain("From date must be a real date");
    await expectAccessible(page, "/admin/audit with errors");
    // The dates are Day, Month and Year boxes: a year of two numbers is named, and what was typed stays.
    await page.goto(`${server.url}/admin/audit`);
    for (const [box, text] of [["day", "1"], ["month", "March"], ["year", "26"]]) await page.fill(`#from-${box}`, text);
    await Promise.all([page.waitForURL(/from-year=26/), page.click("button:has-text('Filter')")]);
    expect(await page.getAttribute(".error-summary a", "href")).toBe("#from-year");
    expect(await page.textContent("#from-error")).toContain("From date must include a year with 4 numbers, like 2027");
    expect([await page.inputValue("#from-day"), await page.inputValue("#from-month"), await page.inputValue("#from-year")]).toEqual(["1", "March", "26"]);
    expect(await page.getAttribute("#from-year", "aria-invalid")).toBe("true");
    await page.fill("#from-year", "2026");
    await Promise.all([page.waitForURL(/from-year=2026/), page.click("button:has-text('Filter')")]);
    expect(await page.$(".error-summary")).toBeNull();
    expect(await page.getAttribute("a:has-text('Download these entries')", "href")).toContain("from=2026-03-01");
    await page.close();
  });

  it("keeps everyone else out with a 403 page", async () => {
    const staff = await signIn("comms@riverside.gov.uk");
    const page = await staff.newPage();
    for (const path of ["/admin", "/admin/users", "/admin/audit", "/admin/departments"]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await page.textContent("h1")).toBe("You cannot do that");
    }
    await staff.close();
  });

  it("reads well at 320 px wide", async () => {
    for (const path of ["/admin", "/admin/users", `/admin/users/${newcomerId}`, "/admin/departments", "/admin/audit", "/account"]) await fitsNarrowScreen(admin, path);
  });

  it("the account page passes axe and signs out everywhere", async () => {
    const second = await signIn("admin@riverside.gov.uk");
    const page = await admin.newPage();
    await page.goto(`${server.url}/account`);
    await expectAccessible(page, "/account");
    expect(await page.textContent("#sign-out-everywhere + p")).toMatch(/signed in on [2-9] devices/);
    await Promise.all([page.waitForURL(`${server.url}/login`), page.click("button:has-text('Sign out everywhere')")]);
    const other = await second.newPage();
    await other.goto(`${server.url}/admin`);
    expect(new URL(other.url()).pathname).toBe("/login");
    await second.close();
  });
});
