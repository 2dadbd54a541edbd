/**
 * Builds the search index in lunr's scoring model, packed into typed arrays.
 *
 * lunr.Builder computes, for every field of every document, a BM25 vector (k1 = 1.2,
 * b = 0.75, times the field's boost, rounded to 3 decimals), and lunr.Index scores a
 * query as the sum over fields of dot(queryVector, fieldVector) / |queryVector|. That is
 * linear in the postings, so each (term, document, field) posting keeps its weight in
 * flat typed arrays and a query adds `boost × weight / |queryVector|` per posting of each
 * expanded term. Same scores as lunr (tests/search/packed-index.test.ts checks against
 * lunr itself) in about a tenth of the memory and time; docs/decisions/050-search-index.md
 * has the measurements that made us do it.
 *
 * SELF-CONTAINED: no imports and no outside references, because its source text runs in
 * the index-building worker thread (worker.server.ts) as well as on the main thread.
 */
import type { Analyzer } from "./analyzer.server";

/** One document to index: its item id and the text of each field, in FIELDS order. */
export type BuildDoc = { id: number; fields: string[] };

/** Corpus statistics of the main index, so a small delta index scores like the main one. */
export type CorpusStats = { documentCount: number; avgFieldLength: number[]; df: (term: string) => number };

export type PackedIndexData = {
  fieldCount: number;
  documentCount: number;
  avgFieldLength: number[];
  /** Item id of each document number. */
  docIds: Int32Array;
  /** Index terms, sorted (JavaScript default order), and for term t its postings at [termOffsets[t], termOffsets[t+1]). */
  terms: string[];
  termOffsets: Uint32Array;
  /** lunr's "documents with term": postings across fields. */
  termDf: Uint32Array;
  postDocs: Int32Array;
  postFields: Uint8Array;
  /** lunr's field-vector weight: BM25 × field boost, rounded to 3 decimals. */
  postWeights: Float32Array;
  /** For each term, the shortest plain word seen for it ("mileage" for "mileag"), or "": what "did you mean" shows. */
  termWords: string[];
};

export type PackedBuilder = { add(doc: BuildDoc): void; build(): PackedIndexData; readonly size: number };

export function createPackedBuilder(analyzer: Analyzer, options: { fieldBoosts: number[]; stats?: CorpusStats }): PackedBuilder {
  const F = options.fieldBoosts.length;
  const K1 = 1.2;
  const B = 0.75;

  function growInt32(a: Int32Array, need: number): Int32Array {
    if (need <= a.length) return a;
    const b = new Int32Array(Math.max(need, a.length * 2));
    b.set(a);
    return b;
  }
  function growUint32(a: Uint32Array, need: number): Uint32Array {
    if (need <= a.length) return a;
    const b = new Uint32Array(Math.max(need, a.length * 2));
    b.set(a);
    return b;
  }
  function growUint8(a: Uint8Array, need: number): Uint8Array {
    if (need <= a.length) return a;
    const b = new Uint8Array(Math.max(need, a.length * 2));
    b.set(a);
    return b;
  }

  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const termWord = new Map<string, string>();
  const onWord = (term: string, word: string) => {
    const seen = termWord.get(term);
    if (seen === undefined || word.length < seen.length || (word.length === seen.length && word < seen)) termWord.set(term, word);
  };
  let docIds: Int32Array = new Int32Array(1024);
  let fieldLengths: Uint32Array = new Uint32Array(1024 * F);
  let pTerm: Int32Array = new Int32Array(1 << 16);
  let pDoc: Int32Array = new Int32Array(1 << 16);
  let pField: Uint8Array = new Uint8Array(1 << 16);
  let pTf: Uint32Array = new Uint32Array(1 << 16);
  let postings = 0;
  let docCount = 0;

  function add(doc: BuildDoc): void {
    const d = docCount++;
    docIds = growInt32(docIds, docCount);
    docIds[d] = doc.id;
    fieldLengths = growUint32(fieldLengths, docCount * F);
    for (let f = 0; f < F; f++) {
      const terms = analyzer.termsAndWords(doc.fields[f] ?? "", onWord);
      fieldLengths[d * F + f] = terms.length;
      const tf = new Map<string, number>();
      for (let i = 0; i < terms.length; i++) if (terms[i] !== "") tf.set(terms[i], (tf.get(terms[i]) ?? 0) + 1);
      const need = postings + tf.size;
      pTerm = growInt32(pTerm, need);
      pDoc = growInt32(pDoc, need);
      pField = growUint8(pField, need);
      pTf = growUint32(pTf, need);
      for (const [term, count] of tf) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termNames.length;
          termIds.set(term, id);
          termNames.push(term);
        }
        pTerm[postings] = id;
        pDoc[postings] = d;
        pField[postings] = f;
        pTf[postings] = count;
        postings++;
      }
    }
  }

  function build(): PackedIndexData {
    const T = termNames.length;
    // Average field lengths (lunr counts every document for every field, empty or not).
    const avg: number[] = [];
    if (options.stats) for (let f = 0; f < F; f++) avg.push(options.stats.avgFieldLength[f] || 1);
    else
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let d = 0; d < docCount; d++) sum += fieldLengths[d * F + f];
        avg.push(docCount ? sum / docCount : 0);
      }
    const localDf = new Uint32Array(T);
    for (let p = 0; p < postings; p++) localDf[pTerm[p]]++;
    const N = options.stats ? Math.max(options.stats.documentCount, docCount) : docCount;
    const idf = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      const df = localDf[t] + (options.stats ? options.stats.df(termNames[t]) : 0);
      idf[t] = Math.log(1 + Math.abs((N - df + 0.5) / (df + 0.5)));
    }
    // BM25 weight per posting, boosted and rounded like lunr.
    const weights = new Float32Array(postings);
    for (let p = 0; p < postings; p++) {
      const f = pField[p];
      const len = fieldLengths[pDoc[p] * F + f];
      const tf = pTf[p];
      const avgLen = avg[f] || 1;
      const score = ((idf[pTerm[p]] * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (len / avgLen)) + tf)) * (options.fieldBoosts[f] || 1);
      weights[p] = Math.round(score * 1000) / 1000;
    }

    // Terms in sorted order, postings grouped by term (counting sort).
    const order = termNames.map((_, i) => i).sort((a, b) => (termNames[a] < termNames[b] ? -1 : termNames[a] > termNames[b] ? 1 : 0));
    const rank = new Int32Array(T);
    for (let r = 0; r < T; r++) rank[order[r]] = r;
    const termOffsets = new Uint32Array(T + 1);
    const termDf = new Uint32Array(T);
    for (let t = 0; t < T; t++) termDf[rank[t]] = localDf[t];
    for (let r = 0; r < T; r++) termOffsets[r + 1] = termOffsets[r] + termDf[r];
    const cursor = termOffsets.slice(0, T);
    const postDocs = new Int32Array(postings);
    const postFields = new Uint8Array(postings);
    const postWeights = new Float32Array(postings);
    for (let p = 0; p < postings; p++) {
      const at = cursor[rank[pTerm[p]]]++;
      postDocs[at] = pDoc[p];
      postFields[at] = pField[p];
      postWeights[at] = weights[p];
    }
    return {
      fieldCount: F,
      documentCount: docCount,
      avgFieldLength: avg,
      docIds: docIds.slice(0, docCount),
      terms: order.map((i) => termNames[i]),
      termWords: order.map((i) => termWord.get(termNames[i]) ?? ""),
      termOffsets,
      termDf,
      postDocs,
      postFields,
      postWeights,
    };
  }

  return {
    add,
    build,
    get size() {
      return docCount;
    },
  };
}
