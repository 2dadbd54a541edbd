/**
 * Plain-language advice for writers, shown in the editor before publishing. It is
 * advice, never a blocker: many staff read English as a second language or have low
 * digital skills, so we point at what makes text harder to read and suggest plainer words.
 *
 * Works on the Markdown source so it can name lines. No server-only imports: the editor
 * can run it in the browser too.
 */
import { syllable } from "syllable";

export type Advice = {
  rule: "reading-age" | "summary-reading-age" | "long-sentence" | "passive-voice" | "plain-words" | "alt-text" | "heading-order" | "link-text";
  message: string;
  line?: number;
};

export type ReadabilityReport = {
  words: number;
  sentences: number;
  averageSentenceLength: number;
  /** Flesch–Kincaid grade + 5, the age of a reader who would follow it. */
  readingAge: number;
  advice: Advice[];
};

/** Aim for text a 12-year-old can read, as public-sector writing guidance recommends. */
export const TARGET_READING_AGE = 12;
export const LONG_SENTENCE_WORDS = 25;

/** Words and phrases with a plainer alternative (lower case). */
export const PLAIN_WORDS: Record<string, string> = {
  "in order to": "to", "prior to": "before", "in the event that": "if", "with regard to": "about",
  "in relation to": "about", "a number of": "some", "at this point in time": "now", "due to the fact that": "because",
  utilise: "use", utilize: "use", utilisation: "use", commence: "start", commencement: "start", facilitate: "help",
  approximately: "about", assistance: "help", purchase: "buy", endeavour: "try", terminate: "end",
  sufficient: "enough", subsequently: "later", additional: "more", ascertain: "find out", disseminate: "share",
  expedite: "speed up", implement: "carry out", leverage: "use", notwithstanding: "despite", obtain: "get",
  remuneration: "pay", requirement: "need", forthwith: "now", henceforth: "from now on", whilst: "while",
  deem: "consider", enquire: "ask", modification: "change", demonstrate: "show", necessitate: "need",
  transmit: "send", optimise: "improve", "going forward": "from now on", "key stakeholders": "the people involved",
};

const VAGUE_LINK_TEXT = /^(click here|here|click|read more|more|this link|link|this page|find out more)$/i;
const BE_FORMS = "(?:am|is|are|was|were|be|been|being)";
const IRREGULAR_PARTICIPLES =
  "(?:done|made|given|taken|seen|known|shown|sent|paid|held|kept|told|found|left|brought|bought|built|chosen|written|spoken|driven|drawn|won|lost|met|set|put|read|run|cut|hit|shut|understood|forgotten|hidden)";
const PASSIVE = new RegExp(`\\b${BE_FORMS}\\s+(?:\\w+ly\\s+)?(?:\\w{3,}ed|${IRREGULAR_PARTICIPLES})\\b`, "gi");

function stripMarkdown(line: string): string {
  return line
    .replace(/`[^`]*`/g, " ")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+[.)]|>)\s+/, "")
    .replace(/[*_~|]/g, " ");
}

function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
}

/**
 * The reading age of a short plain text (Flesch–Kincaid grade + 5), as for a page. Used for
 * a must-read's summary, which is what frontline staff read first (issue 18).
 */
export function readingAgeOf(text: string): number {
  const sentences = (text.match(/[^.!?]+[.!?]*/g) ?? []).filter((t) => wordsOf(t).length > 0);
  const words = wordsOf(text);
  if (words.length === 0) return 0;
  let syllables = 0;
  for (const w of words) syllables += Math.max(1, syllable(w));
  const grade = 0.39 * (words.length / Math.max(1, sentences.length)) + 11.8 * (syllables / words.length) - 15.59;
  return Math.max(5, Math.round(grade + 5));
}

/**
 * Checks Markdown for readability problems; `title` and `summary` count as text too. For a
 * must-read (`mustRead`), the summary alone must read at TARGET_READING_AGE or below: it is
 * shown first, and for many staff it is all they read before confirming.
 */
export function checkReadability(markdown: string, extra: { title?: string; summary?: string; mustRead?: boolean } = {}): ReadabilityReport {
  const advice: Advice[] = [];
  const lines = (markdown ?? "").split(/\r?\n/);
  let inFence = false;
  let lastHeading = 1;
  const prose: { text: string; line: number }[] = [];
  if (extra.title) prose.push({ text: `${extra.title}.`, line: 0 });
  if (extra.summary) prose.push({ text: extra.summary, line: 0 });

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(raw);
    if (heading) {
      const level = heading[1].length;
      if (level === 1) advice.push({ rule: "heading-order", line, message: `Line ${line}: the page title is the only top-level heading. Use "##" for sections.` });
      else if (level > lastHeading + 1)
        advice.push({ rule: "heading-order", line, message: `Line ${line}: heading level ${level} comes after level ${lastHeading}. Do not skip heading levels.` });
      lastHeading = level;
    }
    for (const m of raw.matchAll(/!\[([^\]]*)\]\(([^)]*)\)/g))
      if (!m[1].trim()) advice.push({ rule: "alt-text", line, message: `Line ${line}: an image has no alt text. Describe what it shows, for people who cannot see it.` });
    for (const m of raw.matchAll(/<img\b[^>]*>/gi))
      if (!/\balt\s*=\s*["'][^"']+["']/i.test(m[0])) advice.push({ rule: "alt-text", line, message: `Line ${line}: an image has no alt text.` });
    for (const m of raw.matchAll(/(?<!!)\[([^\]]+)\]\([^)]*\)/g))
      if (VAGUE_LINK_TEXT.test(m[1].trim()))
        advice.push({ rule: "link-text", line, message: `Line ${line}: the link text "${m[1].trim()}" does not say where it goes. Use words that describe the page.` });
    const text = stripMarkdown(raw).trim();
    if (text) prose.push({ text: heading || /^\s*([-*+]|\d+[.)])\s/.test(raw) ? `${text}.` : text, line });
  });

  // Sentences may run across lines of one paragraph: join and split on end punctuation.
  const joined = prose.map((p) => p.text).join(" ");
  const lineAt = (offset: number): number => {
    let acc = 0;
    for (const p of prose) {
      acc += p.text.length + 1;
      if (offset < acc) return p.line;
    }
    return prose.at(-1)?.line ?? 0;
  };
  const sentences: { text: string; line: number }[] = [];
  const re = /[^.!?]+[.!?]*/g;
  for (const m of joined.matchAll(re)) {
    const t = m[0].trim();
    if (wordsOf(t).length > 0) sentences.push({ text: t, line: lineAt(m.index ?? 0) });
  }
  let totalWords = 0;
  let totalSyllables = 0;
  for (const s of sentences) {
    const words = wordsOf(s.text);
    totalWords += words.length;
    for (const w of words) totalSyllables += Math.max(1, syllable(w));
    if (words.length > LONG_SENTENCE_WORDS)
      advice.push({ rule: "long-sentence", line: s.line || undefined, message: `${s.line ? `Line ${s.line}: a` : "A"} sentence has ${words.length} words. Try to keep sentences under ${LONG_SENTENCE_WORDS} words: "${s.text.slice(0, 60)}…"` });
    for (const m of s.text.matchAll(PASSIVE))
      advice.push({ rule: "passive-voice", line: s.line || undefined, message: `${s.line ? `Line ${s.line}: ` : ""}"${m[0]}" may be passive. Say who does what, for example "we will send" rather than "will be sent".` });
  }
  const lower = ` ${joined.toLowerCase()} `;
  for (const [word, plain] of Object.entries(PLAIN_WORDS)) {
    const found = new RegExp(`[^a-z]${word.replace(/ /g, "\\s+")}[^a-z]`).exec(lower);
    if (found) advice.push({ rule: "plain-words", line: lineAt(Math.max(0, found.index - 1)) || undefined, message: `Use "${plain}" instead of "${word}".` });
  }
  const sentenceCount = Math.max(1, sentences.length);
  const avg = totalWords / sentenceCount;
  const grade = totalWords === 0 ? 0 : 0.39 * avg + 11.8 * (totalSyllables / totalWords) - 15.59;
  const readingAge = Math.max(5, Math.round(grade + 5));
  if (extra.mustRead && extra.summary) {
    const summaryAge = readingAgeOf(extra.summary);
    if (summaryAge > TARGET_READING_AGE)
      advice.unshift({ rule: "summary-reading-age", message: `This is a must-read and its summary reads at about age ${summaryAge}. Staff read the summary first: make it readable at age ${TARGET_READING_AGE} or below, with short sentences and everyday words.` });
  }
  if (totalWords >= 20 && readingAge > TARGET_READING_AGE + 2)
    advice.unshift({ rule: "reading-age", message: `This reads at about age ${readingAge}. Aim for ${TARGET_READING_AGE}: shorter sentences and everyday words help everyone.` });
  return { words: totalWords, sentences: sentences.length, averageSentenceLength: Math.round(avg * 10) / 10, readingAge, advice };
}
