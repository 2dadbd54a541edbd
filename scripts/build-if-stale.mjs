/**
 * node scripts/build-if-stale.mjs   (the first step of `npm start`)
 *
 * Builds the app (`remix build`) only when there is no complete build or a source changed
 * after it was made, so restarting the intranet takes the server's own few seconds rather
 * than a build's ten to forty (docs/decisions/068-build-only-when-stale.md).
 *
 * - The build is build/index.js (the server) and the browser assets it names
 *   (public/build/manifest-<hash>.js), and, where scripts/build-sw.mjs exists, the service
 *   worker and the small script of reading pages it writes (public/sw.js, the file
 *   build/enhance.json names in public/build). It is missing when any is: `remix build`
 *   empties public/build first, so a build that failed halfway, or a `remix build` run
 *   alone (without the step that writes the small script), is missing, never "fresh".
 * - The sources are app/, remix.config.js, tsconfig.json, package-lock.json and patches/:
 *   the build is stale when any file there was modified after build/index.js.
 * - After building, build/index.js is dated to when the build started, so a file saved
 *   while the build ran counts as newer and the next start builds again.
 *
 * Works in the current directory (npm runs scripts in the project folder). Plain Node, no
 * TypeScript loader: this runs on every start. Exits with the build's code if it fails.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const SOURCES = ["app", "remix.config.js", "tsconfig.json", "package-lock.json", "patches", "scripts/sw", "public/enhance.js"];
const SERVER_BUILD = path.join(root, "build", "index.js");
const ASSETS_DIR = path.join(root, "public", "build");
/** Writes public/sw.js after a build (decision 124); a project without it has no service worker. */
const SW_SCRIPT = path.join(root, "scripts", "build-sw.mjs");

/** Why a build is needed, or null when the build on disk is complete and newer than every source. */
function staleness() {
  let built;
  try {
    built = fs.statSync(SERVER_BUILD).mtimeMs;
  } catch {
    return "there is no build yet";
  }
  const manifest = /"\/build\/(manifest-[A-Za-z0-9]+\.js)"/.exec(fs.readFileSync(SERVER_BUILD, "utf8"))?.[1];
  if (!manifest || !fs.existsSync(path.join(ASSETS_DIR, manifest))) return "the browser assets of the last build are missing";
  if (fs.existsSync(SW_SCRIPT)) {
    if (!fs.existsSync(path.join(root, "public", "sw.js"))) return "the service worker of the last build is missing";
    // The reading pages' small script (decision 215), which `remix build` alone removes with the rest of public/build.
    if (!enhancementScriptPresent()) return "the enhancement script of the last build is missing";
  }
  const newer = newestSource();
  if (newer && newer.mtimeMs > built) return `${path.relative(root, newer.file)} changed after the last build`;
  return null;
}

/** Whether build/enhance.json names a script that is in public/build (scripts/build-sw.mjs writes both). */
function enhancementScriptPresent() {
  try {
    const { src } = JSON.parse(fs.readFileSync(path.join(root, "build", "enhance.json"), "utf8"));
    return typeof src === "string" && /^\/build\/[\w.-]+$/.test(src) && fs.existsSync(path.join(ASSETS_DIR, src.slice("/build/".length)));
  } catch {
    return false;
  }
}

/** The most recently modified source file (folders are walked; ones that do not exist are skipped). */
function newestSource() {
  let newest = null;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else if (!newest || stat.mtimeMs > newest.mtimeMs) newest = { file, mtimeMs: stat.mtimeMs };
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

const reason = staleness();
if (reason === null) {
  console.log("build is up to date; not rebuilding");
} else {
  console.log(`building: ${reason}`);
  const started = new Date();
  const remix = path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js");
  if (!fs.existsSync(remix)) {
    console.error("cannot build: @remix-run/dev is not installed (install with dev dependencies, e.g. `npm ci`, then `npm run build`)");
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [remix, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(result.error ? `could not run remix build: ${result.error.message}` : "remix build failed; not starting the server");
    process.exit(result.status || 1);
  }
  // The service worker lists the build's files (decision 124).
  const sw = fs.existsSync(SW_SCRIPT) ? spawnSync(process.execPath, [SW_SCRIPT], { cwd: root, stdio: "inherit" }) : { status: 0 };
  if (sw.status !== 0) {
    console.error("building the service worker failed; not starting the server");
    process.exit(sw.status || 1);
  }
  fs.utimesSync(SERVER_BUILD, started, started);
}
