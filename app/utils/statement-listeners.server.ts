/**
 * A hook on every SQL statement the data layer runs (app/utils/db.server.ts and
 * db-postgres.server.ts call `noteStatement`). Tests count statements per page with it
 * (tests/pages/statements.test.ts, decision 245); nothing in the app listens.
 */
/** Told of every statement a connection runs. */
export type StatementListener = (sql: string) => void;
const statementListeners = new Set<StatementListener>();

/**
 * Calls `listener` with the SQL of every statement run on any database of this process, before
 * it runs (SQLite and PostgreSQL, inside transactions too; not BEGIN/COMMIT or migrations).
 * For tests (tests/pages/statements.test.ts counts statements per page); returns the stop
 * function. With no listener the cost is one size check per statement.
 */
export function onStatement(listener: StatementListener): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}

/** Tells the listeners of a statement about to run (the data layer's two drivers call it). */
export function noteStatement(sql: string): void {
  if (statementListeners.size === 0) return;
  for (const listener of statementListeners) listener(sql);
}

