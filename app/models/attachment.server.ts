/**
 * Attachments (migration 150): file_blobs hold the bytes once per content hash,
 * attachments the stable address and title, attachment_versions every upload with its
 * extracted text. None of these functions read items: who may see an attachment is
 * decided by its item's audience in app/commands/attachments.server.ts.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "~/utils/db.server";
import { noteObjectPut, objectStore } from "~/utils/object-store.server";
import type { FileKind } from "~/utils/uploads.server";

export type AttachmentRow = {
  id: number;
  itemId: number;
  title: string;
  name: string;
  kind: FileKind;
  alt: string;
  currentVersionId: number | null;
  createdAt: string;
  updatedAt: string;
};

export type AttachmentListRow = AttachmentRow & {
  size: number;
  versionNumber: number;
  uploadedAt: string;
  textStatus: TextStatus;
  textProblem: string | null;
};

export type TextStatus = "pending" | "done" | "failed" | "none";

export type AttachmentVersionRow = {
  id: number;
  attachmentId: number;
  number: number;
  name: string;
  size: number;
  uploadedAt: string;
  uploadedBy: number | null;
  textStatus: TextStatus;
};

const ATTACHMENT_COLUMNS = `a.id, a.item_id AS itemId, a.title, a.name, a.kind, a.alt, a.current_version_id AS currentVersionId,
  a.created_at AS createdAt, a.updated_at AS updatedAt`;

/**
 * Stores bytes once per SHA-256; returns the blob's id either way. With FILE_STORAGE=s3
 * (decision 155) the bytes go to the object store, keyed by their hash, before the row is
 * written: if the transaction then rolls back, nothing in the database points at it, and
 * `withFileObjects` (commands/file-objects.server.ts) removes it (decision 221).
 */
export async function storeBlob(q: Queryable, sha256: string, bytes: Buffer, at: string): Promise<number> {
  const existing = await q.get<{ id: number }>("SELECT id FROM file_blobs WHERE sha256 = ?", [sha256]);
  if (existing) return existing.id;
  const store = objectStore();
  if (store) {
    await store.put(sha256, bytes);
    noteObjectPut(q, sha256);
  }
  await q.run("INSERT INTO file_blobs (sha256, size, bytes, stored_in, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING", [
    sha256, bytes.length, store ? Buffer.alloc(0) : bytes, store ? "object-store" : "database", at,
  ]);
  const row = await q.get<{ id: number }>("SELECT id FROM file_blobs WHERE sha256 = ?", [sha256]);
  return row!.id;
}

export type StoredIn = "database" | "object-store";
type BlobColumns = { sha256: string; size: number; storedIn: StoredIn; bytes: Buffer | Uint8Array };
/** Columns every reader of bytes selects (file_blobs aliased b), for blobBytes. */
const BLOB_COLUMNS = "b.sha256, b.size, b.stored_in AS storedIn, b.bytes";

/**
 * A blob's bytes wherever they are kept. Bytes from the object store are checked against
 * their hash and size: a missing or changed object is an error naming it, never served.
 */
export async function blobBytes(row: BlobColumns): Promise<Buffer> {
  if (row.storedIn !== "object-store") return Buffer.from(row.bytes);
  const store = objectStore();
  if (!store) throw new Error(`File ${row.sha256.slice(0, 12)}… is kept in the object store, but FILE_STORAGE is not s3: set FILE_STORAGE=s3 and the S3_ settings it was stored with.`);
  const bytes = await store.get(row.sha256);
  if (!bytes) throw new Error(`File ${row.sha256.slice(0, 12)}… is missing from the object store (${store.where}).`);
  if (bytes.length !== Number(row.size) || createHash("sha256").update(bytes).digest("hex") !== row.sha256)
    throw new Error(`File ${row.sha256.slice(0, 12)}… in the object store (${store.where}) does not match what was stored (size or SHA-256 differs).`);
  return bytes;
}

/** Stores bytes once (hashed here); returns the blob's id. For files outside items' attachments (requests to the comms team). */
export async function storeBytes(q: Queryable, bytes: Buffer, at: string): Promise<number> {
  return storeBlob(q, createHash("sha256").update(bytes).digest("hex"), bytes, at);
}

export async function insertAttachment(
  q: Queryable,
  a: { itemId: number; title: string; name: string; kind: FileKind; alt: string; createdBy: number | null; at: string },
): Promise<number> {
  const r = await q.run(
    "INSERT INTO attachments (item_id, title, name, kind, alt, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [a.itemId, a.title, a.name, a.kind, a.alt, a.createdBy, a.at, a.at],
  );
  return r.lastID;
}

/** Adds the next version of an attachment and makes it current. */
export async function addAttachmentVersion(
  q: Queryable,
  v: { attachmentId: number; blobId: number; name: string; size: number; uploadedBy: number | null; at: string; textStatus: TextStatus; kind?: FileKind },
): Promise<{ id: number; number: number }> {
  const last = await q.get<{ n: number | null }>("SELECT MAX(number) AS n FROM attachment_versions WHERE attachment_id = ?", [v.attachmentId]);
  const number = (last?.n ?? 0) + 1;
  const r = await q.run(
    `INSERT INTO attachment_versions (attachment_id, number, blob_id, name, size, uploaded_by, uploaded_at, text_status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [v.attachmentId, number, v.blobId, v.name, v.size, v.uploadedBy, v.at, v.textStatus],
  );
  await q.run("UPDATE attachments SET current_version_id = ?, name = ?, kind = COALESCE(?, kind), updated_at = ? WHERE id = ?", [r.lastID, v.name, v.kind ?? null, v.at, v.attachmentId]);
  return { id: r.lastID, number };
}

export async function updateAttachmentDetails(q: Queryable, id: number, d: { title: string; alt: string; at: string }): Promise<void> {
  await q.run("UPDATE attachments SET title = ?, alt = ?, updated_at = ? WHERE id = ?", [d.title, d.alt, d.at, id]);
}

export async function findAttachment(q: Queryable, id: number): Promise<AttachmentRow | undefined> {
  return q.get<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments a WHERE a.id = ?`, [id]);
}

/** An item's attachments with their current version, oldest first (the order they were added). */
export async function listAttachmentsOfItem(q: Queryable, itemId: number): Promise<AttachmentListRow[]> {
  return q.all<AttachmentListRow>(
    `SELECT ${ATTACHMENT_COLUMNS}, v.size, v.number AS versionNumber, v.uploaded_at AS uploadedAt,
            v.text_status AS textStatus, v.text_problem AS textProblem
       FROM attachments a JOIN attachment_versions v ON v.id = a.current_version_id
      WHERE a.item_id = ? ORDER BY a.id`,
    [itemId],
  );
}

export async function listAttachmentVersions(q: Queryable, attachmentId: number): Promise<AttachmentVersionRow[]> {
  return q.all<AttachmentVersionRow>(
    `SELECT id, attachment_id AS attachmentId, number, name, size, uploaded_at AS uploadedAt, uploaded_by AS uploadedBy, text_status AS textStatus
       FROM attachment_versions WHERE attachment_id = ? ORDER BY number DESC`,
    [attachmentId],
  );
}

/** The bytes of one version (the current one when `number` is omitted). */
export async function readAttachmentBytes(q: Queryable, attachmentId: number, number?: number): Promise<{ bytes: Buffer; name: string; size: number; number: number } | undefined> {
  const where = number === undefined ? "v.id = a.current_version_id" : "v.number = ?";
  const row = await q.get<BlobColumns & { name: string; number: number }>(
    `SELECT ${BLOB_COLUMNS}, v.name, v.number FROM attachments a
       JOIN attachment_versions v ON v.attachment_id = a.id AND ${where}
       JOIN file_blobs b ON b.id = v.blob_id
      WHERE a.id = ?`,
    number === undefined ? [attachmentId] : [number, attachmentId],
  );
  return row ? { bytes: await blobBytes(row), name: row.name, size: Number(row.size), number: row.number } : undefined;
}

// ----------------------------------------------------------------------------- text ---

export type PendingText = { versionId: number; attachmentId: number; itemId: number; kind: FileKind; name: string; bytes: Buffer };

/** Versions whose text has not been extracted yet, oldest first. */
export async function listPendingTexts(q: Queryable, limit: number): Promise<PendingText[]> {
  const rows = await q.all<Omit<PendingText, "bytes"> & BlobColumns>(
    `SELECT v.id AS versionId, a.id AS attachmentId, a.item_id AS itemId, a.kind, v.name, ${BLOB_COLUMNS}
       FROM attachment_versions v JOIN attachments a ON a.id = v.attachment_id JOIN file_blobs b ON b.id = v.blob_id
      WHERE v.text_status = 'pending' ORDER BY v.id LIMIT ?`,
    [limit],
  );
  const out: PendingText[] = [];
  for (const r of rows) out.push({ versionId: r.versionId, attachmentId: r.attachmentId, itemId: r.itemId, kind: r.kind, name: r.name, bytes: await blobBytes(r) });
  return out;
}

export async function saveExtractedText(
  q: Queryable,
  versionId: number,
  t: { status: Exclude<TextStatus, "pending">; text: string; problem: string | null; ms: number },
): Promise<void> {
  await q.run("UPDATE attachment_versions SET text_status = ?, text = ?, text_problem = ?, text_ms = ? WHERE id = ?", [t.status, t.text, t.problem, t.ms, versionId]);
}

export type AttachmentText = { itemId: number; attachmentId: number; title: string; name: string; text: string };

/** The current versions' text of these items' attachments, for the search index (the caller's items). */
export async function listAttachmentTexts(q: Queryable, itemIds: number[]): Promise<AttachmentText[]> {
  if (!itemIds.length) return [];
  const out: AttachmentText[] = [];
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    out.push(
      ...(await q.all<AttachmentText>(
        `SELECT a.item_id AS itemId, a.id AS attachmentId, a.title, a.name, v.text
           FROM attachments a JOIN attachment_versions v ON v.id = a.current_version_id
          WHERE a.item_id IN (${chunk.map(() => "?").join(", ")}) ORDER BY a.id`,
        chunk,
      )),
    );
  }
  return out;
}

/** Every blob, for checks after a restore: does each still hash to its name? */
export async function listBlobIds(q: Queryable): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT id FROM file_blobs ORDER BY id")).map((r) => r.id);
}

export async function readBlob(q: Queryable, id: number): Promise<{ sha256: string; size: number; storedIn: StoredIn; bytes: Buffer } | undefined> {
  const row = await q.get<BlobColumns>(`SELECT ${BLOB_COLUMNS} FROM file_blobs b WHERE b.id = ?`, [id]);
  return row ? { sha256: row.sha256, size: Number(row.size), storedIn: row.storedIn, bytes: await blobBytes(row) } : undefined;
}

/** Is there a blob with this hash (whatever it is stored in)? */
export async function blobExists(q: Queryable, sha256: string): Promise<boolean> {
  return (await q.get<{ id: number }>("SELECT id FROM file_blobs WHERE sha256 = ?", [sha256])) !== undefined;
}

/** Which of these hashes some file row uses (the bucket sweep's question, decision 236). */
export async function blobHashesAmong(q: Queryable, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const chunk = hashes.slice(i, i + 500);
    const rows = await q.all<{ sha256: string }>(`SELECT sha256 FROM file_blobs WHERE sha256 IN (${chunk.map(() => "?").join(", ")})`, chunk);
    for (const r of rows) found.add(r.sha256);
  }
  return found;
}

/** Notes an object left by a rolled-back transaction that could not be removed then (decision 221). */
export async function noteOrphanObject(q: Queryable, sha256: string, at: string): Promise<void> {
  await q.run("INSERT INTO object_store_orphans (sha256, noted_at) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING", [sha256, at]);
}

/** Orphan objects noted before `before` (ISO), oldest first. */
export async function listOrphanObjects(q: Queryable, before: string, limit = 500): Promise<string[]> {
  return (await q.all<{ sha256: string }>("SELECT sha256 FROM object_store_orphans WHERE noted_at < ? ORDER BY noted_at LIMIT ?", [before, limit])).map((r) => r.sha256);
}

export async function forgetOrphanObject(q: Queryable, sha256: string): Promise<void> {
  await q.run("DELETE FROM object_store_orphans WHERE sha256 = ?", [sha256]);
}

/** Blobs kept in the object store (hash and size), for backups: the database copy does not hold their bytes. */
export async function listObjectStoreBlobs(q: Queryable): Promise<Array<{ id: number; sha256: string; size: number }>> {
  return q.all("SELECT id, sha256, size FROM file_blobs WHERE stored_in = 'object-store' ORDER BY id");
}

// ---------------------------------------------------------------------- content files ---

export type AttachmentWithHash = { id: number; name: string; title: string; alt: string; kind: FileKind; sha256: string };

/** An item's attachments with their current bytes' SHA-256, for the import (is this file already attached?). */
export async function listAttachmentHashes(q: Queryable, itemId: number): Promise<AttachmentWithHash[]> {
  return q.all<AttachmentWithHash>(
    `SELECT a.id, a.name, a.title, a.alt, a.kind, b.sha256
       FROM attachments a JOIN attachment_versions v ON v.id = a.current_version_id JOIN file_blobs b ON b.id = v.blob_id
      WHERE a.item_id = ? ORDER BY a.id`,
    [itemId],
  );
}
