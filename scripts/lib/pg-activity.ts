/**
 * What PostgreSQL's backends are doing while a benchmark target runs (`npm run bench:http --
 * --postgres --pg-activity`, decision 250): `pg_stat_activity` and the ungranted `pg_locks`
 * sampled every `everyMs`, then summarised as the share of samples in each state — running
 * (on CPU, or waiting on I/O, a lock, the client), by statement — and the locks waited for.
 * Also the database's committed and rolled-back transactions over the run (a rollback is
 * mostly a SERIALIZABLE retry). A sample is one look at every backend of the database but the sampler's own.
 */
import pg from "pg";

type Key = string;

export type ActivitySampler = { stop: () => Promise<string[]> };

export async function sampleActivity(url: string, everyMs = 20): Promise<ActivitySampler> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counters = async () =>
    (await client.query<{ c: number; r: number; d: number }>("SELECT xact_commit::float8 AS c, xact_rollback::float8 AS r, deadlocks::float8 AS d FROM pg_stat_database WHERE datname = current_database()")).rows[0];
  const first = await counters();
  const states = new Map<Key, number>();
  const locks = new Map<Key, number>();
  let samples = 0;
  let backendsSeen = 0;
  let stopped = false;
  const add = (m: Map<Key, number>, k: Key) => m.set(k, (m.get(k) ?? 0) + 1);
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const { rows } = await client.query<{ state: string | null; wt: string | null; w: string | null; q: string }>(
          `SELECT state, wait_event_type AS wt, wait_event AS w, regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS q
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        const waiting = await client.query<{ what: string }>(
          `SELECT l.locktype || ' ' || l.mode || ' ' || COALESCE(l.relation::regclass::text, l.objid::text, l.transactionid::text, '') AS what
             FROM pg_locks l WHERE NOT l.granted`,
        );
        samples++;
        backendsSeen += rows.length;
        for (const r of rows) {
          if (r.state === "idle") continue;
          const doing = r.state === "active" ? (r.wt ? `waits ${r.wt}:${r.w}` : "runs") : r.state ?? "?";
          add(states, `${doing.padEnd(34)} ${r.state === "active" ? r.q : ""}`);
        }
        for (const l of waiting.rows) add(locks, l.what);
      } catch {
        /* a sample lost; the next one counts */
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      const last = await counters().catch(() => first);
      await client.end().catch(() => undefined);
      const top = (m: Map<Key, number>, n: number) =>
        [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, c]) => `    ${(c / Math.max(1, samples)).toFixed(2).padStart(6)}  ${k}`);
      return [
        `  transactions committed ${last.c - first.c}, rolled back ${last.r - first.r} (serialization failures and other retries among them), deadlocks ${last.d - first.d}`,
        `  ${samples} samples, ${(backendsSeen / Math.max(1, samples)).toFixed(1)} backends on average; busy backends per sample, by state and statement:`,
        ...top(states, 12),
        ...(locks.size ? ["  lock waits per sample:", ...top(locks, 6)] : ["  no lock waits seen"]),
      ];
    },
  };
}
