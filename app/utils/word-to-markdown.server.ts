/**
 * A Word document (docx) as Markdown in our content format (decision 152): mammoth turns
 * the document's structure (headings by style, lists, tables, links, bold and italic,
 * images) into plain HTML, and this file writes that HTML as Markdown. Images are handed
 * back as bytes with a placeholder address, so the caller can attach them and put their
 * real address in the text. Anything else Word holds (fonts, colours, layout) is dropped.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";

export type WordImage = { placeholder: string; contentType: string; bytes: Buffer; alt: string };
export type WordConversion = { markdown: string; title: string | null; firstParagraph: string | null; images: WordImage[]; messages: string[] };

export async function wordToMarkdown(bytes: Buffer): Promise<WordConversion> {
  const mammoth = (await import("mammoth")).default;
  const images: WordImage[] = [];
  const result = await mammoth.convertToHtml(
    { buffer: bytes },
    {
      convertImage: mammoth.images.imgElement(async (image) => {
        const placeholder = `word-image-${images.length + 1}`;
        images.push({ placeholder, contentType: image.contentType, bytes: Buffer.from(await image.read()), alt: (image as { altText?: string }).altText ?? "" });
        return { src: placeholder };
      }),
    },
  );
  const doc = parseDocument(result.value);
  const markdown = blocks(doc.children).join("\n\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  const h1 = /^# (.+)$/m.exec(markdown);
  const para = markdown.split("\n\n").find((b) => b && !/^([#|>*-]|\d+\.|!\[)/.test(b));
  return {
    markdown,
    title: h1 ? h1[1].replace(/[*_`]/g, "").trim() : null,
    firstParagraph: para ? para.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "").trim() : null,
    images,
    messages: result.messages.map((m) => m.message),
  };
}

const isElement = (n: ChildNode): n is Element => n.type === "tag";

function blocks(nodes: ChildNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (!isElement(n)) {
      const text = "data" in n ? String(n.data).trim() : "";
      if (text) out.push(escapeText(text));
      continue;
    }
    const tag = n.name.toLowerCase();
    const h = /^h([1-6])$/.exec(tag);
    if (h) out.push(`${"#".repeat(Number(h[1]))} ${inline(n.children).trim()}`);
    else if (tag === "p") {
      const text = inline(n.children).trim();
      if (text) out.push(text);
    } else if (tag === "ul" || tag === "ol") out.push(list(n, 0));
    else if (tag === "table") out.push(table(n));
    else if (tag === "blockquote") out.push(blocks(n.children).map((b) => b.replace(/^/gm, "> ")).join("\n>\n"));
    else out.push(...blocks(n.children));
  }
  return out;
}

function list(el: Element, depth: number): string {
  const ordered = el.name === "ol";
  const lines: string[] = [];
  let n = 1;
  for (const li of el.children.filter(isElement).filter((c) => c.name === "li")) {
    const nested = li.children.filter(isElement).filter((c) => c.name === "ul" || c.name === "ol");
    const own = li.children.filter((c) => !nested.includes(c as Element));
    const marker = ordered ? `${n++}.` : "-";
    lines.push(`${"  ".repeat(depth * (ordered ? 1.5 : 1))}${marker} ${inline(own).trim()}`);
    for (const sub of nested) lines.push(list(sub, depth + 1));
  }
  return lines.join("\n");
}

function table(el: Element): string {
  const rows: string[][] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes.filter(isElement)) {
      if (n.name === "tr") rows.push(n.children.filter(isElement).filter((c) => c.name === "td" || c.name === "th").map((c) => cell(c)));
      else walk(n.children);
    }
  };
  walk(el.children);
  if (!rows.length) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const pad = (r: string[]) => [...r, ...Array(width - r.length).fill("")];
  const line = (r: string[]) => `| ${pad(r).join(" | ")} |`;
  return [line(rows[0]), line(Array(width).fill("---")), ...rows.slice(1).map(line)].join("\n");
}

/** A table cell on one line: paragraphs joined with <br>, pipes escaped. */
function cell(el: Element): string {
  return blocks(el.children).map((b) => b.replace(/\n+/g, " ")).join("<br>").replace(/\|/g, "\\|").trim();
}

function inline(nodes: ChildNode[]): string {
  let out = "";
  for (const n of nodes) {
    if (!isElement(n)) {
      out += "data" in n ? escapeText(String(n.data).replace(/\s+/g, " ")) : "";
      continue;
    }
    const tag = n.name.toLowerCase();
    const inner = () => inline(n.children);
    if (tag === "strong" || tag === "b") out += wrap(inner(), "**");
    else if (tag === "em" || tag === "i") out += wrap(inner(), "_");
    else if (tag === "br") out += "  \n";
    else if (tag === "a") {
      const href = n.attribs.href ?? "";
      const text = inner().trim();
      out += href && /^(https?:|mailto:|#)/i.test(href) && !href.startsWith("#_") ? `[${text || href}](${href.replace(/[()\s]/g, encodeURIComponent)})` : text;
    } else if (tag === "img") out += `![${(n.attribs.alt ?? "").replace(/[[\]]/g, "")}](${n.attribs.src ?? ""})`;
    else if (tag === "ul" || tag === "ol") out += `\n${list(n, 1)}`;
    else out += inner();
  }
  return out;
}

function wrap(text: string, mark: string): string {
  const m = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  return m[2] ? `${m[1]}${mark}${m[2]}${mark}${m[3]}` : text;
}

/** Characters that would start Markdown syntax mid-text are escaped. */
function escapeText(text: string): string {
  return text
    .replace(/([\\`*_[\]<>])/g, "\\$1")
    .replace(/^(\s*)([-+#])/, "$1\\$2")
    .replace(/^(\s*)(\d+)\.(\s)/, "$1$2\\.$3");
}
