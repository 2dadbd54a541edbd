/**
 * The register of SQL statements per reading page (decision 245). On PostgreSQL every statement
 * is a round trip to the server, and on SQLite a turn on the thread pool, so the number of
 * statements a page issues is its cost that grows silently: an N+1 (one look-up per comment,
 * per tag, per department) or one more query on every request. This test loads each reading
 * page through the real Remix request handler (root loader, route loaders, React) over the demo
 * council, for each demo role, counts the statements issued while answering (only those of that
 * request: an async context per request), and fails when a page issues more than its ceiling,
 * naming the page and the role and listing the statements.
 *
 * The counts are of a warm process (each page loaded once before, so per-process caches are
 * filled, as they are on a server that has been up a minute); nothing here depends on timing.
 * When a change cuts statements, lower the ceiling here (and note it in decision 245); when a
 * change must add one, raise it here with the reason in the commit.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConversations } from "~/commands/demo-conversations.server";
import { importContent } from "~/commands/import.server";
import { DEMO_LOGINS, seedDemoAccounts } from "~/commands/seed-demo.server";
import { getDb, onStatement } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { requestAs } from "../factories";
import { loadApp, type InProcessApp } from "../access/remix-app";

/** Statements per page, at most (the same on SQLite and PostgreSQL: the models issue the same SQL). */
const CEILING: Record<string, number> = {
  // Before decision 245 (SQLite and PostgreSQL alike): home 4, announcement 28, guide 22–23, policy 17–18, search 3, news 5, guides 5.
  // Decision 255: guide 11 → 7 (its owner's names and "who to ask" kept until the directory changes).
  // Decision 250: home 4 → 2 (notices, things to confirm and For you in one statement).
  // Decision 265 (SQLite and PostgreSQL alike): announcement 12 → 8, guide 7 → 2–3 (one statement says which of poll, questions,
  // comments, reactions, corrections and story the item has, with a guide's own rating and saved state; only those are read);
  // then announcement 8 → 4, guide → 2 for every role (each comment row says whether it has earlier wording, mentions and
  // reactions and whether the reader follows it; a guide's helpfulness counts in its one statement for those who see them).
  home: 2,
  announcement: 4,
  guide: 2,
  policy: 5,
  search: 2,
  news: 1,
  guides: 1,
};

let app: InProcessApp;
const pages: Record<string, string> = {};
const cookies: Record<string, string> = {};
const requestTag = new AsyncLocalStorage<{ statements: string[] }>();

/** One page as one person: its status and the statements issued while answering it (body read to the end). */
async function visit(login: string, url: string): Promise<{ status: number; statements: string[] }> {
  const tag = { statements: [] as string[] };
  const status = await requestTag.run(tag, async () => {
    const res = await app.handle(new Request(`http://localhost${url}`, { headers: { cookie: cookies[login] } }));
    await res.text();
    return res.status;
  });
  const statements = tag.statements;
  tag.statements = [];
  return { status, statements };
}

beforeAll(async () => {
  process.env.DEMO = "true";
  resetEnvForTests();
  try {
    expect((await importContent({})).errors).toEqual([]);
    expect(await seedDemoAccounts()).not.toBeNull();
    await seedDemoConversations();
  } finally {
    process.env.DEMO = "false";
    resetEnvForTests();
  }
  const db = await getDb();
  // The pages with the most on them, chosen by what they hold (the demo content may change).
  // Everyone may see them, so each role loads the same page.
  const busiest = async (type: string) => {
    const row = await db.get<{ slug: string }>(
      `SELECT i.slug FROM items i WHERE i.type = ? AND i.status = 'published' AND i.audience = 'everyone'
       ORDER BY (SELECT COUNT(*) FROM comments c WHERE c.item_id = i.id) DESC,
                (SELECT COUNT(*) FROM item_tags t WHERE t.item_id = i.id) DESC, i.slug LIMIT 1`,
      [type],
    );
    if (!row) throw new Error(`The demo council has no published ${type} for everyone`);
    return row.slug;
  };
  pages.home = "/";
  pages.announcement = `/announcements/${await busiest("announcement")}`;
  pages.guide = `/guides/${await busiest("guide")}`;
  pages.policy = `/policies/${await busiest("policy")}`;
  pages.search = "/search?q=leave";
  pages.news = "/announcements";
  pages.guides = "/guides";
  for (const login of DEMO_LOGINS) {
    const user = await db.get<{ id: number }>("SELECT id FROM users WHERE lower(email) = lower(?)", [login]);
    cookies[login] = (await requestAs(user!.id, "/")).headers.get("cookie")!;
  }
  onStatement((sql) => requestTag.getStore()?.statements.push(sql.replace(/\s+/g, " ").trim()));
  app = await loadApp();
  expect(app.failed).toEqual([]);
}, 600_000);

describe("statements per reading page", () => {
  const counts: Record<string, Record<string, number>> = {};

  for (const page of Object.keys(CEILING))
    it(`${page}: at most its ceiling for every demo role`, async () => {
      const over: string[] = [];
      for (const login of DEMO_LOGINS) {
        await visit(login, pages[page]); // warm: per-process caches filled, as on a running server
        const { status, statements } = await visit(login, pages[page]);
        expect(status, `${page} (${pages[page]}) as ${login}`).toBe(200);
        (counts[page] ??= {})[login.split("@")[0]] = statements.length;
        if (process.env.STATEMENTS_PRINT === "all") console.log(`${page} as ${login}:\n${statements.map((s, i) => `  ${i + 1}. ${s.slice(0, 400)}`).join("\n")}`);
        if (statements.length > CEILING[page])
          over.push(`${page} (${pages[page]}) as ${login}: ${statements.length} statements, ceiling ${CEILING[page]}:\n${statements.map((s, i) => `  ${i + 1}. ${s.slice(0, 300)}`).join("\n")}`);
      }
      if (process.env.STATEMENTS_PRINT) console.log(page, JSON.stringify(counts[page]), pages[page]);
      expect(over, over.join("\n\n")).toEqual([]);
    });
});
