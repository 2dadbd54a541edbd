/**
 * Is an image already as re-encoding would leave it (decision 156)? Re-encoding a JPEG or
 * WebP is lossy, so doing it again to our own output changes the bytes every time: an
 * export imported again would not give the same files. An image whose container holds
 * nothing but the picture (only the parts listed below, nothing after its end), that
 * decodes completely, carries no metadata (EXIF, ICC, XMP, IPTC, comments) and needs no
 * turning or shrinking is kept byte for byte. Everything else is re-encoded. The lists are
 * allow-lists: an unknown part means "not clean", never "allowed".
 */
import sharp from "sharp";

export type ImageKind = "png" | "jpeg" | "webp" | "gif";

/** Container structure only: the parts of the file, in order, ending exactly at its end. */
export function onlyPictureParts(bytes: Buffer, kind: ImageKind): boolean {
  try {
    switch (kind) {
      case "jpeg":
        return cleanJpeg(bytes);
      case "png":
        return cleanPng(bytes);
      case "webp":
        return cleanWebp(bytes);
      case "gif":
        return cleanGif(bytes);
    }
  } catch {
    return false; // read past the end: truncated or malformed
  }
}

/** Structure, then a full decode and the metadata sharp reports. */
export async function isCleanImage(bytes: Buffer, kind: ImageKind, maxSide: number): Promise<boolean> {
  if (!onlyPictureParts(bytes, kind)) return false;
  try {
    const image = sharp(bytes, { animated: kind === "gif" || kind === "webp", limitInputPixels: 100_000_000, failOn: "warning" });
    const meta = await image.metadata();
    if (meta.exif || meta.icc || meta.xmp || meta.iptc || meta.tifftagPhotoshop || (meta.comments?.length ?? 0) > 0) return false;
    if (meta.orientation && meta.orientation !== 1) return false;
    const height = meta.pageHeight ?? meta.height ?? Infinity;
    if ((meta.width ?? Infinity) > maxSide || height > maxSide) return false;
    await image.raw().toBuffer(); // every byte of the picture decodes
    return true;
  } catch {
    return false;
  }
}

// JPEG: SOI, then tables, frame, scans (entropy-coded data with restart markers), EOI last.
// Allowed: APP0 "JFIF" without a thumbnail, DQT, DHT, DRI, SOF0–SOF2, SOS. Not: APP1–APP15 (EXIF, XMP, ICC, …), COM.
const JPEG_SEGMENTS = new Set([0xdb, 0xc4, 0xdd, 0xc0, 0xc1, 0xc2]);
function cleanJpeg(b: Buffer): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return false;
  let i = 2;
  let frame = false;
  for (;;) {
    if (b[i] !== 0xff) return false;
    const marker = b[i + 1];
    if (marker === 0xd9) return frame && i + 2 === b.length;
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return false;
    if (marker === 0xe0) {
      // The plain 16-byte JFIF header: no thumbnail (which could carry anything).
      if (length !== 16 || b.toString("latin1", i + 4, i + 9) !== "JFIF\u0000") return false;
    } else if (marker === 0xda) {
      if (!frame) return false;
      i += 2 + length;
      // Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or a restart marker inside it.
      while (!(b[i] === 0xff && b[i + 1] !== 0x00 && !(b[i + 1] >= 0xd0 && b[i + 1] <= 0xd7))) {
        if (i >= b.length) return false;
        i++;
      }
      continue;
    } else if (!JPEG_SEGMENTS.has(marker)) return false;
    if (marker >= 0xc0 && marker <= 0xc2) frame = true;
    i += 2 + length;
    if (i > b.length) return false;
  }
}

// PNG: the picture's chunks and the colour facts that change how it looks; no text, EXIF, ICC or unknown chunks.
const PNG_CHUNKS = new Set(["IHDR", "PLTE", "IDAT", "tRNS", "pHYs", "gAMA", "cHRM", "sRGB", "bKGD", "acTL", "fcTL", "fdAT"]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function cleanPng(b: Buffer): boolean {
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString("latin1", i + 4, i + 8);
    const next = i + 12 + length;
    if (type === "IEND") return length === 0 && next === b.length;
    if (!PNG_CHUNKS.has(type) || next > b.length) return false;
    i = next;
  }
  return false;
}

// WebP: RIFF whose size is the file's; picture chunks only, and an extended header that announces no ICC, EXIF or XMP.
const WEBP_CHUNKS = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"]);
function cleanWebp(b: Buffer): boolean {
  if (b.toString("latin1", 0, 4) !== "RIFF" || b.toString("latin1", 8, 12) !== "WEBP" || b.readUInt32LE(4) + 8 !== b.length) return false;
  let i = 12;
  while (i < b.length) {
    if (i + 8 > b.length) return false;
    const type = b.toString("latin1", i, i + 4);
    const size = b.readUInt32LE(i + 4);
    if (!WEBP_CHUNKS.has(type)) return false;
    if (type === "VP8X" && (b[i + 8] & 0b0010_1100) !== 0) return false; // ICC, EXIF, XMP flags
    i += 8 + size + (size % 2);
  }
  return i === b.length;
}

// GIF: header, screen, colour tables, images, graphic control and the looping extension; no comments or text; trailer last.
function cleanGif(b: Buffer): boolean {
  const version = b.toString("latin1", 0, 6);
  if (version !== "GIF87a" && version !== "GIF89a") return false;
  let i = 13;
  if (b[10] & 0x80) i += 3 * 2 ** ((b[10] & 0x07) + 1);
  const skipSubBlocks = () => {
    for (;;) {
      const n = b[i++];
      if (n === undefined) throw new Error("truncated");
      if (n === 0) return;
      i += n;
    }
  };
  for (;;) {
    const block = b[i++];
    if (block === 0x3b) return i === b.length;
    if (block === 0x2c) {
      const flags = b[i + 8];
      i += 9;
      if (flags & 0x80) i += 3 * 2 ** ((flags & 0x07) + 1);
      i++; // LZW minimum code size
      skipSubBlocks();
    } else if (block === 0x21) {
      const label = b[i++];
      if (label === 0xf9) skipSubBlocks();
      else if (label === 0xff && b[i] === 11 && b.toString("latin1", i + 1, i + 12) === "NETSCAPE2.0") skipSubBlocks();
      else return false;
    } else return false;
  }
}
