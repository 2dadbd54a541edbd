/**
 * Images that hold nothing but the picture are kept byte for byte (decision 156), so an
 * export imported again gives the same files; anything else (metadata, comments, a JFIF
 * thumbnail, bytes after the end, too big, turned) is re-encoded, which leaves it clean.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { isCleanImage, onlyPictureParts } from "~/utils/clean-image.server";
import { checkUpload } from "~/utils/uploads.server";
import { makePhoto } from "./fixtures";

const NAMES = { jpeg: "photo.jpg", png: "photo.png", webp: "photo.webp", gif: "photo.gif" } as const;

async function accepted(name: string, bytes: Buffer): Promise<Buffer> {
  const checked = await checkUpload(name, bytes);
  if (!checked.ok) throw new Error(checked.message);
  return checked.file.bytes;
}

describe.each(["jpeg", "png", "webp", "gif"] as const)("%s", (kind) => {
  it("re-encoding once gives bytes that a second check keeps exactly", async () => {
    const original = await makePhoto(kind);
    const first = await accepted(NAMES[kind], original);
    if (kind !== "gif") {
      expect(first.equals(original)).toBe(false);
      expect(first.includes("SECRET-GPS-MARKER")).toBe(false);
    }
    expect(await isCleanImage(first, kind, 2000)).toBe(true);
    const second = await accepted(NAMES[kind], first);
    expect(second.equals(first)).toBe(true);
    expect((await accepted(NAMES[kind], second)).equals(first)).toBe(true);
  });

  it("bytes after the picture's end are not clean, and re-encoding drops them", async () => {
    const clean = await accepted(NAMES[kind], await makePhoto(kind));
    const smuggled = Buffer.concat([clean, Buffer.from("<script>alert(1)</script>")]);
    expect(onlyPictureParts(smuggled, kind)).toBe(false);
    const out = await accepted(NAMES[kind], smuggled);
    expect(out.includes("<script>")).toBe(false);
  });
});

describe("what is not clean", () => {
  it("a JPEG with EXIF, a comment, a JFIF thumbnail, or cut short", async () => {
    const clean = await accepted("a.jpg", await makePhoto("jpeg"));
    expect(onlyPictureParts(await makePhoto("jpeg"), "jpeg")).toBe(false); // APP1 EXIF
    const comment = Buffer.concat([clean.subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from("HIDDEN!!"), clean.subarray(2)]);
    expect(onlyPictureParts(comment, "jpeg")).toBe(false);
    // A plain JFIF header is fine; one carrying a thumbnail (room for anything) is not.
    const jfif = (thumbnail: Buffer) => {
      const fields = Buffer.concat([Buffer.from("JFIF\u0000", "latin1"), Buffer.from([1, 1, 0, 0, 1, 0, 1]), thumbnail.length ? Buffer.from([2, 1]) : Buffer.from([0, 0]), thumbnail]);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(fields.length + 2);
      return Buffer.concat([clean.subarray(0, 2), Buffer.from([0xff, 0xe0]), length, fields, clean.subarray(2)]);
    };
    expect(onlyPictureParts(jfif(Buffer.alloc(0)), "jpeg")).toBe(true);
    expect(onlyPictureParts(jfif(Buffer.from("HIDDEN")), "jpeg")).toBe(false);
    expect(onlyPictureParts(clean.subarray(0, clean.length - 100), "jpeg")).toBe(false);
    expect(await isCleanImage(Buffer.concat([clean.subarray(0, clean.length - 300), clean.subarray(clean.length - 2)]), "jpeg", 2000)).toBe(false);
  });

  it("a PNG with a text chunk, a picture bigger than the limit, a turned photo", async () => {
    const withText = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#123" } }).png().withMetadata({ exif: { IFD0: { Copyright: "x" } } }).toBuffer();
    expect(await isCleanImage(withText, "png", 2000)).toBe(false);
    const clean = await accepted("a.png", withText);
    expect(await isCleanImage(clean, "png", 2000)).toBe(true);
    expect(await isCleanImage(clean, "png", 10)).toBe(false);
    const turned = await sharp({ create: { width: 30, height: 20, channels: 3, background: "#0a0" } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await isCleanImage(turned, "jpeg", 2000)).toBe(false);
    const upright = await accepted("turned.jpg", turned);
    expect(await sharp(upright).metadata()).toMatchObject({ width: 20, height: 30 });
  });
});
