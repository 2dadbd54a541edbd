/**
 * Printed at the end of `npm run test:unit:pg` (decision 200), after vitest's summary: exactly
 * what of the unit suite did NOT run on PostgreSQL and why — the test files left out
 * (tests/postgres/excluded.ts) and the single tests skipped there with a reason
 * (tests/postgres/only.ts). Nobody should mistake the run for more than it is.
 */
import fs from "node:fs";
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { NOT_ON_POSTGRES } from "./excluded";

export default class NotOnPostgresReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (process.env.PG_TESTS === "all") return;
    const root = process.cwd();
    const all = [...listTests(root, "tests"), ...listTests(root, "app")].filter((f) => !f.startsWith("tests/e2e/"));
    const ran = new Set(modules.map((m) => path.relative(root, m.moduleId).split(path.sep).join("/")));
    const notRun = all.filter((f) => !ran.has(f) && f in NOT_ON_POSTGRES).sort();
    const notSelected = all.filter((f) => !ran.has(f) && !(f in NOT_ON_POSTGRES)).length;
    const skipped: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const r = t.result();
        if (r.state === "skipped" && r.note) skipped.push(`  ${path.relative(root, m.moduleId)} > ${t.fullName}: ${r.note}`);
      }
    }
    const out = [`\nOn PostgreSQL: ${ran.size} of ${all.length} test files ran.`];
    if (notRun.length) {
      out.push(`Not run on PostgreSQL (${notRun.length}; tests/postgres/excluded.ts):`);
      for (const f of notRun) out.push(`  ${f}: ${NOT_ON_POSTGRES[f]}`);
    }
    if (notSelected) out.push(`(${notSelected} other test files were not selected by this run's file filter.)`);
    if (skipped.length) out.push(`Skipped on PostgreSQL (${skipped.length} tests):`, ...skipped);
    console.log(out.join("\n"));
  }
}

function listTests(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f).split(path.sep).join("/"));
}
