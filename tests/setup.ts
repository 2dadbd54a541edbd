/**
 * Runs before each unit/integration test file (in that file's own process): points the
 * app at a fresh temporary database, and removes it afterwards.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { adminQuery, createdTestDatabases, newTestPostgresDatabase } from "./postgres/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-test-"));
process.env.DATABASE_PATH = path.join(dir, `${crypto.randomUUID()}.db`);
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? "silent";
process.env.CONTENT_DIR = process.env.CONTENT_DIR ?? path.join(process.cwd(), "content");

// `npm run test:unit:pg`: this file gets its own PostgreSQL database, copied from the migrated
// template (tests/postgres/global-setup.ts).
const pgUrl = await newTestPostgresDatabase();
if (pgUrl) process.env.DATABASE_URL = pgUrl;
resetEnvForTests();

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
  const pgAdmin = process.env.TEST_PG_ADMIN_URL;
  if (pgAdmin) for (const name of createdTestDatabases.splice(0)) await adminQuery(pgAdmin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
});
