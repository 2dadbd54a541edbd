/**
 * The fields every indexed item has, in the order the packed index stores them, and how
 * much a match in each counts (applied when the index is built, as lunr does).
 */
export const FIELDS = ["title", "summary", "tags", "department", "type", "body"] as const;
export type FieldName = (typeof FIELDS)[number];

export const FIELD_BOOST: Record<FieldName, number> = {
  title: 10,
  summary: 3,
  tags: 3,
  department: 1,
  type: 1,
  body: 1,
};

export const FIELD_NUMBER = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<FieldName, number>;

/** Boost per field number, in FIELDS order, for the builder. */
export const FIELD_BOOSTS: number[] = FIELDS.map((f) => FIELD_BOOST[f]);
