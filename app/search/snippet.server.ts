/**
 * Snippets: the part of an item's text that best shows why it matched, with the matched
 * words marked. The result is a list of plain-text segments, some flagged as matches; the
 * page renders them as text inside <mark> elements, so nothing from the item is ever
 * treated as HTML (React escapes the text, then it is wrapped).
 *
 * Finding the words: each matched index term is a word beginning ("mileag" → "mileage";
 * with the usual Porter endings "i"→"y" and a dropped "e" covered too), so the text is
 * searched for those beginnings with indexOf and each word found is confirmed by
 * stemming it. A 2,000-word policy costs a few native scans, not 2,000 stemmer calls.
 */
import type { Segment } from "./types";

export type { Segment };

type Span = { start: number; end: number };

const WORD_CHAR = /[\p{L}\p{N}'’]/u;

export class MatchFinder {
  private readonly needles: string[];

  /** `terms`: index terms the query matched; `isMatch`: whether a word (lower case) stems to one of them. */
  constructor(terms: Iterable<string>, private readonly isMatch: (word: string) => boolean) {
    const variants = new Set<string>();
    for (const t of terms) {
      if (!t) continue;
      variants.add(t);
      if (t.length > 3 && t.endsWith("e")) variants.add(t.slice(0, -1));
      if (t.endsWith("i")) variants.add(`${t.slice(0, -1)}y`);
    }
    // Sorted, a word's extensions follow it: keep only beginnings no kept one already covers.
    const needles: string[] = [];
    for (const v of [...variants].sort()) if (!needles.length || !v.startsWith(needles[needles.length - 1])) needles.push(v);
    this.needles = needles;
  }

  find(text: string): Span[] {
    if (!text || this.needles.length === 0) return [];
    const lower = text.toLowerCase();
    // A few characters change length in lower case ("İ"); then go word by word.
    if (lower.length !== text.length) return this.findWordByWord(text);
    const spans: Span[] = [];
    for (const needle of this.needles) {
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        if (at > 0 && WORD_CHAR.test(lower[at - 1])) continue;
        let end = at + needle.length;
        while (end < lower.length && WORD_CHAR.test(lower[end])) end++;
        if (this.isMatch(lower.slice(at, end))) spans.push({ start: at, end });
      }
    }
    return spans.sort((a, b) => a.start - b.start);
  }

  private findWordByWord(text: string): Span[] {
    const spans: Span[] = [];
    for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu))
      if (this.isMatch(m[0].toLowerCase())) spans.push({ start: m.index!, end: m.index! + m[0].length });
    return spans;
  }
}

function segmentsOf(text: string, spans: Span[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({ text: text.slice(Math.max(at, s.start), Math.min(s.end, to)), mark: true });
    at = Math.min(s.end, to);
  }
  if (at < to) out.push({ text: text.slice(at, to) });
  return out;
}

/** The whole text with matches marked (titles, summaries). */
export function highlight(text: string, finder: MatchFinder): Segment[] {
  return segmentsOf(text, finder.find(text), 0, text.length);
}

/**
 * About `length` characters of `text` around the densest cluster of matches, cut at
 * spaces, with "…" where it was cut. Null when the text has no match (the caller shows
 * the summary instead).
 */
export function snippet(text: string, finder: MatchFinder, length = 220): Segment[] | null {
  const spans = finder.find(text);
  if (spans.length === 0) return null;
  // The window holding the most matches.
  let best = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < spans.length; i++) {
    while (spans[i].end - spans[j].start > length) j++;
    if (i - j + 1 > bestCount) {
      bestCount = i - j + 1;
      best = j;
    }
  }
  let from = Math.max(0, spans[best].start - 40);
  if (from > 0) {
    const space = text.indexOf(" ", from);
    from = space >= 0 && space < spans[best].start ? space + 1 : spans[best].start;
  }
  let to = Math.min(text.length, from + length);
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    if (space > spans[best].end) to = space;
  }
  const segments = segmentsOf(text, spans, from, to);
  if (from > 0) segments.unshift({ text: "… " });
  if (to < text.length) segments.push({ text: " …" });
  return segments;
}
