/**
 * The words inside an attached file, for search (decision 151). Run off the request path
 * (commands/document-text.server.ts), bounded in size and time: at most MAX_CHARS of text,
 * PDFs read page by page until the time is up (what was read by then is kept), and any
 * other reader raced against the same limit. A file that cannot be read gives a plain
 * problem for its author, never an error page.
 *
 * PDF: pdfjs-dist (legacy build for Node), in a worker thread. Word: mammoth. Excel and PowerPoint: sheet and
 * slide names and their text, from the package's XML (fflate). CSV and text: as they are.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { strFromU8, unzipSync } from "fflate";
import type { FileKind } from "./uploads.server";

export const MAX_CHARS = 200_000;
export const MAX_MS = 10_000;
/** Files larger than this are attached but not read for search. */
export const MAX_EXTRACT_BYTES = 30 * 1024 * 1024;

export type Extracted = { status: "done" | "failed" | "none"; text: string; problem: string | null; ms: number };

class TooLong extends Error {}

function clip(text: string): string {
  const tidy = text.replace(/[ \t\f\v]+/g, " ").replace(/\n{3,}/g, "\n\n").trim();
  return tidy.length > MAX_CHARS ? tidy.slice(0, MAX_CHARS) : tidy;
}

export async function extractText(kind: FileKind, bytes: Buffer, limits: { maxMs?: number } = {}): Promise<Extracted> {
  const started = performance.now();
  const maxMs = limits.maxMs ?? MAX_MS;
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  if (["png", "jpeg", "webp", "gif"].includes(kind)) return { status: "none", text: "", problem: null, ms: 0 };
  if (bytes.length > MAX_EXTRACT_BYTES)
    return { status: "failed", text: "", problem: "This file is too large for its words to be searchable; it is attached and can be opened.", ms: 0 };
  const deadline = started + maxMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooLong()), maxMs);
  });
  try {
    const text = await Promise.race([read(kind, bytes, deadline), timeout]);
    return { status: "done", text: clip(text), problem: null, ms: ms() };
  } catch (err) {
    const problem =
      err instanceof TooLong
        ? "Reading the words in this file took too long, so search will not find them. It is attached and can be opened."
        : "We could not read the words in this file (it may be damaged, protected by a password, or scanned as pictures), so search will not find them. It is attached and can be opened.";
    return { status: "failed", text: "", problem, ms: ms() };
  } finally {
    clearTimeout(timer);
  }
}

async function read(kind: FileKind, bytes: Buffer, deadline: number): Promise<string> {
  switch (kind) {
    case "pdf":
      return readPdf(bytes, deadline);
    case "docx": {
      const mammoth = await import("mammoth");
      return (await mammoth.default.extractRawText({ buffer: bytes })).value;
    }
    case "xlsx":
      return readXlsx(bytes);
    case "pptx":
      return readPptx(bytes);
    default:
      return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  }
}

/**
 * PDFs are read in a worker thread, never in the server's own JavaScript realm: the legacy
 * build of pdfjs-dist installs polyfills over built-ins when it loads (`Array.prototype.push`
 * and `JSON.parse` among them, replaced by slower JavaScript versions), which made every
 * page rendered afterwards in that process measurably slower (decision 210). In a thread
 * they stay in the thread, and a PDF that runs past its time is stopped (`terminate`), not
 * left running after its answer was given up on.
 */
const PDF_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const pdfjs = await import(workerData.pdfjs);
  const doc = await pdfjs.getDocument({ data: workerData.bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const parts = [];
    let length = 0;
    for (let n = 1; n <= doc.numPages && length < workerData.maxChars; n++) {
      if (Date.now() > workerData.deadline) return parentPort.postMessage({ tooLong: true });
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\\n" : " ") : "")).join("");
      parts.push(text);
      length += text.length;
      page.cleanup();
    }
    parentPort.postMessage({ text: parts.join("\\n\\n") });
  } finally {
    await doc.destroy();
  }
})().catch((err) => parentPort.postMessage({ error: String((err && err.message) || err) }));
`;

let pdfjsUrl: string | null = null;

async function readPdf(bytes: Buffer, deadline: number): Promise<string> {
  pdfjsUrl ??= pathToFileURL(createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.mjs")).href;
  const data = new Uint8Array(bytes);
  const thread = new Worker(PDF_THREAD, {
    eval: true,
    workerData: { pdfjs: pdfjsUrl, bytes: data, maxChars: MAX_CHARS, deadline: Date.now() + Math.max(0, deadline - performance.now()) },
    transferList: [data.buffer],
    stdout: true,
    stderr: true,
  });
  const stop = setTimeout(() => void thread.terminate(), Math.max(0, deadline - performance.now()) + 1_000);
  try {
    const answer = await new Promise<{ text?: string; error?: string; tooLong?: boolean }>((resolve, reject) => {
      thread.once("message", resolve);
      thread.once("error", reject);
      thread.once("exit", () => reject(new TooLong()));
    });
    if (answer.tooLong) throw new TooLong();
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer.text ?? "";
  } finally {
    clearTimeout(stop);
    void thread.terminate();
  }
}

/** Text of the XML elements named `tag` (a:t, t), entities decoded. */
function xmlTexts(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, "g");
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(decodeXml(m[1]));
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, e: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (e[0] === "#") {
      const code = e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
    }
    return named[e.toLowerCase()] ?? all;
  });
}

/** Only the parts we read, so a zip bomb's other entries are never inflated. */
function unzipParts(bytes: Buffer, wanted: (name: string) => boolean): Record<string, string> {
  const files = unzipSync(new Uint8Array(bytes), { filter: (f) => wanted(f.name) && f.originalSize < 50 * 1024 * 1024 });
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

function title(parts: Record<string, string>): string {
  const core = parts["docProps/core.xml"];
  return core ? xmlTexts(core, "dc:title").join(" ") : "";
}

function readXlsx(bytes: Buffer): string {
  const parts = unzipParts(bytes, (n) => n === "xl/workbook.xml" || n === "xl/sharedStrings.xml" || n === "docProps/core.xml");
  const sheets = [...(parts["xl/workbook.xml"] ?? "").matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => decodeXml(m[1]));
  const cells = xmlTexts(parts["xl/sharedStrings.xml"] ?? "", "t");
  return [title(parts), ...sheets, ...cells].filter(Boolean).join("\n");
}

function readPptx(bytes: Buffer): string {
  const parts = unzipParts(bytes, (n) => /^ppt\/slides\/slide\d+\.xml$/.test(n) || n === "docProps/core.xml");
  const slides = Object.keys(parts)
    .filter((n) => n.startsWith("ppt/slides/"))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
    .map((n) => xmlTexts(parts[n], "a:t").join(" "));
  return [title(parts), ...slides].filter(Boolean).join("\n");
}
