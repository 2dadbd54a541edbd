/** The command-line scripts as authors and CI run them: output, exit codes, no writes from check-content. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { newTestPostgresDatabase } from "../postgres/server";
import { copyFixture, scratchDir } from "./helpers";

/** A new database for the scripts: a file, or under `npm run test:unit:pg` a new PostgreSQL database too. */
async function newDatabase(name: string, options: { empty?: boolean } = {}): Promise<{ DATABASE_PATH: string; DATABASE_URL?: string }> {
  const DATABASE_PATH = path.join(scratchDir(name), "intranet.db");
  const url = await newTestPostgresDatabase(options);
  return url ? { DATABASE_PATH, DATABASE_URL: url } : { DATABASE_PATH };
}

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), `scripts/${script}`, ...args], {
    cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: "silent", ...env }, encoding: "utf8", timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("npm run import", () => {
  test("prints a summary, exits 1 when a file failed, and imports folders with --dir", { timeout: 180_000 }, async () => {
    const content = copyFixture("content-basic");
    const database = await newDatabase("cli-db");
    const first = run("import.ts", ["--content", content], database);
    expect(first.out).toMatch(/created\s+11\n/);
    expect(first.out).toMatch(/errors\s+0/);
    expect(first.code).toBe(0);

    fs.writeFileSync(path.join(content, "guides/bad-dates.md"), "---\ntitle: Bad dates\ndepartment: housing\nowner: chris.champion@testborough.gov.uk\nlast_reviewed: 2026-01-01\nreview_by: 31/12/2026\n---\nText.\n");
    const second = run("import.ts", ["--content", content], database);
    expect(second.out).toMatch(/unchanged\s+11\n/);
    expect(second.out).toMatch(/Not imported \(fix these and import again\):\n\s+.*guides\/bad-dates\.md:6: review_by: Enter a date like 2027-05-02/);
    expect(second.code).toBe(1);

    const docs = copyFixture("content-docs");
    const dir = run("import.ts", ["--dir", docs, "--type", "guide", "--department", "housing", "--content", content], { ...database, CONTENT_DIR: content });
    expect(dir.out).toMatch(/created\s+5\n/);
    expect(dir.code).toBe(0);

    // A folder from another tool with odd front matter imports whole; what was odd is a warning (file:line), not an error.
    const foreign = run("import.ts", ["--dir", copyFixture("foreign-docs/toml-site"), "--type", "guide", "--department", "housing"], { ...database, CONTENT_DIR: content });
    expect(foreign.out).toMatch(/created\s+6\n/);
    expect(foreign.out).toMatch(/errors\s+0\n/);
    expect(foreign.out).toMatch(/Warnings:\n(?:\s+.*\n)*\s+\S*inspections\/site-visits\.md:18: summary: This field is given more than once \(first on line 3\); the last value was used\n/);
    expect(foreign.code).toBe(0);

    const wrong = run("import.ts", ["--dir", docs, "--type", "guide", "--department", "parks"], { ...database, CONTENT_DIR: content });
    expect(wrong.out).toContain("--department: there is no department called parks");
    expect(wrong.code).toBe(2);
  });
});

describe("npm run migrate", () => {
  test("applies the migrations once and then says the database is up to date", { timeout: 120_000 }, async () => {
    const database = await newDatabase("migrate-db", { empty: true });
    const first = run("migrate.ts", [], database);
    expect(first.out).toContain("001_content_model.sql");
    expect(first.out).toContain("010_glossary_terms.sql");
    expect(first.code).toBe(0);
    const second = run("migrate.ts", [], database);
    expect(second.out).toContain("is up to date");
    expect(second.code).toBe(0);
  });
});

describe("npm run check-content", () => {
  test("passes good content, lists every problem with file and line, and never creates a database", () => {
    const content = copyFixture("content-basic");
    const DATABASE_PATH = path.join(scratchDir("check-db"), "never.db");
    const good = run("check-content.ts", ["--content", content], { DATABASE_PATH });
    expect(good.out).toContain("11 files checked, no problems.");
    expect(good.code).toBe(0);

    fs.writeFileSync(path.join(content, "announcements/wrong-channel.md"), "---\ntitle: Hi\nsummary: Hello.\ndepartment: housing\nchannels: [housing-news, bins]\n---\nText.\n");
    fs.writeFileSync(path.join(content, "guides/claim-mileage-copy.md"), fs.readFileSync(path.join(content, "guides/claim-mileage.md"), "utf8").replace("department: finance", "department: finance\nslug: claim-mileage"));
    const bad = run("check-content.ts", ["--content", content], { DATABASE_PATH });
    expect(bad.out).toMatch(/announcements\/wrong-channel\.md:5: channels\[1\]: There is no channel called bins/);
    expect(bad.out).toMatch(/guides\/claim-mileage-copy\.md:4: slug: .*guides\/claim-mileage\.md already uses the slug claim-mileage/);
    expect(bad.out).toContain("2 problems.");
    expect(bad.code).toBe(1);
    expect(fs.existsSync(DATABASE_PATH)).toBe(false);
  });
});
