/**
 * What an uploaded file is, decided by its content (decision 150): the bytes are sniffed
 * with `file-type`, never trusted from the name or the browser's claim. A file is accepted
 * only when its content is one of the kinds below AND its name's extension says the same;
 * programs, archives, SVG and HTML (and files that are one thing on top and another
 * underneath: polyglots) are refused with a message naming the file. Images are re-encoded
 * with sharp, which drops metadata and anything hidden after the picture, unless they hold
 * nothing but the picture already (decision 156: re-encoding our own output again would
 * change its bytes every time).
 */
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { isCleanImage, type ImageKind } from "./clean-image.server";
import { getEnv } from "./env.server";

export type FileKind = "pdf" | "docx" | "xlsx" | "pptx" | "csv" | "txt" | "png" | "jpeg" | "webp" | "gif";

export const KINDS: Record<FileKind, { mime: string; extensions: string[]; label: string; image: boolean }> = {
  pdf: { mime: "application/pdf", extensions: ["pdf"], label: "PDF", image: false },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"], label: "Word document", image: false },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"], label: "Excel spreadsheet", image: false },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"], label: "PowerPoint presentation", image: false },
  csv: { mime: "text/csv; charset=utf-8", extensions: ["csv"], label: "CSV spreadsheet", image: false },
  txt: { mime: "text/plain; charset=utf-8", extensions: ["txt"], label: "Plain text", image: false },
  png: { mime: "image/png", extensions: ["png"], label: "PNG image", image: true },
  jpeg: { mime: "image/jpeg", extensions: ["jpg", "jpeg"], label: "JPEG image", image: true },
  webp: { mime: "image/webp", extensions: ["webp"], label: "WebP image", image: true },
  gif: { mime: "image/gif", extensions: ["gif"], label: "GIF image", image: true },
};

/** file-type's extension → our kind. Anything else it recognises is refused. */
const SNIFFED: Record<string, FileKind> = { pdf: "pdf", docx: "docx", xlsx: "xlsx", pptx: "pptx", png: "png", jpg: "jpeg", webp: "webp", gif: "gif" };
const PROGRAMS = new Set(["exe", "elf", "mach", "dll", "msi", "class", "wasm", "dex", "deb", "rpm", "apk", "swf", "jar", "cab", "lnk"]);

/** Images larger than this on either side are scaled down (pages never show them bigger). */
const MAX_IMAGE_SIDE = 2000;

export function uploadLimitBytes(): number {
  return getEnv().UPLOAD_MAX_MB * 1024 * 1024;
}

export type CheckedFile = { kind: FileKind; name: string; bytes: Buffer };
export type FileCheck = { ok: true; file: CheckedFile } | { ok: false; message: string };

/** A file name safe in a URL path and a Content-Disposition header: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string, kind: FileKind): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.[^.]*$/, "").normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 80) || "file";
  return `${stem}.${KINDS[kind].extensions[0]}`;
}

function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return m ? m[1].toLowerCase() : "";
}

/** Markup a browser would run if it ever rendered the file: HTML, SVG, scripts. */
const MARKUP = /<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|iframe[\s>]|object[\s>]|embed[\s>]|\?xml[^>]*>\s*<svg)|<\s*[a-z]+[^>]*\son[a-z]+\s*=/i;

/** Text if the bytes are UTF-8 (a byte-order mark allowed) without control characters other than tab and line ends. */
function asText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.test(text) ? null : text.replace(/^\uFEFF/, "");
}

/**
 * Checks one upload. Every refusal names the file and says what to do; nothing is stored
 * for a refused file (the caller stores only `ok` files).
 */
export async function checkUpload(originalName: string, bytes: Buffer, limit = uploadLimitBytes()): Promise<FileCheck> {
  const shown = (originalName.split(/[\\/]/).pop() ?? "").slice(0, 120) || "The file";
  const refuse = (why: string): FileCheck => ({ ok: false, message: `${shown}: ${why}` });
  if (bytes.length === 0) return refuse("the file is empty.");
  if (bytes.length > limit) return refuse(`the file is larger than ${Math.round(limit / 1024 / 1024)} MB. Make it smaller (for example, save a PDF at a lower image quality) and try again.`);
  const ext = extensionOf(originalName);
  const sniffed = await fileTypeFromBuffer(bytes);
  let kind: FileKind | undefined;
  if (sniffed) {
    if (PROGRAMS.has(sniffed.ext) || /executable|x-msdownload|x-elf|x-mach/.test(sniffed.mime))
      return refuse("this is a program, not a document. Programs cannot be attached.");
    kind = SNIFFED[sniffed.ext];
    if (!kind) return refuse(`this is a ${sniffed.ext.toUpperCase()} file, which cannot be attached. Attach PDF, Word, Excel, PowerPoint, CSV, plain text or PNG, JPEG, WebP or GIF images.`);
  } else {
    const text = asText(bytes);
    if (text === null) return refuse("we could not tell what kind of file this is. Attach PDF, Word, Excel, PowerPoint, CSV, plain text or PNG, JPEG, WebP or GIF images.");
    if (MARKUP.test(text.slice(0, 1_000_000))) return refuse("this file contains web page code (HTML, SVG or script), which cannot be attached. Save it as PDF instead.");
    kind = ext === "csv" ? "csv" : "txt";
  }
  if (!KINDS[kind].extensions.includes(ext))
    return refuse(`the name says ${ext ? `“.${ext}”` : "nothing about its type"} but the content is a ${KINDS[kind].label}. Check you chose the right file, or rename it to end in .${KINDS[kind].extensions[0]}.`);
  if (kind === "pdf" && MARKUP.test(bytes.toString("latin1")))
    return refuse("this PDF also contains web page code (HTML or script), so it could be opened as something else. Save it again from the program that made it (Print to PDF) and attach that.");
  if (KINDS[kind].image) {
    // Already nothing but the picture (our own re-encoding, e.g. from an export): kept byte for byte (decision 156).
    if (await isCleanImage(bytes, kind as ImageKind, MAX_IMAGE_SIDE)) return { ok: true, file: { kind, name: safeFileName(originalName, kind), bytes } };
    const reencoded = await reencodeImage(bytes, kind).catch(() => null);
    if (!reencoded) return refuse("we could not read this image. Open it in an image program, save it again and try again.");
    return { ok: true, file: { kind, name: safeFileName(originalName, kind), bytes: reencoded } };
  }
  return { ok: true, file: { kind, name: safeFileName(originalName, kind), bytes } };
}

/** Decodes and re-encodes the picture (same format): metadata and trailing bytes do not survive. */
async function reencodeImage(bytes: Buffer, kind: FileKind): Promise<Buffer> {
  const image = sharp(bytes, { animated: kind === "gif" || kind === "webp", limitInputPixels: 100_000_000 })
    .rotate()
    .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: "inside", withoutEnlargement: true });
  switch (kind) {
    case "png":
      return image.png().toBuffer();
    case "jpeg":
      return image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    case "webp":
      return image.webp({ quality: 85 }).toBuffer();
    default:
      return image.gif().toBuffer();
  }
}

/** "1.2 MB", "340 KB", "12 bytes": sizes as readers see them before they open a file. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
