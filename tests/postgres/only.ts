/**
 * For the few tests that cannot mean anything on PostgreSQL (they test SQLite's own file,
 * e.g. a file backup). Call first in the test: under `npm run test:unit:pg` it is skipped with
 * the reason, and tests/postgres/reporter.ts prints every such test and reason at the end.
 *
 *   it("backs up the database file", async (ctx) => { sqliteOnly(ctx, "copies the database file"); … });
 */
import type { TestContext } from "vitest";

/** True in the PostgreSQL run (tests/postgres/global-setup.ts started the server). */
export const onPostgres = Boolean(process.env.TEST_PG_ADMIN_URL);

export function sqliteOnly(ctx: TestContext, reason: string): void {
  ctx.skip(onPostgres, `SQLite only: ${reason}`);
}
