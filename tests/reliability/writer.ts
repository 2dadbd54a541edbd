/**
 * A test-only writer for the crash test: a separate process that writes items and their
 * revisions through the app's own models, several transactions in flight at once, into
 * the same database file the server uses. After each COMMIT it prints
 * `ok <slug>` on stdout: a write answered with success. The test kills it with SIGKILL.
 *
 * Each transaction n creates item n with two revisions AND adds a third revision to item
 * n-1, so "item n exists" and "item n-1 has revision 3" must always be seen together:
 * anything else would be a half-applied change.
 *
 * Usage: DATABASE_PATH=file tsx tests/reliability/writer.ts TAG [LANES]
 */
import { insertItem } from "~/models/item.server";
import { addRevision } from "~/models/revision.server";
import { getDb } from "~/utils/db.server";
import { itemFields } from "../factories";

const tag = process.argv[2] ?? "w";
const lanes = Number(process.argv[3] ?? 4);

async function main() {
  const db = await getDb();
  let next = 0;
  const ids = new Map<number, number>();
  const lane = async () => {
    for (;;) {
      const n = next++;
      const slug = `crash-${tag}-${n}`;
      await db.transaction(async (tx) => {
        const id = await insertItem(tx, itemFields({ type: "guide", slug, title: `Crash ${tag} ${n}`, summary: `Written by lane for ${n}`, status: "draft" }));
        ids.set(n, id);
        await addRevision(tx, { itemId: id, title: `Crash ${tag} ${n}`, summary: "first", body: `First text of ${n}.`, fields: {}, source: "web", authorId: null });
        await addRevision(tx, { itemId: id, title: `Crash ${tag} ${n}`, summary: "second", body: `Second text of ${n}.\n\n${"More words. ".repeat(50)}`, fields: {}, source: "web", authorId: null });
        const previous = await tx.get<{ id: number }>("SELECT id FROM items WHERE type = 'guide' AND slug = ?", [`crash-${tag}-${n - 1}`]);
        if (previous) await addRevision(tx, { itemId: previous.id, title: `Crash ${tag} ${n - 1}`, summary: "third", body: `Third text, written with ${n}.`, fields: {}, source: "web", authorId: null });
      });
      process.stdout.write(`ok ${slug}\n`);
    }
  };
  // Lanes run concurrently; the write queue serialises their transactions.
  await Promise.all(Array.from({ length: lanes }, lane));
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
