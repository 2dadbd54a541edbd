/** Shared by the import tests: a fresh database per test and a writable copy of a fixture folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb, getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { newTestPostgresDatabase } from "../postgres/server";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-import-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let n = 0;

/** Points the app at a new empty database (migrated on first use). */
export async function freshDatabase() {
  await closeDb();
  process.env.DATABASE_PATH = path.join(scratch, `db-${++n}.db`);
  // Under `npm run test:unit:pg` a fresh database is a new PostgreSQL database (decision 100).
  const pgUrl = await newTestPostgresDatabase();
  if (pgUrl) process.env.DATABASE_URL = pgUrl;
  resetEnvForTests();
  return getDb();
}

/** A copy of tests/fixtures/<name> the test may change. */
export function copyFixture(name: string): string {
  const dir = path.join(scratch, String(++n), name);
  fs.cpSync(path.join(process.cwd(), "tests", "fixtures", name), dir, { recursive: true });
  return dir;
}

export function scratchDir(name: string): string {
  const dir = path.join(scratch, `${name}-${++n}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Replaces text in a file, failing loudly if the text is not there (a typo in a test). */
export function edit(file: string, from: string | RegExp, to: string): void {
  const before = fs.readFileSync(file, "utf8");
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit: ${String(from)} not found in ${file}`);
  fs.writeFileSync(file, after);
}
