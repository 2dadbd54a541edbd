/** Shapes shared by the search server code and the pages that show results (types only). */
import type { ItemType } from "~/models/item.server";

/** A piece of result text; `mark` when it is a word the search matched. */
export type Segment = { text: string; mark?: true };

/** One result as the results page shows it. */
export type SearchHit = {
  id: number;
  type: ItemType;
  url: string;
  title: Segment[];
  snippet: Segment[];
  /** Where the snippet came from: the page's text, its summary, or (with `document`) an attached document. */
  snippetFrom?: "text" | "summary";
  /** The attached document the words were found in, when they are not in the page itself. */
  document?: { title: string; url: string } | null;
  department: string | null;
  date: string | null;
  reference: string | null;
};
