/**
 * Documents in a real browser (issue 21), on its own server (it attaches files): attaching
 * with the plain multipart form and no JavaScript (and with it), the alt-text error for an image,
 * every file version on the page's history, the
 * Documents list readers see, a restricted page's file is a 404 for someone outside its
 * audience, the headers every file answer carries, "Download as Markdown" and the admin page
 * of web edits, and axe on the pages.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sqlite3 from "sqlite3";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";
import { startServer, type RunningServer } from "./server";
import { makePdf, makePng } from "../documents/fixtures";

let server: RunningServer;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

async function signIn(email: string, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  contexts.push(context);
  await (await signInThroughForm(context, base, email, inject("demoPassword"))).close();
  return context;
}

async function expectAccessible(page: Page) {
  expect(await new AxeBuilder(page).violations()).toEqual([]);
}

function itemId(slug: string): Promise<number> {
  const db = new sqlite3.Database(server.databasePath, sqlite3.OPEN_READONLY);
  return new Promise<number>((resolve, reject) =>
    db.get<{ id: number }>("SELECT id FROM items WHERE slug = ?", [slug], (err, row) => (err || !row ? reject(err ?? new Error(slug)) : resolve(row.id))),
  ).finally(() => db.close());
}

/** Attaches a file through the plain form (works with JavaScript off), returns the page after the answer. */
async function attach(page: Page, id: number, file: { name: string; mimeType: string; buffer: Buffer }, title: string, alt = ""): Promise<void> {
  await page.goto(`${base}/editor/${id}/documents`);
  await page.setInputFiles("#file", file);
  await page.fill("#title", title);
  await page.fill("#alt", alt);
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.click("button:has-text('Attach file')")]);
}

beforeAll(async () => {
  server = await startServer();
  base = server.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe("documents in the browser", () => {
  it("attaches a PDF with JavaScript off; an image without a description is refused with a field error and nothing stored", async () => {
    const comms = await signIn("comms@riverside.gov.uk", false);
    const page = await comms.newPage();
    const id = await itemId("missed-bin-complaints");

    await attach(page, id, { name: "round-sheet.pdf", mimeType: "application/pdf", buffer: await makePdf(["Round sheet for the north rounds"]) }, "Round sheet (north)");
    expect(page.url()).toContain(`/editor/${id}/documents`);
    await expect(page.locator("section.attachment h3", { hasText: "Round sheet (north)" }).count()).resolves.toBe(1);

    await attach(page, id, { name: "crew-photo.png", mimeType: "image/png", buffer: await makePng(50, 40) }, "Crew photo");
    expect(await page.locator(".error-summary").textContent()).toContain("Describe the image for people who cannot see it");
    expect(await page.locator("#alt-error").textContent()).toContain("Describe the image");
    // What was typed is kept; nothing was attached.
    expect(await page.inputValue("#title")).toBe("Crew photo");
    await expect(page.locator("section.attachment h3", { hasText: "Crew photo" }).count()).resolves.toBe(0);

    // A renamed program is refused by name.
    const exe = Buffer.alloc(1024);
    exe.write("MZ", 0);
    await attach(page, id, { name: "timetable.pdf", mimeType: "application/pdf", buffer: exe }, "Timetable");
    expect(await page.locator("#file-error").textContent()).toContain("timetable.pdf: this is a program");

    // With JavaScript on (axe needs it): the same refusal, and the page and its error state pass axe.
    const scripted = await (await signIn("comms@riverside.gov.uk")).newPage();
    await scripted.goto(`${base}/editor/${id}/documents`);
    await scripted.waitForLoadState("networkidle");
    await expectAccessible(scripted);
    await scripted.setInputFiles("#file", { name: "crew-photo.png", mimeType: "image/png", buffer: await makePng(50, 40) });
    await scripted.fill("#title", "Crew photo");
    await scripted.click("button:has-text('Attach file')");
    await scripted.waitForSelector(".error-summary");
    expect(await scripted.locator("#alt-error").textContent()).toContain("Describe the image");
    await expectAccessible(scripted);
    // With JavaScript on, a described image is attached.
    await scripted.setInputFiles("#file", { name: "crew-photo.png", mimeType: "image/png", buffer: await makePng(50, 40) });
    await scripted.fill("#alt", "The north round's crew beside their lorry");
    await scripted.click("button:has-text('Attach file')");
    await scripted.waitForSelector("section.attachment h3:has-text('Crew photo')");

    // The editor places it in the text: "Place image" puts its Markdown where the cursor is, as a paragraph.
    await scripted.goto(`${base}/editor/${id}`);
    await scripted.waitForSelector(".md-toolbar__image");
    const body = scripted.locator("#ed-body");
    await body.fill("Our crews.\n\nMore text.");
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(10, 10));
    await scripted.selectOption(".md-toolbar__image select", { label: "Crew photo" });
    await scripted.click("button:has-text('Place image')");
    expect(await body.inputValue()).toMatch(/^Our crews\.\n\n!\[The north round's crew beside their lorry\]\(\/files\/\d+\/crew-photo\.png\)\n\nMore text\.$/);

    // The page's history lists every version of its files, with dates.
    await scripted.goto(`${base}/editor/${id}/history`);
    const versions = scripted.locator("#file-versions + * table");
    expect(await versions.textContent()).toContain("Round sheet (north)");
    expect(await versions.textContent()).toContain("Crew photo");
    await expectAccessible(scripted);
  });

  it("readers see the Documents list and the demo's picture; files answer with safe headers", async () => {
    const staff = await signIn("staff@riverside.gov.uk");
    const page = await staff.newPage();
    await page.goto(`${base}/guides/how-to-claim-mileage`);
    const documents = page.locator("text=Mileage claim form (paper version)").first();
    expect(await documents.count()).toBe(1);
    expect(await page.locator("body").textContent()).toMatch(/PDF/);
    await expectAccessible(page);

    await page.goto(`${base}/guides/missed-bin-complaints`);
    const img = page.locator("main img[alt^='Logging a missed bin in three steps']");
    expect(await img.count()).toBe(1);
    const src = (await img.getAttribute("src"))!;
    expect(src).toMatch(/^\/files\/\d+\/missed-bin-steps\.png$/);
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    await expectAccessible(page);

    const image = await staff.request.get(`${base}${src}`);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
    expect(image.headers()["content-disposition"]).toMatch(/^inline; filename="missed-bin-steps.png"/);

    const pdfHref = (await page.goto(`${base}/guides/how-to-claim-mileage`), await page.locator("a[href*='mileage-claim-form.pdf']").first().getAttribute("href"))!;
    const pdf = await staff.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    const h = pdf.headers();
    expect(h["content-type"]).toBe("application/pdf");
    expect(h["content-disposition"]).toMatch(/^attachment; filename="mileage-claim-form.pdf"/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["content-security-policy"]).toMatch(/default-src 'none'.*sandbox/);
    expect(h["cache-control"]).toBe("private, no-store");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a restricted page's file is a 404 for someone outside its audience, the same as a file that does not exist", async () => {
    const comms = await signIn("comms@riverside.gov.uk", false);
    const page = await comms.newPage();
    const id = await itemId("new-starter-checklist"); // managers, champions, comms and admins only
    await attach(page, id, { name: "induction-plan.pdf", mimeType: "application/pdf", buffer: await makePdf(["Induction plan"]) }, "Induction plan");
    const href = (await page.locator("section.attachment a[href*='induction-plan.pdf']").first().getAttribute("href"))!;
    expect(href).toMatch(/^\/files\/\d+\/induction-plan\.pdf$/);

    const inside = await comms.request.get(`${base}${href}`);
    expect(inside.status()).toBe(200);
    expect(inside.headers()["cache-control"]).toBe("private, no-store");
    expect(inside.headers()["vary"]).toMatch(/Cookie/i);

    const staff = await signIn("staff@riverside.gov.uk");
    const outside = await staff.request.get(`${base}${href}`);
    expect(outside.status()).toBe(404);
    const missing = await staff.request.get(`${base}/files/999999/induction-plan.pdf`);
    expect(missing.status()).toBe(404);
    expect(await outside.text()).toBe(await missing.text());
    expect(await outside.text()).not.toContain("Induction");
    // Signed out: to sign in, never the file.
    const anonymous = await browser.newContext();
    contexts.push(anonymous);
    const stranger = await anonymous.request.get(`${base}${href}`, { maxRedirects: 0 });
    expect([302, 303]).toContain(stranger.status());
  });

  it("editors download a page as Markdown; the admin page lists web edits of file pages; others get 404 or 403", async () => {
    const comms = await signIn("comms@riverside.gov.uk");
    const page = await comms.newPage();
    const id = await itemId("how-to-claim-mileage");
    await page.goto(`${base}/editor/${id}`);
    const link = page.locator("a", { hasText: "Download as Markdown" });
    expect(await link.getAttribute("href")).toBe(`/editor/${id}/markdown`);
    const download = await comms.request.get(`${base}/editor/${id}/markdown`);
    expect(download.status()).toBe(200);
    // The guide has a file attached: a zip with the Markdown and the file.
    expect(download.headers()["content-type"]).toBe("application/zip");
    expect(download.headers()["cache-control"]).toBe("private, no-store");
    expect((await download.body()).subarray(0, 2).toString()).toBe("PK");

    const staff = await signIn("staff@riverside.gov.uk");
    expect((await staff.request.get(`${base}/editor/${id}/markdown`)).status()).toBe(404);
    expect((await staff.request.get(`${base}/admin/content-files`)).status()).toBe(403);

    // Attaching files earlier made no web edit of the text; an edit in the editor does (tests/editor), so the list may be empty here.
    await page.goto(`${base}/admin/content-files`);
    expect(await page.locator("h1").textContent()).toBe("Web edits to content files");
    await expectAccessible(page);
    const zip = await comms.request.get(`${base}/admin/content-files.zip`);
    expect(zip.status()).toBe(200);
    expect(zip.headers()["content-type"]).toBe("application/zip");
  });
});
