/**
 * Nothing the server runs installs promise hooks. On Node 20 the first
 * `AsyncLocalStorage#run` (or any `async_hooks.createHook().enable()`) makes every promise of
 * the process call into async_hooks from then on, which every page pays for (issue 17: it
 * showed in the home page's profile as promiseInitHook once an import had tracked its
 * object-store puts that way). Pass context explicitly instead (see noteObjectPut).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe("promise hooks", () => {
  it("no server code imports node:async_hooks (AsyncLocalStorage, createHook)", () => {
    const offenders = [...sources("app"), "server.js"].filter((f) => /from\s+["'](node:)?async_hooks["']|require\(["'](node:)?async_hooks["']\)/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
