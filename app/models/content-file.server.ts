/**
 * What the Markdown importer last saw of each file (`content_files`): the hash of the
 * version it imported, the item and revision it became, and the last error if the file's
 * newest version could not be imported. A failed file keeps the hash of its last good
 * version, so it is tried again on every import until it is fixed.
 *
 * Paths are keys relative to the content folder (`guides/x.md`); folders imported with
 * `--dir` use `dir:<folder name>/<path>`.
 */
import type { Queryable } from "~/utils/db.server";

export type ContentFileRow = {
  path: string;
  hash: string;
  itemId: number | null;
  revisionId: number | null;
  importedAt: string;
  lastError: string | null;
};

export async function listContentFiles(q: Queryable): Promise<ContentFileRow[]> {
  return q.all<ContentFileRow>(
    "SELECT path, hash, item_id AS itemId, revision_id AS revisionId, imported_at AS importedAt, last_error AS lastError FROM content_files",
  );
}

export async function findContentFile(q: Queryable, path: string): Promise<ContentFileRow | undefined> {
  return q.get<ContentFileRow>(
    "SELECT path, hash, item_id AS itemId, revision_id AS revisionId, imported_at AS importedAt, last_error AS lastError FROM content_files WHERE path = ?",
    [path],
  );
}

/** Records a successful import of a file's current version. */
export async function recordImportedFile(
  q: Queryable,
  file: { path: string; hash: string; itemId: number | null; revisionId: number | null },
  now = new Date().toISOString(),
): Promise<void> {
  await q.run(
    `INSERT INTO content_files (path, hash, item_id, revision_id, imported_at, last_error) VALUES (?, ?, ?, ?, ?, NULL)
     ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, item_id = excluded.item_id, revision_id = excluded.revision_id,
       imported_at = excluded.imported_at, last_error = NULL`,
    [file.path, file.hash, file.itemId, file.revisionId, now],
  );
}

export type ImportedFile = { path: string; hash: string; itemId: number | null; revisionId: number | null };

/** Records the successful import of many files in a few statements (a batch of the importer). */
export async function recordImportedFiles(q: Queryable, files: ImportedFile[], now = new Date().toISOString()): Promise<void> {
  for (let i = 0; i < files.length; i += 100) {
    const chunk = files.slice(i, i + 100);
    await q.run(
      `INSERT INTO content_files (path, hash, item_id, revision_id, imported_at, last_error) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, NULL)").join(", ")}
       ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, item_id = excluded.item_id, revision_id = excluded.revision_id,
         imported_at = excluded.imported_at, last_error = NULL`,
      chunk.flatMap((f) => [f.path, f.hash, f.itemId, f.revisionId, now]),
    );
  }
}

/** Records why a file's newest version failed; the last good version's hash and item stay. */
export async function recordFailedFile(q: Queryable, path: string, error: string): Promise<void> {
  await q.run(
    `INSERT INTO content_files (path, hash, last_error) VALUES (?, '', ?)
     ON CONFLICT (path) DO UPDATE SET last_error = excluded.last_error`,
    [path, error],
  );
}

export async function deleteContentFile(q: Queryable, path: string): Promise<void> {
  await q.run("DELETE FROM content_files WHERE path = ?", [path]);
}

export type ItemSource = { id: number; type: string; slug: string; source: "file" | "web"; sourcePath: string | null; reference: string | null };

/** Where every item came from, so the importer can tell a duplicate slug from the same file moved. */
export async function listItemSources(q: Queryable): Promise<ItemSource[]> {
  return q.all<ItemSource>("SELECT id, type, slug, source, source_path AS sourcePath, reference FROM items");
}

/** The content hash of each revision a file last became (to tell a real change from a reformat). */
export async function revisionHashes(q: Queryable, revisionIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < revisionIds.length; i += 500) {
    const chunk = revisionIds.slice(i, i + 500);
    const rows = await q.all<{ id: number; hash: string }>(
      `SELECT id, content_hash AS hash FROM revisions WHERE id IN (${chunk.map(() => "?").join(",")})`,
      chunk,
    );
    for (const r of rows) out.set(r.id, r.hash);
  }
  return out;
}
