/**
 * Text that XML 1.0 allows, and the one way the intranet sends XML (feeds, OpenSearch, any
 * other). XML 1.0 allows tab, newline, carriage return and U+0020–U+D7FF, U+E000–U+FFFD,
 * U+10000–U+10FFFF; anything else (other C0 controls such as the vertical tab Word puts in
 * pasted text, lone surrogates, U+FFFE and U+FFFF) makes a whole document invalid, and a
 * strict feed reader then shows nothing at all. No server imports: the editor's schema
 * uses `toXmlText` in the browser too (decision 077).
 */

/** One character XML 1.0 does not allow (with the `u` flag a lone surrogate is one code point). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, "gu");
/** Vertical tab and form feed: line breaks in text pasted from word processors. */
const BREAKS = /[\v\f]/g;

export function hasNonXmlChars(text: string): boolean {
  return NOT_XML_CHAR.test(text);
}

/**
 * `text` with only characters XML 1.0 allows: a vertical tab or form feed becomes
 * `lineBreak` (what the writer meant: a line break in multi-line text, a space on one
 * line), every other character XML does not allow is removed.
 */
export function toXmlText(text: string, lineBreak: "\n" | " " = " "): string {
  if (!NOT_XML_CHAR.test(text)) return text; // the common case: no copy
  return text.replace(BREAKS, lineBreak).replace(NOT_XML_CHARS, "");
}

/** `toXmlText` (one-line: a vertical tab becomes a space) on every string inside parsed data (front matter). */
export function toXmlTextDeep<T>(value: T): T {
  if (typeof value === "string") return toXmlText(value) as T;
  if (Array.isArray(value)) return value.map((v) => toXmlTextDeep(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    // defineProperty: a key called __proto__ stays an ordinary key, as the parser left it.
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, toXmlText(k), { value: toXmlTextDeep(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

/** Escapes text for an XML element or attribute value; characters XML cannot carry are dropped first. */
export function escapeXml(text: string): string {
  return toXmlText(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/**
 * Every XML response goes through here: the whole document is passed through `toXmlText`,
 * so text stored before the edges cleaned it (or from a source that does not) can never
 * make a document invalid. Markup itself never contains those characters, so this only
 * ever touches text.
 */
export function xmlResponse(document: string, init: { contentType: string; headers?: Record<string, string>; status?: number }): Response {
  return new Response(toXmlText(document), {
    status: init.status ?? 200,
    headers: { ...init.headers, "Content-Type": `${init.contentType}; charset=utf-8` },
  });
}
