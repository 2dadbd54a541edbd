/**
 * The address of the small script that pages sent without the framework's scripts load
 * (decision 215). `npm run build` (scripts/build-sw.mjs) copies public/enhance.js to
 * /build/enhance-<hash>.js, served for a year, and names it in build/enhance.json. Without
 * a complete build (`npm run dev`), the unhashed /enhance.js (public/, an hour's cache).
 */
import fs from "node:fs";
import path from "node:path";

let cached: string | null = null;

export function enhanceScriptSrc(): string {
  if (cached) return cached;
  let src = "/enhance.js";
  try {
    const named = JSON.parse(fs.readFileSync(path.join(process.cwd(), "build", "enhance.json"), "utf8")) as { src?: unknown };
    if (typeof named.src === "string" && /^\/build\/enhance-[0-9a-f]+\.js$/.test(named.src)) src = named.src;
  } catch {
    /* no build/enhance.json: the unhashed file */
  }
  cached = src;
  return src;
}
