/**
 * SQL lives in app/models (docs/architecture.md). Every file under app/ outside it is read
 * at test time and fails here if it calls the database with SQL text: `.run(`, `.all(`,
 * `.get(`, `.exec(`, `.each(` or `.prepare(` whose first argument is a string starting with
 * a SQL statement. Fragments that models splice into their queries (the audience rule's
 * `visibleItemsSql`) are not calls and are allowed. scripts/ and tests/ are not checked.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** The database layer itself, and why. Nothing else may be added here without a reason. */
const EXEMPT: Record<string, string> = {
  "app/utils/db.server.ts": "the sqlite3 wrapper: connection PRAGMAs, checkpoints and transactions",
  "app/utils/migrate.server.ts": "applies migrations/*.sql and records them, before any model can run",
};

const QUERY_CALL = /\.(run|all|get|exec|each|prepare)\s*(<[^()]*?>)?\(\s*[`"']\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|PRAGMA|CREATE|DROP|ALTER|BEGIN|VACUUM)\b/gi;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

function sqlCallsIn(source: string): string[] {
  return [...source.matchAll(QUERY_CALL)].map((m) => m[0].replace(/\s+/g, " "));
}

describe("SQL only in app/models", () => {
  const root = process.cwd();
  const files = filesUnder(path.join(root, "app")).map((f) => path.relative(root, f).split(path.sep).join("/"));

  it("finds query calls (the check itself works)", () => {
    expect(sqlCallsIn('await db.all<{ id: number }>("SELECT id FROM items")')).toHaveLength(1);
    expect(sqlCallsIn("await tx.run(\n  `UPDATE items SET title = ?`, [t])")).toHaveLength(1);
    expect(sqlCallsIn("q.get(`SELECT 1`)")).toHaveLength(1);
    expect(sqlCallsIn('map.get("selected")')).toHaveLength(0);
    expect(sqlCallsIn("params.get(key)")).toHaveLength(0);
    expect(files.filter((f) => f.startsWith("app/models/")).some((f) => sqlCallsIn(fs.readFileSync(f, "utf8")).length > 0)).toBe(true);
  });

  it("no file outside app/models runs SQL", () => {
    const offenders = files
      .filter((f) => !f.startsWith("app/models/") && !(f in EXEMPT))
      .flatMap((f) => sqlCallsIn(fs.readFileSync(path.join(root, f), "utf8")).map((call) => `${f}: ${call}`));
    expect(offenders, "move these queries into a model in app/models").toEqual([]);
  });

  it("every exemption still exists and still needs to be one", () => {
    for (const file of Object.keys(EXEMPT)) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
      expect(sqlCallsIn(fs.readFileSync(path.join(root, file), "utf8")).length, `${file} no longer runs SQL: remove it from EXEMPT`).toBeGreaterThan(0);
    }
  });
});
