/**
 * Every table in the intranet's pages is drawn by ScrollTable, which puts it in a scrolling
 * region named by its caption that takes keyboard focus: at 320 px a wide table then scrolls
 * inside the region, not the page, and keyboard users can scroll it. A `<table>` written
 * anywhere else in a component or route would scroll without keyboard access
 * (axe: scrollable-region-focusable); this test finds each one.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(__dirname, "../../app");

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsxFiles(full) : e.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("tables scroll inside focusable regions", () => {
  it("no component or route writes <table> itself: ScrollTable does", () => {
    const files = tsxFiles(APP);
    expect(files.length).toBeGreaterThan(100);
    const users = files.filter((f) => fs.readFileSync(f, "utf8").includes("<ScrollTable"));
    expect(users.length, "pages that draw tables through ScrollTable").toBeGreaterThan(20);
    const offenders = files
      .filter((f) => !f.endsWith(path.join("components", "ScrollTable.tsx")))
      .flatMap((f) => fs.readFileSync(f, "utf8").split("\n").map((line, i) => ({ f, line, i })))
      .filter(({ line }) => /<table[\s>]/.test(line))
      .map(({ f, i }) => `${path.relative(APP, f)}:${i + 1} writes <table>: use <ScrollTable caption=…> from ~/components/ScrollTable`);
    expect(offenders).toEqual([]);
  });
});
