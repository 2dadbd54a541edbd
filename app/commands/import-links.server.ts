/**
 * Relative links and images in imported Markdown. Pages written for a docs site or a wiki
 * link to each other by file path (`../billing/refunds.md#giving-notice`); on the intranet
 * those pages live at `/guides/<slug>` and their headings have our ids (`h-…`).
 */
import fs from "node:fs";
import path from "node:path";
import { slugify } from "~/utils/markdown.server";
import { hashText } from "./import-scan.server";

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

/** Where images referenced by imported pages are copied, and the URL they are served from. */
export type AssetStore = { dir: string; urlPrefix: string };

/** Per page (absolute path): the anchors other tools give its headings → our heading ids. */
export type AnchorMaps = Map<string, Map<string, string>>;

/**
 * Resolves relative links of one file: to another imported page's address (with the
 * heading anchor translated to our ids), or for images to a copy served from the asset
 * folder. Anything else is left as written.
 */
export function makeLinkResolver(
  fileAbs: string,
  routes: Map<string, string>,
  assets: AssetStore | null,
  anchors?: AnchorMaps,
): (href: string) => string | undefined {
  return (href) => {
    const [beforeHash, anchor] = splitOnce(href, "#");
    const rawPath = beforeHash.split("?")[0];
    if (!rawPath) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return undefined;
    }
    const target = path.resolve(path.dirname(fileAbs), decoded);
    const page = [target, `${target}.md`, path.join(target, "index.md"), path.join(target, "README.md")].find((p) => routes.has(p));
    if (page) {
      const route = routes.get(page)!;
      if (!anchor) return route;
      return `${route}#${anchors?.get(page)?.get(anchor.toLowerCase()) ?? `h-${slugify(anchor)}`}`;
    }
    if (assets && IMAGE.test(decoded)) return copyAsset(target, assets);
    return undefined;
  };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/**
 * The anchors a docs site (GitHub's rule: lower case, punctuation dropped, spaces to
 * hyphens, "-1", "-2" for repeats) gives a page's headings, mapped to the ids our renderer
 * gives them ("h-" + slug, "-2", "-3" for repeats).
 */
export function headingAnchors(body: string): Map<string, string> {
  const out = new Map<string, string>();
  const ours = new Map<string, number>();
  const theirs = new Map<string, number>();
  let fence: string | null = null;
  for (const line of body.split("\n")) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    const h = /^\s{0,3}#{1,6}\s+(.+?)(?:\s+#+)?\s*$/.exec(line);
    if (!h) continue;
    const text = h[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[`*_~]/g, "")
      .trim();
    let id = `h-${slugify(text)}`;
    const n = ours.get(id) ?? 0;
    ours.set(id, n + 1);
    if (n > 0) id = `${id}-${n + 1}`;
    let anchor = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const m = theirs.get(anchor) ?? 0;
    theirs.set(anchor, m + 1);
    if (m > 0) anchor = `${anchor}-${m}`;
    if (!out.has(anchor)) out.set(anchor, id);
  }
  return out;
}

/** Copies an image under its content hash (so the same picture is stored once) and returns its URL. */
function copyAsset(abs: string, assets: AssetStore): string | undefined {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(abs);
  } catch {
    return undefined;
  }
  return storeAsset(buffer, path.extname(abs), assets);
}

/** Writes bytes into the asset folder under their content hash (once) and returns their URL. */
export function storeAsset(buffer: Buffer, extension: string, assets: AssetStore): string {
  const name = `${hashText(buffer).slice(0, 20)}${extension.toLowerCase()}`;
  const dest = path.join(assets.dir, name);
  if (!fs.existsSync(dest)) {
    fs.mkdirSync(assets.dir, { recursive: true });
    fs.writeFileSync(dest, buffer);
  }
  return `${assets.urlPrefix}${name}`;
}
