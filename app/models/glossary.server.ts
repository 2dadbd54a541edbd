/**
 * The glossary: council jargon and abbreviations from content/glossary/*.md. Readers see
 * it; search uses `also` and `stands_for` as synonyms of the term.
 */
import { getDb, type Queryable } from "~/utils/db.server";

export type GlossaryTerm = {
  slug: string;
  term: string;
  standsFor: string;
  also: string[];
  definitionMd: string;
  definitionHtml: string;
  sourcePath: string | null;
  updatedAt: string;
};

type GlossaryRow = Omit<GlossaryTerm, "also"> & { alsoJson: string };

const COLUMNS = `slug, term, stands_for AS standsFor, also_json AS alsoJson, definition_md AS definitionMd,
  definition_html AS definitionHtml, source_path AS sourcePath, updated_at AS updatedAt`;

function fromRow({ alsoJson, ...row }: GlossaryRow): GlossaryTerm {
  let also: string[] = [];
  try {
    const parsed = JSON.parse(alsoJson) as unknown;
    if (Array.isArray(parsed)) also = parsed.filter((a): a is string => typeof a === "string");
  } catch {
    /* a damaged row still lists its term */
  }
  return { ...row, also };
}

/** Every term, A–Z (case-insensitive). */
export async function listGlossaryTerms(q?: Queryable): Promise<GlossaryTerm[]> {
  const db = q ?? (await getDb());
  const rows = await db.all<GlossaryRow>(`SELECT ${COLUMNS} FROM glossary_terms ORDER BY term COLLATE NOCASE, slug`);
  return rows.map(fromRow);
}

export async function findGlossaryTerm(q: Queryable, slug: string): Promise<GlossaryTerm | undefined> {
  const row = await q.get<GlossaryRow>(`SELECT ${COLUMNS} FROM glossary_terms WHERE slug = ?`, [slug]);
  return row && fromRow(row);
}

export type NewGlossaryTerm = Omit<GlossaryTerm, "updatedAt">;

/** Creates or updates a term; says which, or "unchanged" when nothing differs. */
export async function upsertGlossaryTerm(q: Queryable, t: NewGlossaryTerm, now = new Date().toISOString()): Promise<"created" | "updated" | "unchanged"> {
  const existing = await findGlossaryTerm(q, t.slug);
  const same =
    existing &&
    existing.term === t.term && existing.standsFor === t.standsFor && JSON.stringify(existing.also) === JSON.stringify(t.also) &&
    existing.definitionMd === t.definitionMd && existing.definitionHtml === t.definitionHtml && existing.sourcePath === t.sourcePath;
  if (same) return "unchanged";
  await q.run(
    `INSERT INTO glossary_terms (slug, term, stands_for, also_json, definition_md, definition_html, source_path, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (slug) DO UPDATE SET term = excluded.term, stands_for = excluded.stands_for, also_json = excluded.also_json,
       definition_md = excluded.definition_md, definition_html = excluded.definition_html, source_path = excluded.source_path,
       updated_at = excluded.updated_at`,
    [t.slug, t.term, t.standsFor, JSON.stringify(t.also), t.definitionMd, t.definitionHtml, t.sourcePath, now],
  );
  return existing ? "updated" : "created";
}

export async function deleteGlossaryTerm(q: Queryable, slug: string): Promise<void> {
  await q.run("DELETE FROM glossary_terms WHERE slug = ?", [slug]);
}

/** Removes the term a file defined (its file was deleted); returns its slug if there was one. */
export async function deleteGlossaryTermBySource(q: Queryable, sourcePath: string): Promise<string | null> {
  const row = await q.get<{ slug: string }>("SELECT slug FROM glossary_terms WHERE source_path = ?", [sourcePath]);
  if (!row) return null;
  await deleteGlossaryTerm(q, row.slug);
  return row.slug;
}
