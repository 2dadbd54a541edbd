/**
 * The home page on a phone (issue 26): for every demo role, at 360 × 780 px, the signed-in
 * home page is at most four screens tall (3,120 px), no item is linked from two sections,
 * every section links on to its full page, and the first screen says what needs attention.
 * Also at 1280 px (two columns, the same rule against repeats), without JavaScript, with a
 * sensible keyboard order, and clean under axe. Prints the heights as one JSON line;
 * screenshots go to test-results/screenshots/home-<role>-<width>.png for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AxeBuilder from "./axe";
import { launchBrowser, signInThroughForm } from "./browser";

const base = inject("baseURL");
const SHOTS = path.resolve("test-results/screenshots");
const PHONE = { width: 360, height: 780 };
const FOUR_SCREENS = 4 * PHONE.height;

const ROLES = [
  ["staff", "staff@riverside.gov.uk"],
  ["champion", "champion@riverside.gov.uk"],
  ["manager", "manager@riverside.gov.uk"],
  ["comms", "comms@riverside.gov.uk"],
  ["admin", "admin@riverside.gov.uk"],
] as const;

let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openHome(email: string, viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport, javaScriptEnabled });
  return signInThroughForm(context, base, email, inject("demoPassword"));
}

type Layout = {
  height: number;
  sections: { name: string; items: string[]; more: string[] }[];
  attention: string;
  firstScreen: string;
};

/** The page's height, and for each home section the item addresses it links to and its links onward. */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const itemAddress = /^\/(announcements|policies|guides)\/[^/?#]+$/;
    const sections = [...document.querySelectorAll<HTMLElement>("main [data-home-section]")].map((s) => {
      const hrefs = [...s.querySelectorAll<HTMLAnchorElement>("a[href]")].map((a) => new URL(a.href).pathname);
      return {
        name: s.dataset.homeSection!,
        items: hrefs.filter((h) => itemAddress.test(h)),
        more: [...s.querySelectorAll<HTMLAnchorElement>("a.more-link")].map((a) => new URL(a.href).pathname),
      };
    });
    const attention = document.querySelector("#attention")?.textContent?.trim() ?? "";
    // What is drawn within the first screen: text of elements whose top is above the fold.
    const fold = window.innerHeight;
    const firstScreen = [...document.querySelectorAll<HTMLElement>("main h1, main #attention, main .lead-notice h2")]
      .filter((el) => el.getBoundingClientRect().top < fold)
      .map((el) => el.textContent?.trim() ?? "")
      .join(" | ");
    return { height: document.documentElement.scrollHeight, sections, attention, firstScreen };
  });
}

/** Item addresses linked from more than one section, or twice in one. */
function repeats(sections: Layout["sections"]): string[] {
  const seen = new Map<string, string>();
  const found: string[] = [];
  for (const s of sections)
    for (const href of s.items) {
      if (seen.has(href)) found.push(`${href} in ${seen.get(href)} and ${s.name}`);
      else seen.set(href, s.name);
    }
  return found;
}

describe("the home page on a phone", () => {
  it("is at most four screens tall for every demo role, with no item in two sections and a way on from every section", async () => {
    const heights: Record<string, number> = {};
    for (const [role, email] of ROLES) {
      const page = await openHome(email, PHONE);
      const l = await layout(page);
      heights[role] = l.height;
      await page.screenshot({ path: path.join(SHOTS, `home-${role}-${PHONE.width}.png`), fullPage: true });
      expect(l.sections.length, `${role}: home sections`).toBeGreaterThanOrEqual(4);
      expect(repeats(l.sections), `${role}: items shown twice`).toEqual([]);
      for (const s of l.sections) expect(s.more.length, `${role}: section ${s.name} has no link to its full page`).toBeGreaterThan(0);
      expect(l.height, `${role}: home page at ${PHONE.width} px`).toBeLessThanOrEqual(FOUR_SCREENS);
      // The first screen names the person and says what needs their attention.
      expect(l.firstScreen, `${role}: first screen`).toMatch(/Welcome, /);
      expect(l.firstScreen, `${role}: first screen`).toContain(l.attention);
      await page.context().close();
    }
    console.log(JSON.stringify({ homeHeightsAt360px: heights, limit: FOUR_SCREENS }));
  });

  it("keeps two columns at 1280 px, with the same rule against repeats", async () => {
    for (const [role, email] of ROLES) {
      const page = await openHome(email, { width: 1280, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `home-${role}-1280.png`), fullPage: true });
      const l = await layout(page);
      expect(repeats(l.sections), `${role}: items shown twice`).toEqual([]);
      const columns = await page.$$eval(".home-columns > *", (els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
      expect(new Set(columns).size, `${role}: columns side by side`).toBe(2);
      await page.context().close();
    }
  });

  it("shows the most urgent notice first and lists the others, openable and dismissable without JavaScript", async () => {
    // Someone other than the demo accounts, so the dismissal changes nothing other tests read.
    const page = await openHome("kevin.doyle@riverside.gov.uk", PHONE, false);
    const lead = page.locator(".lead-notice");
    expect(await lead.count()).toBe(1);
    const others = page.locator(".notice-list details");
    const n = await others.count();
    expect(n).toBeGreaterThan(0);
    const first = others.first();
    const title = (await first.locator(".ntk-item__title").textContent()) ?? "";
    // Closed until opened; opening needs no script.
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await first.locator("summary").click();
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await first.locator("a", { hasText: "Read the notice" }).isVisible()).toBe(true);
    const dismiss = first.locator("button:has-text('Dismiss'), button:has-text('I have read this')");
    expect(await dismiss.count()).toBe(1);
    await Promise.all([page.waitForURL(`${base}/`), dismiss.click()]);
    const after = [
      ...(await page.locator(".lead-notice h2").allTextContents()),
      ...(await page.locator(".notice-list details summary").allTextContents()),
    ];
    expect(after.length).toBeGreaterThan(0);
    expect(after.join("|")).not.toContain(title);
    await page.context().close();
  });

  it("goes in reading order by keyboard: notices, what to confirm, the stream, then the rest, each section in one go", async () => {
    const page = await openHome("staff@riverside.gov.uk", PHONE);
    const order: string[] = [];
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press("Tab");
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body || el.closest("footer")) return "out";
        return el.closest<HTMLElement>("[data-home-section]")?.dataset.homeSection ?? null;
      });
      if (where === "out" && order.length) break; // past the main content: once round is enough
      if (where && where !== "out" && order[order.length - 1] !== where) order.push(where);
    }
    expect(order).toEqual(["notices", "must-read", "for-you", "latest", "policy-changes", "guides", "departments"]);
    await page.context().close();
  });

  it("passes axe at 360 px for staff and comms", async () => {
    for (const email of ["staff@riverside.gov.uk", "comms@riverside.gov.uk"]) {
      const page = await openHome(email, PHONE);
      expect(await new AxeBuilder(page).violations(), email).toEqual([]);
      await page.context().close();
    }
  });
});
