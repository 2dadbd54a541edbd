/**
 * Keyboard only, in Chromium: the skip link is the first Tab stop and moves focus to the
 * main content; every control in the header is reached by Tab; every element Tab reaches
 * looks different when focused (outline, box shadow, background, border or underline).
 * Then screenshots at 320 and 1280 pixels wide, saved in test-results/screenshots/, with
 * no horizontal scrolling at either width.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, signInThroughForm } from "./browser";

const base = inject("baseURL");
const SHOTS = path.join("test-results", "screenshots");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(email: string, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await signInThroughForm(context, base, email, inject("demoPassword"));
  await page.close();
  return context;
}

/**
 * Tabs through the page; returns what was reached and which elements showed no change
 * when focused. The styles that can show focus (outline, box shadow, background, colour,
 * border, underline) are compared focused and not; the script is a string because it
 * runs in the page twice (before tabbing, and at each stop).
 */
const FOCUS_STYLE = `(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
  s.backgroundColor, s.color, s.borderColor, s.textDecorationLine, s.textDecorationThickness].join("|"); }`;

async function tabThrough(page: Page, maxStops = 120) {
  // Evaluated through the DevTools protocol, like axe.ts, so the page's CSP does not apply.
  await page.evaluate(`window.__focusStyle = ${FOCUS_STYLE};`);
  // Remember every focusable element's unfocused look first.
  await page.evaluate(() => {
    const style = (window as unknown as { __focusStyle: (el: Element) => string }).__focusStyle;
    (document.activeElement as HTMLElement | null)?.blur();
    const all = document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]");
    all.forEach((el, i) => {
      el.setAttribute("data-kb", String(i));
      el.setAttribute("data-kb-style", style(el));
    });
  });
  const reached: Array<{ kb: string; label: string; visible: boolean; changed: boolean; inHeader: boolean }> = [];
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const style = (window as unknown as { __focusStyle: (el: Element) => string }).__focusStyle;
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const rect = el.getBoundingClientRect();
      return {
        kb: el.getAttribute("data-kb") ?? "?",
        label: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || (el as HTMLInputElement).name || "").trim().slice(0, 40)}"`,
        visible: rect.width > 0 && rect.height > 0,
        changed: el.getAttribute("data-kb-style") !== style(el),
        inHeader: !!el.closest("header"),
      };
    });
    if (!info) break; // focus left the document: we have been round once
    if (reached.some((r) => r.kb === info.kb && info.kb !== "?")) break;
    reached.push(info);
  }
  return reached;
}

describe("keyboard only", () => {
  it("the skip link is the first Tab stop and takes focus to the main content", async () => {
    const context = await signedIn("staff@riverside.gov.uk");
    const page = await context.newPage();
    for (const url of ["/", "/announcements", "/search?q=leave"]) {
      await page.goto(`${base}${url}`);
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => {
        const el = document.activeElement as HTMLAnchorElement;
        const r = el.getBoundingClientRect();
        return { text: el.textContent?.trim(), href: el.getAttribute("href"), onScreen: r.top >= 0 && r.left >= 0 && r.width > 1 && r.height > 1 };
      });
      expect(first, url).toEqual({ text: "Skip to main content", href: "#main-content", onScreen: true });
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id), url).toBe("main-content");
    }
    await context.close();
  });

  it("notices a control whose focus cannot be seen (control)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`${base}/focus-control`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<style>a:focus{outline:none}</style><h1>x</h1><a href='/a'>one</a> <button>two</button>" }),
    );
    await page.goto(`${base}/focus-control`);
    const reached = await tabThrough(page);
    await context.close();
    expect(reached.map((r) => [r.label, r.changed])).toEqual([['a "one"', false], ['button "two"', true]]);
  });

  for (const [who, email, pages] of [
    ["signed out", null, ["/login"]],
    ["staff", "staff@riverside.gov.uk", ["/", "/announcements", "/policies", "/guides", "/search?q=leave", "/me"]],
    ["comms", "comms@riverside.gov.uk", ["/editor", "/editor/new/announcement"]],
    ["admin", "admin@riverside.gov.uk", ["/admin", "/admin/users"]],
  ] as Array<[string, string | null, string[]]>) {
    it(`as ${who}: every header control is reached by Tab, and focus is visible on everything Tab reaches`, async () => {
      const context = email ? await signedIn(email) : await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      for (const url of pages) {
        const res = await page.goto(`${base}${url}`);
        if (!res || res.status() >= 400) continue; // a page this build does not have
        const reached = await tabThrough(page);
        if (reached.length < 3) problems.push(`${url}: Tab reached only ${reached.length} elements`);
        for (const r of reached) {
          if (!r.visible) problems.push(`${url}: ${r.label} takes focus but cannot be seen`);
          else if (!r.changed) problems.push(`${url}: ${r.label} shows no focus style`);
        }
        const headerControls = await page.$$eval("header a[href], header button, header input:not([type=hidden]), header select", (els) =>
          els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute("data-kb")),
        );
        if (email && headerControls.length < 3) problems.push(`${url}: found only ${headerControls.length} header controls`);
        const reachedIds = new Set(reached.map((r) => r.kb));
        for (const id of headerControls) if (!reachedIds.has(id!)) problems.push(`${url}: header control #${id} never reached by Tab`);
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }
});

describe("small and large screens", () => {
  for (const width of [320, 1280]) {
    it(`at ${width} px wide nothing scrolls sideways (screenshots in test-results/screenshots)`, async () => {
      const context = await signedIn("comms@riverside.gov.uk", width);
      const page = await context.newPage();
      // One page of each main type: lists, an item of each kind (the first linked from its list), search, editor.
      const urls = ["/", "/announcements", "/policies", "/guides", "/departments", "/search?q=leave", "/me", "/editor", "/editor/new/announcement"];
      for (const list of ["/announcements", "/policies", "/guides"]) {
        await page.goto(`${base}${list}`);
        const first = await page.$eval(`main a[href^="${list}/"]`, (a) => a.getAttribute("href")).catch(() => null);
        if (first) urls.push(first);
      }
      const overflow: string[] = [];
      for (const url of urls) {
        const res = await page.goto(`${base}${url}`, { waitUntil: "load" });
        if (!res || res.status() >= 400) continue;
        const name = url.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
        await page.screenshot({ path: path.join(SHOTS, `layout-${name}-${width}.png`), fullPage: true });
        const wide = await page.evaluate(() => {
          const limit = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= limit) return null;
          const culprits = Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().right > limit + 1 && getComputedStyle(el).position !== "fixed")
            .filter((el) => !el.closest(".visually-hidden, .skip-link"))
            .slice(0, 3)
            .map((el) => `${el.tagName.toLowerCase()}.${(el.className || "").toString().split(" ")[0]}`);
          return `${document.documentElement.scrollWidth}px wide (${culprits.join(", ")})`;
        });
        if (wide) overflow.push(`${url} at ${width}px: ${wide}`);
      }
      await context.close();
      expect(overflow).toEqual([]);
    }, 120_000);
  }
});
