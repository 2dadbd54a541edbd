/**
 * axe-core in the real page: injects the library and runs the WCAG 2.0/2.1/2.2 A and AA
 * rules. Returns the violations in a readable shape, so a failing test says what and where.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

export default class AxeBuilder {
  constructor(private page: Page) {}

  async violations(): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
    // Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
    if (!(await this.page.evaluate("typeof window.axe === 'object'"))) await this.page.evaluate(axeSource);
    const result = await this.page.evaluate(async (tags) => {
      // @ts-expect-error axe is injected above
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return r.violations.map((v: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
      }));
    }, WCAG_TAGS);
    return result;
  }
}
