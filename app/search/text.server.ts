/**
 * Plain text from the sanitised HTML stored with each revision: what the index reads and
 * what snippets are cut from. The HTML is our own renderer's output (already sanitised),
 * so a simple tag strip is enough; entities are decoded so "&amp;" is searchable as "&".
 */

// Inline tags vanish ("claim<em>s</em>" stays one word); any other tag is a word break.
const TAG = /<\/?(a|abbr|b|code|em|i|mark|small|span|strong|sub|sup|u)\b[^>]*>|<[^>]*>/gi;
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp|ndash|mdash|hellip|lsquo|rsquo|ldquo|rdquo|pound|euro);/gi;
const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", pound: "£", euro: "€",
};

function decodeEntity(_: string, name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith("#")) {
    const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : " ";
  }
  return NAMED[lower] ?? " ";
}

export function htmlToText(html: string): string {
  return html
    .replace(TAG, (_, inline: string | undefined) => (inline ? "" : " "))
    .replace(ENTITY, decodeEntity)
    .replace(/\s{2,}|[\n\t\r]/g, " ")
    .trim();
}
