/**
 * Edit distance between two words, counted the way people mistype: a letter dropped,
 * doubled (one added), changed, or two neighbours swapped ("polciy" → "policy") is one
 * edit each. That is Damerau's distance in its "optimal string alignment" form, which
 * is also what lunr's fuzzy TokenSet allows.
 */

/** Optimal string alignment distance, or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (a === b) return 0;
  let prevPrev = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prevPrev[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[lb];
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** The words one edit away from a word, by kind of slip. */
export type OneEditAway = { swapped: string[]; changed: string[]; dropped: string[]; added: string[] };

/**
 * Lower-case words one edit away from `word` (a–z only), by kind: two neighbours swapped,
 * a letter changed, a letter dropped (which undoes a doubled or stray letter), a letter
 * added (which restores a dropped one). With `tail`, letters are changed or added only
 * among the last `tail` letters or just after them: those kinds try 26 letters at each
 * place, the others one. Each word once, in the first kind that makes it; never `word`.
 */
export function oneEditAway(word: string, tail = Infinity): OneEditAway {
  const seen = new Set<string>([word]);
  const kind = (make: (emit: (w: string) => void) => void): string[] => {
    const out: string[] = [];
    make((w) => {
      if (!seen.has(w)) {
        seen.add(w);
        out.push(w);
      }
    });
    return out;
  };
  const n = word.length;
  const from = Math.max(0, n - tail);
  return {
    swapped: kind((emit) => {
      for (let i = 0; i + 1 < n; i++) emit(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }),
    changed: kind((emit) => {
      for (let i = from; i < n; i++) for (const c of LETTERS) if (c !== word[i]) emit(word.slice(0, i) + c + word.slice(i + 1));
    }),
    dropped: kind((emit) => {
      for (let i = 0; i < n; i++) emit(word.slice(0, i) + word.slice(i + 1));
    }),
    added: kind((emit) => {
      for (let i = from; i <= n; i++) for (const c of LETTERS) emit(word.slice(0, i) + c + word.slice(i));
    }),
  };
}
