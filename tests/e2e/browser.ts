/**
 * A real headless Chromium for end-to-end tests, resolved in this order: CHROME_PATH,
 * /usr/bin/chromium, then the Chromium shipped inside the @sparticuz/chromium npm
 * package (so a fresh `npm install` is enough, with no browser download).
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

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

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await resolveChromium(), args: CHROMIUM_ARGS, headless: true });
}
