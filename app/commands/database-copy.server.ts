/**
 * Copies a whole intranet from one database to another (`npm run db:copy`, decision 225):
 * SQLite → PostgreSQL when a council moves to several app servers, and back.
 *
 * 1. The source must carry exactly the migrations this version knows (else: migrate it, or
 *    update the intranet first); it is only read, on one consistent snapshot.
 * 2. The target is migrated to the same schema, then must hold no content (only what the
 *    migrations themselves put there), unless `replace` says its content may go.
 * 3. In ONE transaction on the target: triggers off (the copy must not write change-feed rows
 *    of its own), every table emptied and filled in an order that respects foreign keys (a
 *    table that points at itself parents first), triggers on, id counters past the copied ids.
 * 4. After the commit the row counts of both sides are compared, table by table.
 *
 * Any failure rolls the target back whole: nothing half-copied is left.
 */
import {
  countRows,
  deleteAllRows,
  insertRows,
  largestValue,
  listAppliedMigrations,
  listColumns,
  listForeignKeys,
  listIdCounters,
  listTables,
  moveIdCounters,
  readRows,
  setColumnByKey,
  triggersOff,
  triggersOn,
  type ColumnInfo,
  type Row,
} from "~/models/database-copy.server";
import type { Database, Queryable } from "~/utils/db.server";
import { migrate, migrationFiles, migrationsDir } from "~/utils/migrate.server";

/** Tables the migrations themselves fill on a new database: rows there are not "content". */
export const FILLED_BY_MIGRATIONS = new Set(["knowledge_settings"]);
/** Kept by each database for itself (the target is migrated first), never copied. */
const NOT_COPIED = new Set(["schema_migrations"]);

/** A refusal or failure whose message is the whole answer (the script prints it, exit 1). */
export class CopyError extends Error {}

export type TableCount = { table: string; source: number; target: number };
export type CopyReport = { tables: TableCount[]; rows: number; ms: number };

/** Values per INSERT statement: under SQLite's oldest limit of 999 parameters. */
const MAX_VALUES = 900;
/** Rows read from the source at a time. */
const PAGE = 2000;

type TablePlan = { name: string; columns: string[]; nullable: Set<string>; orderBy: string[]; selfKeys: string[]; links: { parent: string; column: string }[] };
/** Links written NULL in the first pass and set once every table is in (they close a cycle). */
type Later = { table: string; column: string };

export async function copyDatabase(
  source: Database,
  target: Database,
  options: { replace?: boolean; log?: (line: string) => void } = {},
): Promise<CopyReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const known = migrationFiles(migrationsDir());

  const sourceMigrations = await listAppliedMigrations(source);
  const missing = known.filter((m) => !sourceMigrations.includes(m));
  const unknown = sourceMigrations.filter((m) => !known.includes(m));
  if (!sourceMigrations.length) throw new CopyError(`The source (${source.file}) is not an intranet database: it has no schema_migrations table.`);
  if (unknown.length) throw new CopyError(`The source (${source.file}) has migrations this version of the intranet does not know (${unknown.slice(0, 3).join(", ")}): copy with the version that made it.`);
  if (missing.length) throw new CopyError(`The source (${source.file}) lacks ${missing.length} migration(s) of this version (first: ${missing[0]}): run npm run migrate on it first (or start the intranet on it once).`);

  const applied = await migrate(target);
  if (applied.length) log(`Migrated the target: ${applied.length} migration(s) applied.`);

  const tables = (await listTables(source)).filter((t) => !NOT_COPIED.has(t));
  const targetTables = new Set(await listTables(target));
  const absent = tables.filter((t) => !targetTables.has(t));
  if (absent.length) throw new CopyError(`The target has no table ${absent.join(", ")} after migrating: source and target schemas differ.`);

  // Content check before anything is written.
  const held: string[] = [];
  for (const t of tables) {
    if (FILLED_BY_MIGRATIONS.has(t)) continue;
    const n = await countRows(target, t);
    if (n > 0) held.push(`${t} (${n})`);
  }
  if (held.length && !options.replace) {
    throw new CopyError(
      `The target (${target.file}) already holds content: ${held.slice(0, 6).join(", ")}${held.length > 6 ? `, and ${held.length - 6} more tables` : ""}. Nothing was written. To delete its content and copy over it, add --replace.`,
    );
  }

  const plans = await planTables(source, tables, target);
  const { order, later } = orderByForeignKeys(plans, tables);

  const sourceCounts = new Map<string, number>();
  let rows = 0;
  await snapshotOf(source, async (src) => {
    for (const t of order) sourceCounts.set(t, await countRows(src, t));
    const counters = await listIdCounters(src);
    const floors = new Map<string, number>();
    await target.transaction(async (tx) => {
      rows = 0;
      floors.clear();
      const pendingLinks: PendingLinks = [];
      const dropped = await triggersOff(tx, target.dialect, order);
      for (const t of [...order].reverse()) await deleteAllRows(tx, t);
      for (const name of order) {
        const plan = plans.find((p) => p.name === name)!;
        const n = await copyTable(src, tx, plan, later.filter((l) => l.table === name).map((l) => l.column), pendingLinks);
        rows += n;
      }
      for (const p of pendingLinks) await setColumnByKey(tx, p.table, p.key, p.column, p.values);
      await triggersOn(tx, target.dialect, order, dropped);
      for (const plan of plans) {
        if (!plan.orderBy.includes("id") || !plan.columns.includes("id")) continue;
        floors.set(plan.name, Math.max(counters.get(plan.name) ?? 0, await largestValue(src, plan.name, "id")));
      }
      // The change feed's followers may stand past its newest row (pruned): new rows go after them.
      if (order.includes("change_feed_cursors") && floors.has("change_feed")) {
        floors.set("change_feed", Math.max(floors.get("change_feed")!, await largestValue(src, "change_feed_cursors", "position")));
      }
      await moveIdCounters(tx, target.dialect, floors);
    });
  });

  const counts: TableCount[] = [];
  for (const t of order) counts.push({ table: t, source: sourceCounts.get(t) ?? 0, target: await countRows(target, t) });
  const differ = counts.filter((c) => c.source !== c.target);
  if (differ.length) {
    throw new CopyError(`Row counts differ after the copy (it was committed: do not use the target until this is understood): ${differ.map((c) => `${c.table} (source ${c.source}, target ${c.target})`).join(", ")}.`);
  }
  return { tables: counts.sort((a, b) => a.table.localeCompare(b.table)), rows, ms: Date.now() - started };
}

function snapshotOf<T>(db: Database, work: (q: Queryable) => Promise<T>): Promise<T> {
  return db.snapshot(work);
}

async function planTables(source: Queryable, tables: string[], target: Queryable): Promise<TablePlan[]> {
  const plans: TablePlan[] = [];
  for (const name of tables) {
    const columns = await listColumns(source, name);
    const targetColumns = new Set((await listColumns(target, name)).map((c) => c.name));
    const extra = columns.filter((c) => !targetColumns.has(c.name)).map((c) => c.name);
    if (extra.length) throw new CopyError(`The target's table ${name} has no column ${extra.join(", ")}: source and target schemas differ.`);
    const selfKeys = (await listForeignKeys(source, name)).filter((f) => f.parent === name).map((f) => f.column);
    const links = (await listForeignKeys(source, name)).filter((f) => f.parent !== name && tables.includes(f.parent));
    const nullable = new Set(columns.filter((c) => !Number(c.notnull) && !Number(c.pk)).map((c) => c.name));
    plans.push({ name, columns: columns.map((c) => c.name), nullable, orderBy: keyOrder(columns), selfKeys, links });
  }
  return plans;
}

/** Primary-key columns in key order; a table without one is read in the order of all its columns. */
function keyOrder(columns: ColumnInfo[]): string[] {
  const pk = columns.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
  return (pk.length ? pk : columns).map((c) => c.name);
}

/**
 * Tables parents first (a table after every table its foreign keys point at), by name where
 * free to choose. Where tables point at each other (items ↔ revisions) a nullable link of a
 * table with a one-column key is copied as NULL and set in a second pass (`later`); a cycle
 * with no such link cannot be copied, and is named.
 */
export function orderByForeignKeys(plans: TablePlan[], tables: string[]): { order: string[]; later: Later[] } {
  const order: string[] = [];
  const later: Later[] = [];
  const placed = new Set<string>();
  const left = [...tables].sort();
  const plan = (t: string) => plans.find((p) => p.name === t)!;
  const waitsFor = (t: string) => plan(t).links.filter((l) => !placed.has(l.parent) && !later.some((x) => x.table === t && x.column === l.column));
  while (left.length) {
    let next = left.findIndex((t) => waitsFor(t).length === 0);
    if (next === -1) {
      // Break the cycle at the first table whose waiting links may all be NULL for a while.
      next = left.findIndex((t) => plan(t).orderBy.length === 1 && waitsFor(t).every((l) => plan(t).nullable.has(l.column)));
      if (next === -1) throw new CopyError(`Foreign keys between ${left.join(", ")} form a cycle: they cannot be copied in order.`);
      for (const l of waitsFor(left[next])) later.push({ table: left[next], column: l.column });
    }
    const [t] = left.splice(next, 1);
    order.push(t);
    placed.add(t);
  }
  return { order, later };
}

/** Links copied as NULL, to set once every table is in. */
type PendingLinks = { table: string; key: string; column: string; values: Array<[unknown, unknown]> }[];

/** Copies one table in pages; a table that points at itself is read whole and written parents first. */
async function copyTable(src: Queryable, tx: Queryable, plan: TablePlan, nullFirst: string[], pendingLinks: PendingLinks): Promise<number> {
  const perInsert = Math.max(1, Math.floor(MAX_VALUES / plan.columns.length));
  const key = plan.orderBy[0];
  const write = async (rows: Row[]) => {
    const first = nullFirst.length ? rows.map((r) => ({ ...r, ...Object.fromEntries(nullFirst.map((c) => [c, null])) })) : rows;
    for (let i = 0; i < first.length; i += perInsert) await insertRows(tx, plan.name, plan.columns, first.slice(i, i + perInsert));
    for (const c of nullFirst) pendingLinks.push({ table: plan.name, key, column: c, values: rows.filter((r) => r[c] != null).map((r) => [r[key], r[c]]) });
  };
  if (plan.selfKeys.length) {
    const all: Row[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await readRows(src, plan.name, plan.columns, plan.orderBy, PAGE, offset);
      all.push(...page);
      if (page.length < PAGE) break;
    }
    await write(parentsFirst(all, plan));
    return all.length;
  }
  let n = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await readRows(src, plan.name, plan.columns, plan.orderBy, PAGE, offset);
    await write(page);
    n += page.length;
    if (page.length < PAGE) return n;
  }
}

/** Rows of a self-referencing table (single-column key) ordered so each comes after the rows it points at. */
function parentsFirst(rows: Row[], plan: TablePlan): Row[] {
  const key = plan.orderBy[0];
  const byKey = new Map(rows.map((r) => [String(r[key]), r]));
  const done = new Set<string>();
  const out: Row[] = [];
  const visit = (r: Row, depth: number) => {
    const k = String(r[key]);
    if (done.has(k) || depth > rows.length) return;
    for (const col of plan.selfKeys) {
      const parent = r[col] == null ? undefined : byKey.get(String(r[col]));
      if (parent && parent !== r) visit(parent, depth + 1);
    }
    done.add(k);
    out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}
