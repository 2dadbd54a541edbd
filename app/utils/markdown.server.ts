/**
 * Markdown to safe HTML: `marked` renders, `sanitize-html` removes anything not on the
 * allow-list. marked does not sanitise, so its output is never trusted; sanitising
 * happens here for every render (old stored payloads are re-rendered when
 * RENDERER_VERSION changes, see models/revision.server.ts).
 */
import { Marked, type Token, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import type { ItemType } from "~/models/item.server";
import { itemPath } from "./item-path";

/** Bump when the output of renderMarkdown changes, so cached HTML is re-rendered. (5: wide blocks in scroll regions.) */
export const RENDERER_VERSION = 5;

export type TocEntry = { id: string; text: string; level: number };
export type Rendered = { html: string; toc: TocEntry[] };

/** Links written as `guide:claim-mileage`, `policy:hr-042` or `announcement:slug`. */
const ITEM_LINK = /^(guide|policy|announcement)s?:([a-z0-9][a-z0-9-]*)(#[\w-]+)?$/i;

export type RenderOptions = {
  /** Maps a relative link (e.g. "../billing/refunds.md") to a site path, for imported doc sets. */
  resolveRelativeLink?: (href: string) => string | undefined;
};

export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&[a-z]+;/g, " ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "section"
  );
}

function resolveHref(href: string, options: RenderOptions): string {
  const trimmed = href.trim();
  const item = ITEM_LINK.exec(trimmed);
  if (item) {
    const type = item[1].toLowerCase() as ItemType;
    return `${itemPath(type, item[2].toLowerCase())}${item[3] ?? ""}`;
  }
  if (options.resolveRelativeLink && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !trimmed.startsWith("/") && !trimmed.startsWith("#")) {
    return options.resolveRelativeLink(trimmed) ?? trimmed;
  }
  return trimmed;
}

const HEADING_ID_PREFIX = "h-";

export function renderMarkdown(markdown: string, options: RenderOptions = {}): Rendered {
  const toc: TocEntry[] = [];
  const seen = new Map<string, number>();
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    walkTokens(token) {
      if (token.type === "link" || token.type === "image") {
        const t = token as Tokens.Link | Tokens.Image;
        t.href = resolveHref(t.href, options);
      }
    },
    renderer: {
      heading(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        const plain = plainText(inner).trim();
        let id = HEADING_ID_PREFIX + slugify(plain);
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        if (n > 0) id = `${id}-${n + 1}`;
        if (token.depth >= 2 && token.depth <= 3) toc.push({ id, text: decodeEntities(plain), level: token.depth });
        return `<h${token.depth} id="${id}">${inner}</h${token.depth}>\n`;
      },
    },
  });
  const raw = marked.parse(markdown ?? "") as string;
  return { html: wrapWideBlocks(sanitize(raw)), toc };
}

/**
 * The text of some inline HTML, tags dropped (as sanitize-html gives it). Text without
 * markup characters passes the sanitiser unchanged, so most headings skip it.
 */
function plainText(html: string): string {
  return /[&<>"'\0]/.test(html) ? sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }) : html;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "s", "del", "ins", "sub", "sup",
    "mark", "abbr", "kbd", "a", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "details", "summary", "figure", "figcaption", "span", "div", "input",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title", "width", "height"],
    abbr: ["title"],
    th: ["scope", "colspan", "rowspan", "align"],
    td: ["colspan", "rowspan", "align"],
    ol: ["start"],
    code: ["class"],
    input: ["type", "checked", "disabled", "aria-label"],
    h1: ["id"], h2: ["id"], h3: ["id"], h4: ["id"], h5: ["id"], h6: ["id"],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    // Task-list checkboxes only; any other input is dropped. They cannot be ticked on a
    // reading page, so each says in words what it shows (a form control needs a name).
    input: (tagName, attribs) =>
      attribs.type === "checkbox"
        ? {
            tagName,
            attribs: (attribs.checked !== undefined
              ? { type: "checkbox", disabled: "", checked: "", "aria-label": "Done" }
              : { type: "checkbox", disabled: "", "aria-label": "To do" }) as sanitizeHtml.Attributes,
          }
        : { tagName: "span", attribs: {} },
    a: (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs };
      if (/^https?:\/\//i.test(attribs.href ?? "")) out.rel = "noopener noreferrer";
      return { tagName, attribs: out };
    },
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
};
SANITIZE_OPTIONS.allowedAttributes = { ...(SANITIZE_OPTIONS.allowedAttributes as Record<string, string[]>), a: ["href", "title", "rel"] };

/** Only ids we generated (prefixed) survive, so content cannot clobber the page's own ids. */
function sanitize(html: string): string {
  return sanitizeHtml(html, {
    ...SANITIZE_OPTIONS,
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      ...Object.fromEntries(
        ["h1", "h2", "h3", "h4", "h5", "h6"].map((h) => [
          h,
          (tagName: string, attribs: sanitizeHtml.Attributes) => ({
            tagName,
            attribs: (attribs.id?.startsWith(HEADING_ID_PREFIX) ? { id: attribs.id } : {}) as sanitizeHtml.Attributes,
          }),
        ]),
      ),
    },
  });
}

const WIDE_BLOCK_TAG = /<(\/?)(table|pre)\b[^>]*>/g;

/**
 * Tables and code blocks can be wider than a phone. Each goes in its own scroll region
 * (WCAG 2.2 reflow: the block scrolls sideways, never the page): a named region a screen
 * reader lists, reachable by keyboard so it can be scrolled without a mouse. Named by the
 * table's caption when it has one, otherwise "Table 1", "Code example 2" and so on.
 *
 * Done on the sanitised HTML, so the sanitiser's allow-list grants nothing new: what an
 * author writes can never make such a region, and a nested table is wrapped only once.
 * Sanitised HTML escapes "<" in text and attributes, so every "<table" here is a tag.
 */
export function wrapWideBlocks(html: string): string {
  let out = "";
  let from = 0;
  let depth = 0;
  let open: { tag: string; at: number } | null = null;
  const counts = { table: 0, pre: 0 };
  for (const m of html.matchAll(WIDE_BLOCK_TAG)) {
    const [tagText, closing, tag] = m;
    const at = m.index!;
    if (!closing) {
      if (depth++ === 0) {
        out += html.slice(from, at);
        from = at;
        open = { tag, at };
      }
      continue;
    }
    if (depth === 0) continue;
    if (--depth > 0 || !open || open.tag !== tag) continue;
    const end = at + tagText.length;
    const block = html.slice(open.at, end);
    counts[tag as "table" | "pre"] += 1;
    const label = tag === "table" ? captionText(block) || `Table ${counts.table}` : `Code example ${counts.pre}`;
    out += `<div class="scroll-region" role="region" aria-label="${escapeAttribute(label)}" tabindex="0">${block}</div>`;
    from = end;
    open = null;
  }
  return out + html.slice(from);
}

/** The plain text of a table's own caption (not a nested table's), or "". */
function captionText(tableHtml: string): string {
  const m = /^<table\b[^>]*>\s*<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(tableHtml);
  if (!m) return "";
  return decodeEntities(m[1].replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim().slice(0, 150);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Plain text of some Markdown, for summaries, snippets and search. */
export function markdownToText(markdown: string): string {
  const html = new Marked({ gfm: true, async: false }).parse(markdown ?? "") as string;
  return decodeEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, " ")
    .trim();
}

/* ---- Short texts in email: titles, summaries, notice lines (decision 078) ---- */

export type InlineOptions = {
  /** Makes a site path ("/guides/x", or an item link after resolving) absolute; without it such links keep only their text. */
  absoluteUrl?: (path: string) => string;
  /** Plain text only: "text (url)" when true (the default), just "text" when false (subject lines). */
  withUrls?: boolean;
};

const SAFE_ABSOLUTE = /^(https?:\/\/|mailto:|tel:)/i;

/** Where an inline link may point in an email: an absolute http(s)/mailto/tel address, or nowhere (text only). */
function emailHref(href: string, options: InlineOptions): string | undefined {
  const resolved = resolveHref(href, {});
  if (SAFE_ABSOLUTE.test(resolved)) return resolved;
  if (resolved.startsWith("/") && !resolved.startsWith("//") && options.absoluteUrl) return options.absoluteUrl(resolved);
  return undefined;
}

/** The few tags an email's inline text may carry; everything else is text. */
const INLINE_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["strong", "em", "b", "i", "code", "del", "s", "a", "br"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  parseStyleAttributes: false,
};

function escapeHtmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * One line of Markdown (a title, a summary, a sentence) as safe inline HTML for an email:
 * bold, italics, code and links (absolute only); raw HTML and images are shown as text.
 */
export function inlineMarkdownToHtml(markdown: string, options: InlineOptions = {}): string {
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtmlText(token.text),
      image: (token: Tokens.Image) => escapeHtmlText(token.text),
      link(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, token: Tokens.Link) {
        const inner = this.parser.parseInline(token.tokens);
        const href = emailHref(token.href, options);
        return href ? `<a href="${escapeHtmlText(href)}">${inner}</a>` : inner;
      },
    },
  });
  return sanitizeHtml(marked.parseInline(markdown ?? "") as string, INLINE_SANITIZE).trim();
}

/** The same line as plain text: emphasis marks dropped, links as "text (url)", whitespace collapsed. */
export function inlineMarkdownToText(markdown: string, options: InlineOptions = {}): string {
  const withUrls = options.withUrls ?? true;
  const walk = (tokens: Token[]): string =>
    tokens
      .map((t) => {
        if (t.type === "link") {
          const link = t as Tokens.Link;
          const inner = walk(link.tokens);
          const href = withUrls ? emailHref(link.href, options) : undefined;
          if (!href || href === inner || href === `mailto:${inner}` || href === `tel:${inner}`) return inner;
          return `${inner} (${href})`;
        }
        if (t.type === "image") return (t as Tokens.Image).text;
        if (t.type === "br") return " ";
        if ("tokens" in t && Array.isArray(t.tokens) && t.tokens.length > 0) return walk(t.tokens);
        if (t.type === "text") return decodeEntities((t as Tokens.Text).text);
        return "text" in t && typeof t.text === "string" ? t.text : t.raw;
      })
      .join("");
  return walk(new Marked({ gfm: true, async: false }).Lexer.lexInline(markdown ?? ""))
    .replace(/\s+/g, " ")
    .trim();
}

/* ---- Comments and stories: Markdown-lite (decision 170) ---- */

const LITE_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "b", "i", "code", "del", "s", "a", "ul", "ol", "li", "blockquote", "span"],
  allowedAttributes: { a: ["href", "rel"], span: ["class"], ol: ["start"] },
  allowedClasses: { span: ["mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => {
      const out: Record<string, string> = { href: attribs.href ?? "" };
      if (/^https?:\/\//i.test(attribs.href ?? "")) out.rel = "noopener noreferrer nofollow";
      return { tagName, attribs: out };
    },
  },
};

/**
 * A comment or a short story: paragraphs, bold, italics, links (http(s), mailto, site
 * paths and item links) and lists. Headings become bold paragraphs; raw HTML and images
 * are shown as text. Mentions (`@Name` of the people given) are marked after sanitising,
 * in text only, never inside a tag.
 */
export function renderLiteMarkdown(markdown: string, mentionNames: string[] = []): string {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  marked.use({
    walkTokens(token) {
      if (token.type === "link") (token as Tokens.Link).href = resolveHref((token as Tokens.Link).href, {});
    },
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtmlText(token.text),
      image: (token: Tokens.Image) => escapeHtmlText(token.raw),
      heading(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, token: Tokens.Heading) {
        return `<p><strong>${this.parser.parseInline(token.tokens)}</strong></p>\n`;
      },
      hr: () => "",
      table: (token: Tokens.Table) => `<p>${escapeHtmlText(token.raw)}</p>`,
      code: (token: Tokens.Code) => `<p><code>${escapeHtmlText(token.text)}</code></p>`,
    },
  });
  let html = sanitizeHtml(marked.parse(markdown ?? "") as string, LITE_SANITIZE).trim();
  const names = [...new Set(mentionNames.filter((n) => n.trim()))].sort((a, b) => b.length - a.length);
  if (names.length > 0) {
    const escaped = names.map((n) => sanitizeHtml(`@${n}`, { allowedTags: [], allowedAttributes: {} }).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(${escaped.join("|")})`, "g");
    html = html
      .split(/(<[^>]*>)/)
      .map((part) => (part.startsWith("<") ? part : part.replace(pattern, '<span class="mention">$1</span>')))
      .join("");
  }
  return html;
}

/** The same text as plain text (emails, previews). */
export function liteMarkdownToText(markdown: string): string {
  return markdownToText(markdown);
}
