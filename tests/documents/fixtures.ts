/** Real files made in the test: PDF (pdf-lib), Word (docx), images (sharp), and the shapes of files that must be refused. */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { zipSync, strToU8 } from "fflate";

export async function makePdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  return Buffer.from(await pdf.save());
}

export async function makeDocx(paragraphs: string[], options: { heading?: string; table?: string[][] } = {}): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  if (options.heading) children.push(new Paragraph({ text: options.heading, heading: HeadingLevel.HEADING_1 }));
  for (const p of paragraphs) children.push(new Paragraph({ children: [new TextRun(p)] }));
  if (options.table)
    children.push(new Table({ rows: options.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })) }));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export async function makePng(width = 40, height = 30, withMetadata = false): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png();
  return withMetadata ? img.withMetadata({ exif: { IFD0: { Copyright: "SECRET-GPS-MARKER" } } }).toBuffer() : img.toBuffer();
}

export async function makeJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 20, height: 20, channels: 3, background: "#0a0" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: "SECRET-GPS-MARKER" } } })
    .toBuffer();
}

/**
 * A camera-like photo: a noisy gradient (so lossy re-encoding changes it every time it runs),
 * with EXIF (maker, GPS-like text, an orientation) as phones write it.
 */
export async function makePhoto(kind: "jpeg" | "webp" | "png" | "gif" = "jpeg", width = 240, height = 160): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 11;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    raw[i] = (((i % (width * 3)) / 3) * 0.8 + (seed % 70)) & 255;
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  const exif = { exif: { IFD0: { Make: "Council phone", Copyright: "SECRET-GPS-MARKER 51.5N 0.1W" } } };
  switch (kind) {
    case "jpeg":
      return image.jpeg({ quality: 95 }).withMetadata({ ...exif, orientation: 1 }).toBuffer();
    case "webp":
      return image.webp({ quality: 95 }).withMetadata(exif).toBuffer();
    case "png":
      return image.png().withMetadata(exif).toBuffer();
    default:
      return image.gif().toBuffer();
  }
}

/** A minimal spreadsheet package: enough for content sniffing to call it xlsx. */
export function makeXlsx(sheets: string[] = ["Rota"]): Buffer {
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
    .map((s, i) => `<sheet name="${s}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("")}</sheets></workbook>`;
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
      ),
      "xl/workbook.xml": strToU8(workbook),
    }),
  );
}

/** A Windows program's first bytes. */
export function makeExe(): Buffer {
  const b = Buffer.alloc(1024);
  b.write("MZ", 0);
  return b;
}

/** A PDF with a web page inside it: opened as HTML it would run script. */
export async function makePolyglotPdf(): Promise<Buffer> {
  const pdf = await makePdf(["Looks like a form"]);
  return Buffer.concat([pdf, Buffer.from("\n<html><body><script>alert(document.cookie)</script></body></html>\n")]);
}

export const SVG_WITH_SCRIPT = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>');
export const HTML_PAGE = Buffer.from("<!DOCTYPE html><html><body><p>Hello</p><script>alert(1)</script></body></html>");

/** A Word document like the ones a council keeps: a title, sections, bullets, numbered steps, a table, a link and a picture. */
export async function makeRichDocx(): Promise<Buffer> {
  const { ExternalHyperlink, ImageRun, LevelFormat } = await import("docx");
  const png = await makePng(60, 40);
  const doc = new Document({
    numbering: { config: [{ reference: "steps", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1." }] }] },
    sections: [
      {
        children: [
          new Paragraph({ text: "Reporting a missed bin", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun("Residents call us when a bin is "), new TextRun({ text: "missed", bold: true }), new TextRun(" on collection day.")] }),
          new Paragraph({ text: "Before you start", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Check the round sheet", bullet: { level: 0 } }),
          new Paragraph({ text: "Check the crew notes", bullet: { level: 0 } }),
          new Paragraph({ text: "Steps", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Log the report", numbering: { reference: "steps", level: 0 } }),
          new Paragraph({ text: "Tell the crew", numbering: { reference: "steps", level: 0 } }),
          new Paragraph({
            children: [
              new TextRun("See the "),
              new ExternalHyperlink({ link: "https://www.riverside.gov.uk/bins", children: [new TextRun({ text: "bins page", style: "Hyperlink" })] }),
              new TextRun("."),
            ],
          }),
          new Table({
            rows: [
              new TableRow({ children: ["Day", "Round"].map((t) => new TableCell({ children: [new Paragraph(t)] })) }),
              new TableRow({ children: ["Monday", "North | East"].map((t) => new TableCell({ children: [new Paragraph(t)] })) }),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: "png", data: png, transformation: { width: 60, height: 40 }, altText: { name: "map", description: "Map of the rounds", title: "Map" } })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
