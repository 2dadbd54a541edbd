/**
 * npm run migrate: applies new migrations in migrations/ to DATABASE_PATH (the server also
 * does this at start-up) and lists what it applied.
 */
import { Database } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { migrate } from "~/utils/migrate.server";

const file = getEnv().DATABASE_PATH;
const db = await Database.open(file);
try {
  const applied = await migrate(db);
  console.log(applied.length ? `Applied to ${file}:\n${applied.map((m) => `  ${m}`).join("\n")}` : `${file} is up to date.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
