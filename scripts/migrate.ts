/**
 * npm run migrate: applies new migrations in migrations/ to the configured database (the
 * server also does this at start-up) and lists what it applied: DATABASE_URL (PostgreSQL,
 * decision 100) or DATABASE_PATH (SQLite).
 */
import { openConfiguredDatabase } from "~/utils/db.server";
import { migrate } from "~/utils/migrate.server";

let db: Awaited<ReturnType<typeof openConfiguredDatabase>> | undefined;
try {
  db = await openConfiguredDatabase();
  const applied = await migrate(db);
  console.log(applied.length ? `Applied to ${db.file}:\n${applied.map((m) => `  ${m}`).join("\n")}` : `${db.file} is up to date.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db?.close();
}
