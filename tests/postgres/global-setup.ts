/**
 * vitest globalSetup for `npm run test:unit:pg` (decision 100): starts one PostgreSQL server,
 * migrates a template database once, and tells every test file (tests/setup.ts) where to
 * create its own database from that template.
 */
import { PostgresDatabase } from "~/utils/db-postgres.server";
import fs from "node:fs";
import path from "node:path";
import { KNOWN_FAILURES, VERIFIED_ON_POSTGRES } from "./excluded";
import { adminQuery, startTestPostgres, type TestPostgres } from "./server";

const TEMPLATE = "intranet_template";
let server: TestPostgres | undefined;

export default async function setup(): Promise<() => Promise<void>> {
  const started = Date.now();
  server = await startTestPostgres();
  try {
    await adminQuery(server.adminUrl, `CREATE DATABASE ${TEMPLATE}`);
    const db = await PostgresDatabase.open(server.urlFor(TEMPLATE));
    try {
      await db.migrate(process.env.MIGRATIONS_DIR ?? `${process.cwd()}/migrations`);
    } finally {
      await db.close();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  process.env.TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.TEST_PG_TEMPLATE = TEMPLATE;
  console.log(`PostgreSQL for tests on ${server.adminUrl.replace(/:[^:@/]+@/, ":***@")} (ready in ${Date.now() - started} ms)`);
  return async () => {
    await server?.stop();
    if (process.env.PG_TESTS === "all") return;
    const all = [...listTests("tests"), ...listTests("app")].filter((f) => !f.startsWith("tests/e2e/"));
    const notRun = all.filter((f) => !VERIFIED_ON_POSTGRES.includes(f)).sort();
    console.log(`\nNot run on PostgreSQL: ${notRun.length} of ${all.length} test files (tests/postgres/excluded.ts; PG_TESTS=all runs them):`);
    for (const f of notRun) console.log(`  ${f}: ${KNOWN_FAILURES[f] ?? "not yet verified on PostgreSQL"}`);
  };
}

function listTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f).split(path.sep).join("/"));
}
