/**
 * A real headless Chromium for end-to-end tests, resolved in this order: CHROME_PATH,
 * /usr/bin/chromium, then the Chromium shipped inside the @sparticuz/chromium npm
 * package (so a fresh `npm install` is enough, with no browser download).
 */
import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--no-first-run", "--disable-sync", "--disable-quic",
];

export async function resolveChromium(): Promise<string> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const { default: sparticuz } = await import("@sparticuz/chromium");
  return sparticuz.executablePath();
}

/** Signs in through the sign-in form, in a new page of `context`, as a person would; returns that page, on the home page. */
export async function signInThroughForm(context: BrowserContext, base: string, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
  return page;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: await resolveChromium(), args: CHROMIUM_ARGS, headless: true });
  await settleAfterClientNavigation(browser);
  return browser;
}

type PageProto = Page & { __settles?: boolean };

/**
 * Remix draws a client-side navigation in a React transition, so the address changes a
 * moment before the new page is on the screen; and after a form is sent, what the action
 * returned (a "Saved" banner) is drawn before the page's data is read again. A test reading
 * the page straight after `waitForURL` or `waitForSelector` could see the old page. The
 * app marks <main> aria-busy while a navigation or submission is under way; here every
 * page's `waitForURL` and `waitForSelector` also wait until it is not (pages share one
 * prototype, so this is done once).
 */
async function settleAfterClientNavigation(browser: Browser): Promise<void> {
  const probe = await browser.newPage();
  const proto = Object.getPrototypeOf(probe) as PageProto;
  await probe.close();
  if (proto.__settles) return;
  proto.__settles = true;
  for (const method of ["waitForURL", "waitForSelector"] as const) {
    const original = proto[method] as (...args: unknown[]) => Promise<unknown>;
    (proto as unknown as Record<string, unknown>)[method] = async function waitAndSettle(this: Page, ...args: unknown[]) {
      const result = await original.apply(this, args);
      await settled(this, (args[1] as { timeout?: number } | undefined)?.timeout);
      return result;
    };
  }
}

async function settled(page: Page, timeout = 15_000): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForFunction(() => !document.querySelector("main[aria-busy='true']"), undefined, { timeout });
      return;
    } catch (err) {
      // A full page load replaced the document while we looked: look again in the new one.
      if (attempt < 3 && /context was destroyed|navigat/i.test(String(err))) continue;
      throw err;
    }
  }
}
