/**
 * vitest globalSetup for `npm run test:unit:pg` (decision 100): starts one PostgreSQL server,
 * migrates a template database once, and tells every test file (tests/setup.ts) where to
 * create its own database from that template.
 */
import { PostgresDatabase } from "~/utils/db-postgres.server";
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
  };
}
