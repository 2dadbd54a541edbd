/**
 * The personal-data register (app/models/personal-data.server.ts, decision 160) covers
 * every table: subject access exports search every person column it lists, and disposal
 * of an item removes every row it links to an item. This test enumerates the schema and
 * fails, naming the table and column, when something is not decided.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { PERSONAL_DATA, rowsAboutPerson, sourcesSearched } from "~/models/personal-data.server";
import { getDb } from "~/utils/db.server";
import { createItem, createUser } from "../factories";

const HOW =
  "is not in the personal-data register. Add it to PERSONAL_DATA in app/models/personal-data.server.ts: " +
  "`people` (columns holding a user id or email: subject access searches them) and `item` (rows belonging to an item: " +
  "disposal removes them), or `noPersonalData` / `itemKept` with the reason (decision 160)";

type Column = { name: string };
type ForeignKey = { from: string; table: string };

let tables: string[] = [];
const columns = new Map<string, string[]>();
const foreignKeys = new Map<string, ForeignKey[]>();

beforeAll(async () => {
  const db = await getDb();
  tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((t) => t.name);
  for (const t of tables) {
    columns.set(t, (await db.all<Column>(`PRAGMA table_info(${JSON.stringify(t)})`)).map((c) => c.name));
    foreignKeys.set(t, await db.all<ForeignKey>(`PRAGMA foreign_key_list(${JSON.stringify(t)})`));
  }
});

/** Columns that look like they hold an email address. */
const EMAILISH = /(^|_)(email|account)$/;

describe("personal-data register", () => {
  it("lists every table in the schema", () => {
    const missing = tables.filter((t) => !(t in PERSONAL_DATA));
    expect(missing.map((t) => `table ${t} ${HOW}`)).toEqual([]);
  });

  it("lists no table that is not in the schema, and only columns that exist", () => {
    const problems: string[] = [];
    for (const [table, entry] of Object.entries(PERSONAL_DATA)) {
      if (!tables.includes(table)) { problems.push(`${table}: in the register but not in the schema`); continue; }
      const cols = columns.get(table)!;
      for (const p of entry.people) if (!cols.includes(p.column)) problems.push(`${table}.${p.column}: no such column`);
      for (const o of entry.omit ?? []) if (!cols.includes(o)) problems.push(`${table}.${o}: omitted column does not exist`);
      for (const c of [...(entry.words?.columns ?? []), ...(entry.words ? [entry.words.by] : [])]) if (!cols.includes(c)) problems.push(`${table}.${c}: words column does not exist`);
      if (entry.item && !cols.includes(entry.item.column)) problems.push(`${table}.${entry.item.column}: item column does not exist`);
      if (entry.people.length === 0 && !entry.noPersonalData) problems.push(`${table}: no person columns and no reason (noPersonalData)`);
      if (entry.item?.via && !PERSONAL_DATA[entry.item.via.table]?.item) problems.push(`${table}: reaches items through ${entry.item.via.table}, which is not linked to items`);
    }
    expect(problems).toEqual([]);
  });

  it("every column referring to a person is searched by subject access", () => {
    const problems: string[] = [];
    for (const t of tables) {
      const entry = PERSONAL_DATA[t];
      if (!entry) continue;
      const declared = new Set(entry.people.map((p) => p.column));
      for (const fk of foreignKeys.get(t)!) {
        if (fk.table === "users" && !declared.has(fk.from)) problems.push(`${t}.${fk.from} refers to users but is not in its \`people\` (subject access would miss it)`);
      }
      for (const c of columns.get(t)!) {
        if (EMAILISH.test(c) && !declared.has(c)) problems.push(`${t}.${c} looks like an email address but is not in its \`people\` (kind: "email"), or rename it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every table whose rows belong to an item is removed with it, or says why not", () => {
    const linked = new Set(Object.entries(PERSONAL_DATA).filter(([, e]) => e.item).map(([t]) => t));
    const problems: string[] = [];
    for (const t of tables) {
      const entry = PERSONAL_DATA[t];
      if (!entry || entry.item || entry.itemKept) continue;
      for (const fk of foreignKeys.get(t)!) {
        if (fk.table === "items" || linked.has(fk.table)) problems.push(`${t}.${fk.from} refers to ${fk.table}: give ${t} an \`item\` link (disposal removes its rows) or \`itemKept\` with the reason`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("finds a person's rows in every source and leaves out secrets", async () => {
    const db = await getDb();
    const person = await createUser({ name: "Register Person" });
    const other = await createUser();
    await createItem({ authorId: person.id, ownerEmail: person.email.toUpperCase(), title: "Register item" });
    await createItem({ authorId: other.id, title: "Not theirs" });
    const found = await rowsAboutPerson(db, person);
    const users = found.find((s) => s.table === "users")!;
    expect(users.rows).toHaveLength(1);
    expect(users.rows[0]).not.toHaveProperty("password_hash");
    const items = found.find((s) => s.table === "items")!.rows;
    expect(items.map((r) => r.title)).toEqual(["Register item"]);
    expect(sourcesSearched().map((s) => s.table)).toEqual(found.map((s) => s.table));
  });
});
