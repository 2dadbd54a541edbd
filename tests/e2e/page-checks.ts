/**
 * The checks every page in the browser tests must pass, written once: it answers 200, axe-core
 * finds no WCAG 2.2 A/AA violation, and at 320 px nothing scrolls sideways (WCAG reflow).
 * axe runs a script in the page, so the page's context must have JavaScript on; run form flows
 * without JavaScript in a second context.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import AxeBuilder from "./axe";

/** axe's violations on the page as one readable line each (rule, help, first elements). */
export async function axeFindings(page: Page): Promise<string[]> {
  return (await new AxeBuilder(page).violations()).map((v) => `${v.id}: ${v.help} at ${v.targets.slice(0, 3).join(", ")}`);
}

/** Sideways scroll at the page's current width, as "scrollWidth > width", or null. */
export async function sidewaysScroll(page: Page): Promise<string | null> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  return scroll > width ? `${scroll} px wide at ${width} px` : null;
}

/** Opens `base + path` and checks it: 200, no axe findings, fits 320 px (then back to the page's width). */
export async function checkPage(page: Page, base: string, path: string): Promise<void> {
  const res = await page.goto(`${base}${path}`);
  expect(res?.status(), path).toBe(200);
  expect(await axeFindings(page), `${path} axe`).toEqual([]);
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await sidewaysScroll(page), `${path} at 320 px`).toBeNull();
  await page.setViewportSize(size);
}
