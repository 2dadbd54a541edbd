/**
 * A built index held in memory: term lookup, prefix and fuzzy expansion, and the
 * "dead" flags (tombstones) that hide documents whose newer text lives in the delta
 * index. Also reads and writes the persisted copy (a small binary format: a JSON
 * header and the typed arrays, so loading 10,000 items takes milliseconds, not a parse
 * of tens of megabytes of JSON).
 */
import { WordsByLength } from "./edit-distance.server";
import type { CorpusStats, PackedIndexData } from "./packed-builder.server";

export class PackedIndex {
  readonly dead: Uint8Array;
  private readonly termIds = new Map<string, number>();
  private readonly docNumbers = new Map<number, number>();
  private termsByLength?: WordsByLength;
  private wordsByLength?: WordsByLength;

  constructor(readonly data: PackedIndexData) {
    data.terms.forEach((t, i) => this.termIds.set(t, i));
    data.docIds.forEach((id, n) => this.docNumbers.set(id, n));
    this.dead = new Uint8Array(data.documentCount);
  }

  get documentCount(): number {
    return this.data.documentCount;
  }

  /** Document number of an item, or -1. */
  docNumber(itemId: number): number {
    return this.docNumbers.get(itemId) ?? -1;
  }

  term(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  /** Terms starting with `prefix` (binary search in the sorted list), the `limit` most common first. */
  prefix(prefix: string, limit: number): number[] {
    const terms = this.data.terms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < terms.length && terms[i].startsWith(prefix); i++) found.push(i);
    return this.mostCommon(found, limit);
  }

  /** Terms within `distance` edits of `term`, the `limit` most common first. */
  fuzzy(term: string, distance: number, limit: number): number[] {
    this.termsByLength ??= new WordsByLength(this.data.terms);
    return this.mostCommon(
      this.termsByLength.near(term, distance).map((n) => n.index),
      limit,
    );
  }

  /** Known surface words within `distance` edits of `word`, with how many documents use them. */
  nearWords(word: string, distance: number): { word: string; distance: number; df: number }[] {
    this.wordsByLength ??= new WordsByLength(this.data.words);
    return this.wordsByLength.near(word, distance).map((n) => ({ word: this.data.words[n.index], distance: n.distance, df: this.data.wordDf[n.index] }));
  }

  hasWord(word: string): boolean {
    const words = this.data.words;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] === word;
  }

  private mostCommon(ids: number[], limit: number): number[] {
    if (ids.length <= limit) return ids;
    const df = this.data.termDf;
    return ids.sort((a, b) => df[b] - df[a]).slice(0, limit);
  }

  /** Statistics a delta index borrows so its scores compare with this one's. */
  stats(): CorpusStats {
    return {
      documentCount: this.data.documentCount,
      avgFieldLength: this.data.avgFieldLength,
      df: (term) => {
        const t = this.term(term);
        return t < 0 ? 0 : this.data.termDf[t];
      },
    };
  }
}

const MAGIC = "RSIX";
const ARRAYS = ["docIds", "termOffsets", "termDf", "postDocs", "postFields", "postWeights", "wordDf"] as const;
type ArrayName = (typeof ARRAYS)[number];

/** The persisted copy: the index plus whatever the caller needs to decide if it is current. */
export function serializeIndex(data: PackedIndexData, meta: Record<string, unknown>): Buffer {
  const header = {
    meta,
    fieldCount: data.fieldCount,
    documentCount: data.documentCount,
    avgFieldLength: data.avgFieldLength,
    terms: data.terms,
    words: data.words,
    arrays: ARRAYS.map((name) => ({ name, type: data[name].constructor.name, length: data[name].length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const parts: Buffer[] = [Buffer.from(MAGIC, "ascii"), Buffer.alloc(4)];
  parts[1].writeUInt32LE(headerBytes.length);
  parts.push(headerBytes);
  let offset = 8 + headerBytes.length;
  for (const name of ARRAYS) {
    const pad = (8 - (offset % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
    offset += pad;
    const arr = data[name];
    const bytes = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
    parts.push(bytes);
    offset += bytes.length;
  }
  return Buffer.concat(parts);
}

const CONSTRUCTORS = { Int32Array, Uint32Array, Uint8Array, Float32Array } as const;

/** Reads a persisted copy; throws on anything malformed (the caller then rebuilds). */
export function deserializeIndex(buf: Buffer): { data: PackedIndexData; meta: Record<string, unknown> } {
  if (buf.length < 8 || buf.toString("ascii", 0, 4) !== MAGIC) throw new Error("not a search index file");
  const headerLength = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString("utf8", 8, 8 + headerLength)) as {
    meta: Record<string, unknown>;
    fieldCount: number;
    documentCount: number;
    avgFieldLength: number[];
    terms: string[];
    words: string[];
    arrays: { name: ArrayName; type: keyof typeof CONSTRUCTORS; length: number }[];
  };
  let offset = 8 + headerLength;
  const arrays = {} as Record<ArrayName, Int32Array | Uint32Array | Uint8Array | Float32Array>;
  for (const { name, type, length } of header.arrays) {
    const Ctor = CONSTRUCTORS[type];
    if (!Ctor || !ARRAYS.includes(name)) throw new Error("unknown array in search index file");
    offset += (8 - (offset % 8)) % 8;
    const byteLength = length * Ctor.BYTES_PER_ELEMENT;
    if (offset + byteLength > buf.length) throw new Error("truncated search index file");
    // Copy into a fresh, aligned buffer owned by the typed array.
    const copy = new Uint8Array(byteLength);
    copy.set(buf.subarray(offset, offset + byteLength));
    arrays[name] = new Ctor(copy.buffer);
    offset += byteLength;
  }
  const data: PackedIndexData = {
    fieldCount: header.fieldCount,
    documentCount: header.documentCount,
    avgFieldLength: header.avgFieldLength,
    terms: header.terms,
    words: header.words,
    docIds: arrays.docIds as Int32Array,
    termOffsets: arrays.termOffsets as Uint32Array,
    termDf: arrays.termDf as Uint32Array,
    postDocs: arrays.postDocs as Int32Array,
    postFields: arrays.postFields as Uint8Array,
    postWeights: arrays.postWeights as Float32Array,
    wordDf: arrays.wordDf as Uint32Array,
  };
  if (data.termOffsets.length !== data.terms.length + 1 || data.docIds.length !== data.documentCount)
    throw new Error("inconsistent search index file");
  return { data, meta: header.meta };
}
