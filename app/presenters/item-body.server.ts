/**
 * The body of an item as one reader sees it. An author may link to a page that this reader
 * cannot open (a guide for one department, a draft, a page that no longer exists); followed,
 * such a link ends on "page not found". So every body is shown through here: links to items
 * the reader may open stay links (to `hrefFor` of the item, the staff page by default), and
 * each other item link becomes its words with "(not available to you)". Routes never render
 * `renderedRevision` themselves (tests/access/body-links.test.ts checks every route).
 */
import type { Viewer } from "~/access/audience.server";
import type { Queryable } from "~/utils/db.server";
import { listVisibleItemRefs, type ItemType, type Visibility } from "~/models/item.server";
import type { SessionSight } from "~/models/user.server";
import { forAudience } from "./audience-cache.server";
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

/**
 * `itemBodyForReader` for a signed-in viewer on an item page: which of the linked pages they may
 * open is kept per audience key until the change feed moves (decision 245), keyed by exactly the
 * slugs asked about (the answer depends on nothing else), and so is the body with its links
 * rewritten, per revision (decision 255; revisions feed the change feed). The answer is shared:
 * never change it.
 */
export async function itemBodyForViewer(q: Queryable, revision: RevisionRow | undefined, viewer: Viewer & { sight?: SessionSight }): Promise<ReaderBody> {
  if (!revision) return { html: "", toc: [] };
  // The body as this audience sees it, kept per revision and audience key until the feed moves
  // (decision 255): finding and rewriting its links was done again on every page.
  return forAudience(
    q,
    `body|${revision.id}`,
    viewer,
    async () => {
      const body = await renderedRevision(revision);
      const open = (refs: ItemRef[]) => {
        const slugs = [...new Set(refs.map((r) => r.slug))].sort().join(" ");
        return forAudience(q, `links|${slugs}`, viewer, (visibility) => listVisibleItemRefs(q, refs, visibility), viewer.sight?.feedId);
      };
      return { html: await rewriteLinks(body.html, open, itemPath), toc: body.toc };
    },
    viewer.sight?.feedId,
  );
}

type ItemRef = { type: ItemType; slug: string };

/** `html` with each item link pointed at `hrefFor` when the reader may open the item, and made plain words otherwise. */
export async function linksForReader(
  q: Queryable,
  html: string,
  visibility: Visibility,
  hrefFor: (type: ItemType, slug: string) => string = itemPath,
): Promise<string> {
  return rewriteLinks(html, (refs) => listVisibleItemRefs(q, refs, visibility), hrefFor);
}

async function rewriteLinks(
  html: string,
  openOf: (refs: ItemRef[]) => Promise<Set<string>>,
  hrefFor: (type: ItemType, slug: string) => string,
): Promise<string> {
  const refs: ItemRef[] = [];
  for (const m of html.matchAll(ITEM_ANCHOR)) {
    const type = itemTypeOfSection(m[1]);
    if (type) refs.push({ type, slug: m[2] });
  }
  if (refs.length === 0) return html;
  const open = await openOf(refs);
  return html.replace(ITEM_ANCHOR, (whole, section: string, slug: string, fragment: string | undefined, rest: string, words: string) => {
    const type = itemTypeOfSection(section);
    if (!type) return whole;
    if (open.has(`${type}:${slug}`)) return `<a href="${hrefFor(type, slug)}${fragment ?? ""}"${rest}>${words}</a>`;
    return `<span class="link-unavailable">${words} <span class="link-unavailable__note">(not available to you)</span></span>`;
  });
}
