/**
 * The health check's probes (/healthcheck): a read through the reader connection, and a
 * transaction that takes the write lock and commits nothing.
 */
import type { Queryable } from "~/utils/db.server";

/** Reads the migrations table: fails when the file cannot be read. */
export async function probeRead(q: Queryable): Promise<void> {
  await q.get("SELECT name FROM schema_migrations LIMIT 1");
}

/** Run inside a transaction (BEGIN IMMEDIATE): fails when the write lock cannot be had. */
export async function probeInTransaction(tx: Queryable): Promise<void> {
  await tx.get("SELECT COUNT(*) AS n FROM schema_migrations");
}
