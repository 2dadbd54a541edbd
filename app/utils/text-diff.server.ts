/**
 * The one readable text diff (jsdiff): word level for normal texts, whole lines when the
 * texts are huge or the word diff would take too long, so a page never hangs.
 */
import { diffLines, diffWordsWithSpace } from "diff";
import type { DiffPart } from "~/components/DiffView";

const WORD_DIFF_MAX_CHARS = 200_000;
const WORD_DIFF_TIMEOUT_MS = 700;

export function wordDiff(a: string, b: string): DiffPart[] {
  const words = a.length + b.length <= WORD_DIFF_MAX_CHARS ? diffWordsWithSpace(a, b, { timeout: WORD_DIFF_TIMEOUT_MS }) : undefined;
  return (words ?? diffLines(a, b)).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));
}
