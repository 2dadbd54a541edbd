/**
 * Reads the words of attached files for search, off the request path (decision 151):
 * a boot step in the leader (or single process) looks for versions whose text is pending
 * every second, extracts each with its size and time bounds (utils/extract-text.server.ts)
 * and stores the text, or the problem for the author. Storing it updates the version's
 * row, whose trigger writes the change feed, so the search follower re-reads the item.
 */
import { listPendingTexts, saveExtractedText } from "~/models/attachment.server";
import { getDb } from "~/utils/db.server";
import { extractText } from "~/utils/extract-text.server";
import { log } from "~/utils/log.server";
import { repeat } from "~/utils/repeat.server";

export type ExtractionReport = { files: Array<{ versionId: number; name: string; kind: string; status: string; ms: number; chars: number }> };

/** Extracts the pending texts, a few files at a time, until none are left (or `maxFiles` are done). */
export async function extractPendingTexts(options: { maxFiles?: number; maxMs?: number } = {}): Promise<ExtractionReport> {
  const db = await getDb();
  const report: ExtractionReport = { files: [] };
  const maxFiles = options.maxFiles ?? Infinity;
  while (report.files.length < maxFiles) {
    const batch = await listPendingTexts(db, Math.min(4, maxFiles - report.files.length));
    if (batch.length === 0) break;
    for (const file of batch) {
      const result = await extractText(file.kind, file.bytes, { maxMs: options.maxMs });
      await saveExtractedText(db, file.versionId, result);
      if (result.status === "failed") log.info("document text not read", { attachment: file.attachmentId, problem: result.problem });
      report.files.push({ versionId: file.versionId, name: file.name, kind: file.kind, status: result.status, ms: result.ms, chars: result.text.length });
    }
  }
  return report;
}

/** The boot step: every second, read what is pending. */
export function startDocumentText(everyMs = 1000): () => Promise<void> {
  return repeat(everyMs, () => extractPendingTexts(), { failure: "reading document text failed" });
}
