/** Sign-in attempts and locks (migrations/030). The policy lives in utils/rate-limit.server.ts. */
import type { Queryable } from "~/utils/db.server";

export type AttemptOutcome = "pending" | "failure" | "success";

export async function insertSignInAttempt(q: Queryable, account: string, address: string, at: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO sign_in_attempts (at, account, address, outcome) VALUES (?, ?, ?, 'pending')", [at, account, address]);
  return lastID;
}

export async function setAttemptOutcome(q: Queryable, id: number, outcome: Exclude<AttemptOutcome, "pending">): Promise<{ account: string; address: string } | undefined> {
  await q.run("UPDATE sign_in_attempts SET outcome = ? WHERE id = ?", [outcome, id]);
  return q.get<{ account: string; address: string }>("SELECT account, address FROM sign_in_attempts WHERE id = ?", [id]);
}

/**
 * Failed (and, with `includePending`, not yet decided) attempts for one account since
 * `since`, not counting those before the account's last successful sign-in or before an
 * administrator lifted its lock.
 */
export async function countAccountFailures(q: Queryable, account: string, since: string, includePending: boolean): Promise<number> {
  const row = await q.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM sign_in_attempts
      WHERE account = ? AND at >= ? AND outcome IN ('failure', ?)
        AND at >= COALESCE((SELECT MAX(at) FROM sign_in_attempts WHERE account = ? AND outcome = 'success'), '')
        AND at >= COALESCE((SELECT at FROM sign_in_resets WHERE account = ?), '')`,
    [account, since, includePending ? "pending" : "failure", account, account],
  );
  return row?.n ?? 0;
}

export async function countAddressFailures(q: Queryable, address: string, since: string, includePending: boolean): Promise<number> {
  const row = await q.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM sign_in_attempts WHERE address = ? AND at >= ? AND outcome IN ('failure', ?)",
    [address, since, includePending ? "pending" : "failure"],
  );
  return row?.n ?? 0;
}

export async function findLock(q: Queryable, key: string, now: string): Promise<string | undefined> {
  const row = await q.get<{ lockedUntil: string }>("SELECT locked_until AS lockedUntil FROM sign_in_locks WHERE key = ? AND locked_until > ?", [key, now]);
  return row?.lockedUntil;
}

/** Sets a lock unless a live one exists; returns whether a new lock was made. */
export async function placeLock(q: Queryable, key: string, until: string, now: string): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT INTO sign_in_locks (key, locked_until, created_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET locked_until = excluded.locked_until, created_at = excluded.created_at
       WHERE sign_in_locks.locked_until <= excluded.created_at`,
    [key, until, now],
  );
  return changes > 0;
}

export async function removeLock(q: Queryable, key: string): Promise<boolean> {
  return (await q.run("DELETE FROM sign_in_locks WHERE key = ?", [key])).changes > 0;
}

/** After an admin lifts a lock, earlier failures no longer count towards the next one. */
export async function forgiveAccountFailures(q: Queryable, account: string, at: string): Promise<void> {
  await q.run("INSERT INTO sign_in_resets (account, at) VALUES (?, ?) ON CONFLICT(account) DO UPDATE SET at = excluded.at", [account, at]);
}

/** Attempts and locks older than `before` say nothing any more. */
export async function pruneSignInAttempts(q: Queryable, before: string): Promise<void> {
  await q.run("DELETE FROM sign_in_attempts WHERE at < ?", [before]);
  await q.run("DELETE FROM sign_in_locks WHERE locked_until < ?", [before]);
}
