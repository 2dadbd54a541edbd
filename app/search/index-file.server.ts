/**
 * The persisted copy of the index: "RSIX", a 4-byte header length, a JSON header (terms,
 * the words shown for them, field statistics, and whatever the caller needs to decide
 * whether the copy is current), then the typed arrays, each 8-byte aligned. Loading
 * 10,000 items is a file read and a JSON parse of the header: the arrays are used where
 * they lie in the buffer, not parsed or copied.
 *
 * `serializeIndex` is SELF-CONTAINED (no outside references): the index-building process
 * runs its source text.
 */
import type { PackedIndexData } from "./packed-builder.server";

export function serializeIndex(data: PackedIndexData, meta: Record<string, unknown>): Buffer {
  const arrays = ["docIds", "termOffsets", "termDf", "postDocs", "postFields", "postWeights"] as const;
  const header = {
    meta,
    fieldCount: data.fieldCount,
    documentCount: data.documentCount,
    avgFieldLength: data.avgFieldLength,
    terms: data.terms,
    termWords: data.termWords,
    arrays: arrays.map((name) => ({ name, type: data[name].constructor.name, length: data[name].length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const parts: Buffer[] = [Buffer.from("RSIX", "ascii"), Buffer.alloc(4)];
  parts[1].writeUInt32LE(headerBytes.length);
  parts.push(headerBytes);
  let offset = 8 + headerBytes.length;
  for (const name of arrays) {
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

const ARRAY_NAMES = ["docIds", "termOffsets", "termDf", "postDocs", "postFields", "postWeights"] as const;
type ArrayName = (typeof ARRAY_NAMES)[number];
const CONSTRUCTORS = { Int32Array, Uint32Array, Uint8Array, Float32Array } as const;

/** Reads a persisted copy; throws on anything malformed (the caller then rebuilds). The arrays share `buf`'s memory. */
export function deserializeIndex(buf: Uint8Array): { data: PackedIndexData; meta: Record<string, unknown> } {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length < 8 || bytes.toString("ascii", 0, 4) !== "RSIX") throw new Error("not a search index file");
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) throw new Error("truncated search index file");
  const header = JSON.parse(bytes.toString("utf8", 8, 8 + headerLength)) as {
    meta: Record<string, unknown>;
    fieldCount: number;
    documentCount: number;
    avgFieldLength: number[];
    terms: string[];
    termWords: string[];
    arrays: { name: ArrayName; type: keyof typeof CONSTRUCTORS; length: number }[];
  };
  let offset = 8 + headerLength;
  const arrays = {} as Record<ArrayName, Int32Array | Uint32Array | Uint8Array | Float32Array>;
  for (const { name, type, length } of header.arrays) {
    const Ctor = CONSTRUCTORS[type];
    if (!Ctor || !ARRAY_NAMES.includes(name)) throw new Error("unknown array in search index file");
    offset += (8 - (offset % 8)) % 8;
    const byteLength = length * Ctor.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.length) throw new Error("truncated search index file");
    const at = bytes.byteOffset + offset;
    arrays[name] =
      at % Ctor.BYTES_PER_ELEMENT === 0
        ? new Ctor(bytes.buffer as ArrayBuffer, at, length)
        : new Ctor(Uint8Array.prototype.slice.call(bytes, offset, offset + byteLength).buffer);
    offset += byteLength;
  }
  const data: PackedIndexData = {
    fieldCount: header.fieldCount,
    documentCount: header.documentCount,
    avgFieldLength: header.avgFieldLength,
    terms: header.terms,
    termWords: header.termWords,
    docIds: arrays.docIds as Int32Array,
    termOffsets: arrays.termOffsets as Uint32Array,
    termDf: arrays.termDf as Uint32Array,
    postDocs: arrays.postDocs as Int32Array,
    postFields: arrays.postFields as Uint8Array,
    postWeights: arrays.postWeights as Float32Array,
  };
  if (
    !Array.isArray(data.terms) || data.termWords?.length !== data.terms.length || data.termOffsets?.length !== data.terms.length + 1 ||
    data.docIds?.length !== data.documentCount || !data.postDocs || !data.postFields || !data.postWeights || !data.termDf
  )
    throw new Error("inconsistent search index file");
  return { data, meta: header.meta };
}
