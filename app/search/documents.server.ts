/**
 * From database rows to what the index holds: the in-memory facts of an item (audience,
 * filters, ranking) and the text of each indexed field.
 */
import crypto from "node:crypto";
import { listAttachmentTexts } from "~/models/attachment.server";
import { rolesOf, splitList, type SearchFactsRow, type SearchTextRow } from "~/models/search.server";
import type { Queryable } from "~/utils/db.server";
import type { Analyzer } from "./analyzer.server";
import type { SearchFacts } from "./engine.server";
import type { BuildDoc } from "./packed-builder.server";
import { wordsOf } from "./query.server";
import { htmlToText } from "./text.server";

const TYPE_WORDS: Record<SearchFacts["type"], string> = {
  announcement: "announcement news",
  policy: "policy",
  guide: "guide",
};

/** The date people see and filter on: publication for news, effective date for policies, last review for guides. */
function displayDate(row: SearchFactsRow): string | null {
  if (row.type === "policy") return row.effectiveOn ?? row.publishedAt;
  if (row.type === "guide") return row.lastReviewedOn ?? row.publishedAt;
  return row.publishAt ?? row.publishedAt;
}

function tagsText(row: SearchFactsRow): string {
  return [...splitList(row.tags, "\u001f"), row.reference ?? ""].join(" ").trim();
}

/** Whether the item has attached documents (documentsKey "0:…" counts none). */
function hasDocuments(row: SearchFactsRow): boolean {
  return !!row.documentsKey && !row.documentsKey.startsWith("0:");
}

/** Changes exactly when the indexed text changes. */
export function stampOf(row: SearchFactsRow): string {
  return crypto
    .createHash("sha1")
    .update(JSON.stringify([row.currentRevisionId, row.title, row.summary, tagsText(row), row.departmentName, row.type, ...(hasDocuments(row) ? [row.documentsKey] : [])]))
    .digest("base64url")
    .slice(0, 16);
}

export function toFacts(row: SearchFactsRow, analyzer: Analyzer): SearchFacts {
  const date = displayDate(row);
  return {
    id: row.id,
    type: row.type,
    slug: row.slug,
    title: row.title,
    titleKey: wordsOf(row.title, analyzer).join(" "),
    departmentId: row.departmentId,
    departmentSlug: row.departmentSlug,
    departmentName: row.departmentName,
    date,
    dateMs: date ? Date.parse(date) : NaN,
    stamp: stampOf(row),
    revisionId: row.currentRevisionId ?? null,
    hasDocuments: hasDocuments(row),
    status: row.status,
    audience: row.audience,
    isPublic: row.isPublic === 1,
    publishAt: row.publishAt,
    expiresAt: row.expiresAt,
    audienceDepartmentIds: splitList(row.audienceDepartmentIds).map(Number),
    audienceRoles: rolesOf(row.audienceRoles),
  };
}

/**
 * The text of each field, in FIELDS order (title, summary, tags, department, type, body).
 * The words of attached documents (their titles and extracted text) are part of the body.
 */
export function toBuildDoc(row: SearchFactsRow, text: Pick<SearchTextRow, "text" | "isHtml"> | undefined, documents: readonly { title: string; text: string }[] = []): BuildDoc {
  const own = !text ? "" : text.isHtml ? htmlToText(text.text) : text.text;
  const body = documents.length ? [own, ...documents.map((d) => `${d.title}\n${d.text}`)].join("\n\n") : own;
  return {
    id: row.id,
    fields: [row.title, row.summary, tagsText(row), row.departmentName ?? "", TYPE_WORDS[row.type], body],
  };
}

export type DocumentText = { attachmentId: number; title: string; name: string; text: string };

/** The attached documents' words of some items, by item (decision 151). */
export async function documentTextsOf(q: Queryable, itemIds: readonly number[]): Promise<Map<number, DocumentText[]>> {
  const out = new Map<number, DocumentText[]>();
  for (const t of await listAttachmentTexts(q, [...itemIds])) {
    const list = out.get(t.itemId) ?? [];
    list.push({ attachmentId: t.attachmentId, title: t.title, name: t.name, text: t.text });
    out.set(t.itemId, list);
  }
  return out;
}
