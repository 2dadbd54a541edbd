/**
 * Snippets: the part of an item's text that best shows why it matched, with the matched
 * words marked. The result is a list of plain-text segments, some flagged as matches; the
 * page renders them as text inside <mark> elements, so nothing from the item is ever
 * treated as HTML (the text is escaped by React, then wrapped).
 */

import type { Segment } from "./segment";

export type { Segment };

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

type Word = { start: number; end: number; match: boolean };

function wordsOf(text: string, isMatch: (word: string) => boolean): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) words.push({ start: m.index!, end: m.index! + m[0].length, match: isMatch(m[0].toLowerCase()) });
  return words;
}

function segmentsOf(text: string, words: Word[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let at = from;
  const push = (s: string, mark: boolean) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (last && !!last.mark === mark) last.text += s;
    else out.push(mark ? { text: s, mark: true } : { text: s });
  };
  for (const w of words) {
    if (w.end <= from || w.start >= to || !w.match) continue;
    push(text.slice(at, w.start), false);
    push(text.slice(w.start, w.end), true);
    at = w.end;
  }
  push(text.slice(at, to), false);
  return out;
}

/** The whole text with matches marked (titles, summaries). */
export function highlight(text: string, isMatch: (word: string) => boolean): Segment[] {
  return segmentsOf(text, wordsOf(text, isMatch), 0, text.length);
}

/**
 * About `length` words of `text` around the densest cluster of matches, with "…" where
 * it was cut. Null when the text has no match at all (the caller shows the summary).
 */
export function snippet(text: string, isMatch: (word: string) => boolean, length = 32): Segment[] | null {
  const words = wordsOf(text, isMatch);
  if (!words.some((w) => w.match)) return null;
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i].match) count++;
    if (i >= length && words[i - length].match) count--;
    const start = Math.max(0, i - length + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  // Start a little before the first match in the window, so it reads as a sentence.
  let first = best;
  while (first < words.length && !words[first].match) first++;
  const start = Math.max(0, Math.min(best, first - 4));
  const end = Math.min(words.length, start + length);
  const from = words[start].start;
  const to = end >= words.length ? text.length : words[end - 1].end;
  const segments = segmentsOf(text, words, from, to);
  if (start > 0) segments.unshift({ text: "… " });
  if (to < text.length) segments.push({ text: " …" });
  return segments;
}
