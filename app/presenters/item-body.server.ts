/**
 * The body of an item as one reader sees it. An author may link to a page that this reader
 * cannot open (a guide for one department, a draft, a page that no longer exists); followed,
 * such a link ends on "page not found". So every body is shown through here: links to items
 * the reader may open stay links (to `hrefFor` of the item, the staff page by default), and
 * each other item link becomes its words with "(not available to you)". Routes never render
 * `renderedRevision` themselves (tests/access/body-links.test.ts checks every route).
 */
import type { Queryable } from "~/utils/db.server";
import { listVisibleItemRefs, type ItemType, type Visibility } from "~/models/item.server";
import { renderedRevision, type RevisionRow } from "~/models/revision.server";
import { ITEM_PATH, itemPath, itemTypeOfSection } from "~/utils/item-path";
import type { TocEntry } from "~/utils/markdown.server";

const SECTIONS = Object.values(ITEM_PATH).map((p) => p.slice(1, -1)).join("|");
/** An anchor the renderer wrote for an item link: `<a href="/guides/slug#part">words</a>`. */
const ITEM_ANCHOR = new RegExp(`<a href="/(${SECTIONS})/([a-z0-9][a-z0-9-]*)(#[^"]*)?"([^>]*)>([\\s\\S]*?)</a>`, "g");

export type ReaderBody = { html: string; toc: TocEntry[] };

/** The body of `revision` for a reader whose items clause is `visibility`; an empty body without a revision. */
export async function itemBodyForReader(
  q: Queryable,
  revision: RevisionRow | undefined,
  visibility: Visibility,
  hrefFor: (type: ItemType, slug: string) => string = itemPath,
): Promise<ReaderBody> {
  if (!revision) return { html: "", toc: [] };
  const body = await renderedRevision(revision);
  return { html: await linksForReader(q, body.html, visibility, hrefFor), toc: body.toc };
}

/** `html` with each item link pointed at `hrefFor` when the reader may open the item, and made plain words otherwise. */
export async function linksForReader(
  q: Queryable,
  html: string,
  visibility: Visibility,
  hrefFor: (type: ItemType, slug: string) => string = itemPath,
): Promise<string> {
  const refs: { type: ItemType; slug: string }[] = [];
  for (const m of html.matchAll(ITEM_ANCHOR)) {
    const type = itemTypeOfSection(m[1]);
    if (type) refs.push({ type, slug: m[2] });
  }
  if (refs.length === 0) return html;
  const open = await listVisibleItemRefs(q, refs, visibility);
  return html.replace(ITEM_ANCHOR, (whole, section: string, slug: string, fragment: string | undefined, rest: string, words: string) => {
    const type = itemTypeOfSection(section);
    if (!type) return whole;
    if (open.has(`${type}:${slug}`)) return `<a href="${hrefFor(type, slug)}${fragment ?? ""}"${rest}>${words}</a>`;
    return `<span class="link-unavailable">${words} <span class="link-unavailable__note">(not available to you)</span></span>`;
  });
}
