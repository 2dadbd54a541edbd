/**
 * node scripts/build-sw.mjs   (after `remix build`; part of `npm run build` and `npm start`)
 *
 * Writes public/sw.js from scripts/sw/service-worker.template.js with Workbox's
 * injectManifest (workbox-build): the list of the build's browser files (public/build),
 * the offline page, the manifest and the icons, each with a revision, so a new build
 * replaces the cached app shell and an unchanged one is not downloaded again (decision 124).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { injectManifest } from "workbox-build";

// The small script of pages sent without the framework's scripts (decision 215): copied into
// the build's folder under a name made from its content, so it is served for a year like the
// rest of the build; build/enhance.json tells the server its address.
const enhance = fs.readFileSync("public/enhance.js");
const enhanceName = `enhance-${crypto.createHash("sha256").update(enhance).digest("hex").slice(0, 12)}.js`;
fs.mkdirSync("public/build", { recursive: true });
fs.writeFileSync(`public/build/${enhanceName}`, enhance);
fs.mkdirSync("build", { recursive: true });
fs.writeFileSync("build/enhance.json", `${JSON.stringify({ src: `/build/${enhanceName}` })}\n`);

const { count, size, warnings } = await injectManifest({
  swSrc: "scripts/sw/service-worker.template.js",
  swDest: "public/sw.js",
  globDirectory: "public",
  // The shell for reading: reading pages are sent without the framework's scripts (decision 215),
  // so it is the stylesheet, the small script, the offline page and the icons. The framework's
  // files (editor and admin pages) are cached as they are used: a phone that only reads never
  // downloads them.
  globPatterns: ["build/enhance-*.js", "build/_assets/*.css", "offline.html", "offline.css", "manifest.webmanifest", "icons/*.png", "favicon.svg"],
  // Remix names its files by content: no revision needed for them.
  dontCacheBustURLsMatching: /^build\//,
  maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
});
for (const w of warnings) console.warn(`service worker: ${w}`);
console.log(`enhancement script: /build/${enhanceName} (${enhance.length} bytes)`);
console.log(`service worker: public/sw.js caches ${count} files (${Math.round(size / 1024)} KB) as the app shell`);
