/**
 * The home page's ETag in Chromium (decision 191): a reload revalidates with If-None-Match
 * and the server answers 304, and the page the browser kept still runs its script (the
 * 304 carries no new CSP header, so the stored policy and the stored page's nonce agree).
 * The home page is a reading page (decision 215): its one script is the small one, which
 * marks <html data-enhanced> when it runs.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launchBrowser, signInThroughForm } from "./browser";

const base = inject("baseURL");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("a reload of the home page is a 304 and the kept page still runs its scripts", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await signInThroughForm(context, base, "staff@riverside.gov.uk", inject("demoPassword"));
  const refused: string[] = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && refused.push(m.text()));
  // What the server answered on the wire (the page is told 200: Chromium merges a 304 into the stored answer).
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const wire: number[] = [];
  cdp.on("Network.responseReceivedExtraInfo", (e: { statusCode: number; headers: Record<string, string> }) => {
    if (/text\/html/.test(e.headers["content-type"] ?? e.headers["Content-Type"] ?? "") || e.statusCode === 304) wire.push(e.statusCode);
  });
  const statuses: number[] = [];
  const revalidated: boolean[] = [];
  const seen: Promise<void>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() !== "document" || new URL(r.url()).pathname !== "/") return;
    seen.push(r.request().allHeaders().then((h) => {
      statuses.push(r.status());
      revalidated.push(!!h["if-none-match"]);
    }));
  });
  // Away and back as a full page load: the kept page is revalidated (Cache-Control: no-cache).
  await page.goto(`${base}/`);
  await page.goto(`${base}/guides`);
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-enhanced"));
  expect(await page.locator("h1").textContent()).toMatch(/^Welcome, /);
  // The server saw the browser's ETag at least once and answered with nothing to send.
  const server = await context.request.get(`${base}/`);
  const etag = server.headers()["etag"];
  expect(etag).toMatch(/^W\//);
  const again = await context.request.get(`${base}/`, { headers: { "if-none-match": etag }, maxRedirects: 0 });
  expect(again.status()).toBe(304);
  expect(again.headers()["content-security-policy"]).toBeUndefined();
  // The kept page's script ran under the kept policy: the header search box became a combobox.
  expect(await page.getAttribute("#header-search-q", "role")).toBe("combobox");
  expect(refused, refused.join("\n")).toEqual([]);
  await Promise.all(seen);
  console.log(`home-etag: document statuses ${JSON.stringify(statuses)}, revalidated ${JSON.stringify(revalidated)}, on the wire ${JSON.stringify(wire)}`);
  expect(revalidated.at(-1), "the browser asked with its ETag").toBe(true);
  expect(wire, "the server answered the revalidation with a 304").toContain(304);
  await context.close();
});
