/**
 * Profile photos (issue 20, decision 140). What a person uploads is never served as sent:
 * it must be a JPEG, PNG or WebP by its content (not its name), smaller than 5 MB and
 * 40 megapixels, with nothing in it that looks like script or markup (EXIF, XMP and
 * comment blocks can carry both); sharp then decodes it, turns it upright, crops it to a
 * 400 × 400 square and writes a new JPEG, which carries no metadata at all (sharp keeps
 * none unless asked), so location and camera details never leave the person's device.
 */
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_SIZE = 400;
const MAX_PIXELS = 40_000_000;
const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp"]);
/** Markup or script anywhere in the file: an image has no reason to carry it. */
const SCRIPTY = /<\s*script|javascript\s*:|<\s*\?php|<\s*iframe|<\s*svg|\bon(?:error|load)\s*=|<%/i;

export type PhotoResult = { ok: true; image: Buffer; mimeType: "image/jpeg" } | { ok: false; error: string };

/** A profile photo is a 400 px square; a story photo (decision 172) keeps its shape, at most 960 px wide and high. */
export type PhotoShape = "square" | "story";
export const STORY_PHOTO_SIZE = 960;

export async function processPhoto(bytes: Uint8Array, shape: PhotoShape = "square"): Promise<PhotoResult> {
  if (bytes.byteLength === 0) return { ok: false, error: "Choose a photo to upload" };
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, error: "The photo must be smaller than 5 MB" };
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED.has(type.mime)) return { ok: false, error: "The photo must be a JPEG, PNG or WebP image" };
  if (SCRIPTY.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")))
    return { ok: false, error: "This image contains hidden text that could be unsafe. Save it again from a photo app, or choose another" };
  try {
    const image = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "error" })
      .rotate()
      .resize(
        shape === "square"
          ? { width: PHOTO_SIZE, height: PHOTO_SIZE, fit: "cover", position: "attention" }
          : { width: STORY_PHOTO_SIZE, height: STORY_PHOTO_SIZE, fit: "inside", withoutEnlargement: true },
      )
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
    return { ok: true, image, mimeType: "image/jpeg" };
  } catch {
    return { ok: false, error: "We could not read that image. Choose another photo" };
  }
}
