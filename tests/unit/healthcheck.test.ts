/**
 * The health check compares DATABASE_PATH with the file as this process opened it, not as
 * it first checked it: a cluster worker may be asked for the first time only after a
 * forced restore replaced the file.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/healthcheck";
import { getDb } from "~/utils/db.server";

// A replaced database FILE is a SQLite matter; on PostgreSQL (DATABASE_URL) there is no file.
describe.skipIf(Boolean(process.env.DATABASE_URL))("/healthcheck", () => {
  it("answers 503 once the database file is replaced, even when first asked after that", async () => {
    const db = await getDb();
    if (db.dialect !== "sqlite") throw new Error("SQLite only");
    const copy = `${db.file}.replacement`;
    await db.backupTo(copy);
    // Not asked yet: the first question comes after the file was swapped.
    fs.renameSync(copy, db.file);
    const res = await loader();
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/unavailable/i);
  });
});
