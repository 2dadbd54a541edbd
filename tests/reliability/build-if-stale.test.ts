/**
 * `npm start` builds only when it must (scripts/build-if-stale.mjs): with no build it
 * builds; with a build newer than every source it starts at once; a changed source file
 * (in app/, package-lock.json or patches/), browser assets gone, or a file saved while the
 * last build ran, and it builds again. The script runs for real, with the real
 * `remix build`, on a small Remix app in a temporary folder (the project's own build/ is
 * left alone, as other tests use it).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = path.join(process.cwd(), "scripts", "build-if-stale.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-build-"));
const at = (...p: string[]) => path.join(dir, ...p);

const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "build-if-stale-fixture", private: true, type: "module", sideEffects: false }),
  "package-lock.json": JSON.stringify({ name: "build-if-stale-fixture", lockfileVersion: 3, requires: true, packages: {} }),
  "patches/example+1.0.0.patch": "",
  "remix.config.js": fs.readFileSync(path.join(process.cwd(), "remix.config.js"), "utf8"),
  "app/root.tsx": `import { Outlet, Scripts } from "@remix-run/react";
export default function App() {
  return (<html lang="en"><head><title>fixture</title></head><body><Outlet /><Scripts /></body></html>);
}
`,
  "app/routes/_index.tsx": `export default function Index() {
  return <p>Hello</p>;
}
`,
  "app/entry.client.tsx": `import { RemixBrowser } from "@remix-run/react";
import { hydrateRoot } from "react-dom/client";
hydrateRoot(document, <RemixBrowser />);
`,
  "app/entry.server.tsx": `import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  headers.set("Content-Type", "text/html");
  return new Response("<!DOCTYPE html>" + renderToString(<RemixServer context={context} url={request.url} />), { status, headers });
}
`,
  // What scripts/build-sw.mjs writes after `remix build` (the service worker, the small script
  // named in build/enhance.json), in miniature.
  "public/enhance.js": "document.documentElement.dataset.enhanced = '';\n",
  "scripts/build-sw.mjs": `import fs from "node:fs";
fs.mkdirSync("public/build", { recursive: true });
fs.copyFileSync("public/enhance.js", "public/build/enhance-fixture.js");
fs.mkdirSync("build", { recursive: true });
fs.writeFileSync("build/enhance.json", JSON.stringify({ src: "/build/enhance-fixture.js" }));
fs.writeFileSync("public/sw.js", "// service worker\\n");
`,
};

type Start = { built: boolean; output: string; ms: number; startedAt: number; endedAt: number };

/** What `npm start` runs before the server, in the fixture folder. */
async function start(): Promise<Start> {
  const startedAt = Date.now();
  const { stdout, stderr } = await run(process.execPath, [SCRIPT], { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, timeout: 240_000 });
  const endedAt = Date.now();
  const output = stdout + stderr;
  return { built: /^building: /m.test(output), output, ms: endedAt - startedAt, startedAt, endedAt };
}

/** Sets a file's modification time, as an editor saving it or `git pull` changing it would. */
function touch(file: string, when = new Date()): void {
  fs.utimesSync(at(file), when, when);
}

const serverBuildTime = () => fs.statSync(at("build", "index.js")).mtimeMs;

beforeAll(() => {
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    fs.writeFileSync(at(file), text);
  }
  fs.symlinkSync(path.join(process.cwd(), "node_modules"), at("node_modules"), "dir");
  // Sources written a minute ago, so "after the last build" is not decided by the clock's resolution.
  const earlier = new Date(Date.now() - 60_000);
  for (const file of Object.keys(FILES)) touch(file, earlier);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm start builds only when the build is missing or older than the sources", () => {
  it("builds when there is no build (a fresh clone)", async () => {
    const first = await start();
    expect(first.output).toContain("building: there is no build yet");
    expect(first.built).toBe(true);
    const manifest = /"\/build\/(manifest-[A-Za-z0-9]+\.js)"/.exec(fs.readFileSync(at("build", "index.js"), "utf8"))?.[1];
    expect(manifest).toBeTruthy();
    expect(fs.existsSync(at("public", "build", manifest!))).toBe(true);
  }, 240_000);

  it("starts without building when the build is newer than every source", async () => {
    const builtAt = serverBuildTime();
    const again = await start();
    expect(again.output).toContain("build is up to date");
    expect(again.built).toBe(false);
    expect(serverBuildTime()).toBe(builtAt);
  }, 60_000);

  it.each(["app/routes/_index.tsx", "package-lock.json", "patches/example+1.0.0.patch"])(
    "builds again after %s changes, then not again",
    async (file) => {
      touch(file);
      const changed = await start();
      expect(changed.output).toContain(`building: ${file} changed after the last build`);
      expect((await start()).built).toBe(false);
    },
    240_000,
  );

  it("builds again when the browser assets are gone", async () => {
    fs.rmSync(at("public", "build"), { recursive: true });
    const gone = await start();
    expect(gone.output).toContain("building: the browser assets of the last build are missing");
    expect(fs.readdirSync(at("public", "build")).some((f) => f.startsWith("manifest-"))).toBe(true);
  }, 240_000);

  it("builds again after a `remix build` alone (its small script and its service worker are the other step's)", async () => {
    expect(fs.existsSync(at("public", "build", "enhance-fixture.js"))).toBe(true);
    // `remix build` empties public/build and writes a new manifest; the small script is gone, build/enhance.json still names it.
    const remix = path.join(process.cwd(), "node_modules", "@remix-run", "dev", "dist", "cli.js");
    await run(process.execPath, [remix, "build"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, timeout: 240_000 });
    expect(fs.existsSync(at("public", "build", "enhance-fixture.js"))).toBe(false);
    const after = await start();
    expect(after.output).toContain("building: the enhancement script of the last build is missing");
    expect(fs.existsSync(at("public", "build", "enhance-fixture.js"))).toBe(true);
    expect((await start()).built).toBe(false);
    fs.rmSync(at("public", "sw.js"));
    expect((await start()).output).toContain("building: the service worker of the last build is missing");
    expect(fs.existsSync(at("public", "sw.js"))).toBe(true);
  }, 480_000);

  it("builds again when a file was saved while the last build ran", async () => {
    touch("app/root.tsx");
    const during = await start();
    expect(during.built).toBe(true);
    // A save two thirds of the way through the build: the build is dated to when it started, so the file is newer.
    const savedAt = new Date(during.startedAt + ((during.endedAt - during.startedAt) * 2) / 3);
    touch("app/routes/_index.tsx", savedAt);
    expect(serverBuildTime()).toBeLessThan(savedAt.getTime());
    expect((await start()).output).toContain("building: app/routes/_index.tsx changed after the last build");
  }, 240_000);

  it("stops, without starting the server, when the build fails", async () => {
    fs.writeFileSync(at("app", "routes", "broken.tsx"), "export default function Broken( {\n");
    await expect(start()).rejects.toMatchObject({ code: 1 });
    fs.rmSync(at("app", "routes", "broken.tsx"));
    // The failed build emptied the browser assets, so the next start builds rather than serve half a build.
    expect((await start()).output).toContain("building: the browser assets of the last build are missing");
  }, 240_000);
});
