/**
 * The staff directory in a real Chromium, on a server of its own (it changes profiles):
 * search and filters without JavaScript, a profile edit with field errors, a photo upload,
 * who to ask on a guide, the team page, /me's nudge, 320 px, the keyboard, axe on every
 * page; and directory sync against the built server's /scim/v2 with a token made on the
 * admin page (issue 20, decisions 140–142).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser } from "./browser";
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

async function signIn(email: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click("button[type=submit]")]);
  return page;
}

async function axe(page: Page, what: string) {
  expect(await new AxeBuilder(page).violations(), `${what} axe`).toEqual([]);
}

async function fitsWidth(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${what} scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
}

describe("the directory without JavaScript", () => {
  it("searches and filters with the plain form, and opens a profile and its team", async () => {
    const page = await signIn("manager@riverside.gov.uk", { javaScriptEnabled: false });
    await page.goto(`${server.url}/people`);
    await page.fill("#people-q", "homelessness");
    await Promise.all([page.waitForURL(/\/people\?/), page.click("form[action='/people'] button[type=submit]")]);
    expect(page.url()).toContain("q=homelessness");
    const names = await page.$$eval("main h2 a", (as) => as.map((a) => a.textContent ?? ""));
    expect(names.length).toBeGreaterThan(0);

    await page.goto(`${server.url}/people`);
    await page.selectOption("#people-department", "housing");
    await Promise.all([page.waitForURL(/department=housing/), page.click("form[action='/people'] button[type=submit]")]);
    const status = await page.textContent("main [role=status]");
    expect(status).toMatch(/\d+ (people|person)/);
    expect(await page.$$eval("main h2 a", (as) => as.length)).toBeGreaterThan(0);

    await page.goto(`${server.url}/people?expertise=tenancies`);
    await Promise.all([page.waitForURL(/\/people\/[a-z]/), page.click("main h2 a")]);
    expect(await page.textContent("main")).toContain("Ask me about");
    const team = await page.$("main a[href^='/teams/']");
    if (team) {
      await Promise.all([page.waitForURL(/\/teams\//), team.click()]);
      expect(await page.textContent("main")).toMatch(/member|Manager/i);
    }
  });
});

describe("editing your own profile", () => {
  it("shows field errors and keeps what was typed, then saves", async () => {
    const page = await signIn("champion@riverside.gov.uk");
    await page.goto(`${server.url}/people/me`);
    await Promise.all([page.waitForURL(/\/edit$/), page.click("text=Edit your profile")]);
    await axe(page, "the profile form");
    await page.fill("#workPhone", "call me maybe");
    await page.fill("#expertise", "tenancies, homelessness, damp and mould");
    await page.click("button:has-text('Save profile')");
    await page.waitForSelector(".error-summary");
    expect(await page.textContent(".error-summary")).toMatch(/work phone/i);
    expect(await page.inputValue("#expertise")).toBe("tenancies, homelessness, damp and mould");
    await axe(page, "the profile form with errors");
    await page.fill("#workPhone", "01632 961007");
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/edit")), page.click("button:has-text('Save profile')")]);
    expect(await page.textContent("main")).toContain("damp and mould");
  });

  it("uploads a photo without JavaScript (shown with the name as alt text) and refuses a file that is not an image", async () => {
    const page = await signIn("champion@riverside.gov.uk", { javaScriptEnabled: false });
    await page.goto(`${server.url}/people/me`);
    await page.click("text=Edit your profile");
    await page.waitForURL(/\/edit$/);
    const png = await sharp({ create: { width: 600, height: 500, channels: 3, background: { r: 40, g: 120, b: 200 } } }).png().toBuffer();
    await page.setInputFiles("#photo-file", { name: "me.png", mimeType: "image/png", buffer: png });
    await Promise.all([page.waitForURL(/saved=photo/), page.click("button:has-text('Upload photo')")]);
    await page.goto(page.url().replace(/\/edit.*$/, ""));
    const img = await page.waitForSelector("img.profile-photo");
    expect(await img.getAttribute("alt")).toMatch(/^Photo of /);
    const photo = await page.request.get(new URL((await img.getAttribute("src"))!, server.url).toString());
    expect(photo.headers()["content-type"]).toBe("image/jpeg");
    expect((await sharp(await photo.body()).metadata()).width).toBe(400);

    await page.click("text=Edit your profile");
    await page.waitForURL(/\/edit$/);
    await page.setInputFiles("#photo-file", { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") });
    await page.click("button:has-text('Upload photo')");
    await page.waitForSelector("#photo-file-error");
    expect(await page.textContent("#photo-file-error")).toMatch(/JPEG, PNG or WebP/);
  });
});

describe("who to ask, /me and the keyboard", () => {
  it("shows who to ask on a guide, with links to profiles", async () => {
    const page = await signIn("staff@riverside.gov.uk");
    await page.goto(`${server.url}/guides`);
    const guides = await page.$$eval("main a[href^='/guides/']", (as) => as.map((a) => a.getAttribute("href")!).filter((h) => h.split("/").length === 3));
    let found = false;
    for (const href of guides.slice(0, 15)) {
      await page.goto(`${server.url}${href}`);
      if (await page.$("#who-to-ask-heading")) {
        found = true;
        const links = await page.$$eval(".who-to-ask a", (as) => as.map((a) => a.getAttribute("href")!));
        expect(links.length).toBeGreaterThan(0);
        expect(links.every((h) => h.startsWith("/people/"))).toBe(true);
        await axe(page, "a guide with who to ask");
        break;
      }
    }
    expect(found, "no guide showed who to ask").toBe(true);
  });

  it("nudges on /me until dismissed for good", async () => {
    const page = await signIn("comms@riverside.gov.uk");
    await page.goto(`${server.url}/me`);
    if (await page.$("#nudge-heading")) {
      await axe(page, "/me with the nudge");
      await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("button:has-text('show this again')")]);
      await page.goto(`${server.url}/me`);
    }
    expect(await page.$("#nudge-heading")).toBeNull();
  });

  it("works at 320 px", async () => {
    const page = await signIn("staff@riverside.gov.uk", { width: 320 });
    for (const path of ["/people", "/people?department=housing", "/people/me", "/people/me/edit"]) {
      await page.goto(`${server.url}${path}`);
      await fitsWidth(page, path);
    }
    await axe(page, "profile form at 320 px");
  });

  it("searches the directory with the keyboard alone", async () => {
    const page = await signIn("staff@riverside.gov.uk");
    await page.goto(`${server.url}/people`);
    let focused = "";
    for (let i = 0; i < 40 && focused !== "people-q"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? "");
    }
    expect(focused).toBe("people-q");
    await page.keyboard.type("repairs");
    await Promise.all([page.waitForURL(/q=repairs/), page.keyboard.press("Enter")]);
    expect(await page.$$eval("main h2 a", (as) => as.length)).toBeGreaterThan(0);
  });

  it("passes axe on the directory, a filtered list, a profile and a team page", async () => {
    const page = await signIn("manager@riverside.gov.uk");
    for (const path of ["/people", "/people?department=housing&expertise=tenancies", "/people/me", "/teams/housing-repairs"]) {
      await page.goto(`${server.url}${path}`);
      await axe(page, path);
    }
  });
});

describe("directory sync on the built server", () => {
  it("makes a token on the admin page (shown once) and provisions a person through /scim/v2", async () => {
    const page = await signIn("admin@riverside.gov.uk");
    await page.goto(`${server.url}/admin/directory-sync`);
    await axe(page, "/admin/directory-sync");
    await page.click("button:has-text('Make a token')");
    const token = await (await page.waitForSelector("#new-token")).inputValue();
    expect(token).toMatch(/^scim_/);
    await axe(page, "/admin/directory-sync with a new token");

    const scim = (method: string, path: string, body?: unknown, bearer = token) =>
      fetch(`${server.url}/scim/v2${path}`, {
        method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/scim+json" } : {}) }, body: body ? JSON.stringify(body) : undefined,
      });
    expect((await scim("GET", "/Users", undefined, "scim_wrongwrongwrongwrongwrong")).status).toBe(401);
    const created = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "new.starter@riverside.gov.uk", displayName: "Nia Starter", title: "Planning Officer", externalId: "ns-1",
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toContain("application/scim+json");
    const user = await created.json();
    const bad = await scim("PATCH", `/Users/${user.id}`, { Operations: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).scimType).toBe("invalidSyntax");

    await page.goto(`${server.url}/people?q=${encodeURIComponent("Nia Starter")}`);
    expect(await page.textContent("main")).toContain("Nia Starter");
    const off = await scim("PATCH", `/Users/${user.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.status).toBe(200);
    await page.goto(`${server.url}/people?q=${encodeURIComponent("Nia Starter")}`);
    expect(await page.textContent("main")).not.toContain("Nia Starter");
    await page.goto(`${server.url}/admin/directory-sync`);
    expect(await page.textContent("main")).toMatch(/Last used|In use/);
  });
});
