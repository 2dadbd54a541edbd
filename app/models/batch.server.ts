/**
 * Many rows in few statements: `INSERT … VALUES (…), (…), …` a few hundred rows at a time.
 * For bulk writes (the demo's generated activity history, decision 087) where one
 * statement per row would cost a round trip each. Models call it with their own SQL.
 */
import type { Queryable } from "~/utils/db.server";

/** Parameters per statement: well under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMS = 900;

/**
 * Runs `${head} VALUES (?, …), … ${tail}` for `rows` (each an array of `columns` values),
 * as many statements as needed. Call it inside a transaction when the rows belong together.
 */
export async function insertMany(q: Queryable, head: string, columns: number, rows: readonly unknown[][], tail = ""): Promise<number> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const one = `(${new Array(columns).fill("?").join(", ")})`;
  let changes = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    for (const row of part) if (row.length !== columns) throw new Error(`insertMany: a row has ${row.length} values, expected ${columns}`);
    const result = await q.run(`${head} VALUES ${part.map(() => one).join(", ")}${tail ? ` ${tail}` : ""}`, part.flat());
    changes += result.changes;
  }
  return changes;
}
