import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationFiles, migrationSource } from "~/utils/migrate.server";

/** Decision 100: which migration files apply on which database, under which recorded name. */
describe("migration files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migration-files-"));
  for (const f of ["001_a.sql", "002_b.sql", "002_b.postgres.sql", "003_c.sqlite.sql", "003_c.postgres.sql", "004_d.sqlite.sql", "notes.md", "05_bad.sql"]) {
    fs.writeFileSync(path.join(dir, f), "-- x\n");
  }

  it("records .sql and .sqlite.sql files by name, in order; .postgres.sql files are twins, never names", () => {
    expect(migrationFiles(dir)).toEqual(["001_a.sql", "002_b.sql", "003_c.sqlite.sql", "004_d.sqlite.sql"]);
  });

  it("takes the .postgres.sql twin on PostgreSQL only", () => {
    expect(migrationSource(dir, "002_b.sql", "sqlite")).toBe("002_b.sql");
    expect(migrationSource(dir, "002_b.sql", "postgres")).toBe("002_b.postgres.sql");
    expect(migrationSource(dir, "003_c.sqlite.sql", "postgres")).toBe("003_c.postgres.sql");
    expect(migrationSource(dir, "004_d.sqlite.sql", "postgres")).toBe("004_d.sqlite.sql");
    expect(migrationSource(dir, "001_a.sql", "postgres")).toBe("001_a.sql");
  });

  it("the repository's own migrations all have names the runner accepts", () => {
    const names = fs.readdirSync(path.join(process.cwd(), "migrations")).filter((f) => f.endsWith(".sql"));
    const accepted = new Set(migrationFiles(path.join(process.cwd(), "migrations")));
    for (const n of names) expect(accepted.has(n) || /\.postgres\.sql$/.test(n), n).toBe(true);
  });
});
