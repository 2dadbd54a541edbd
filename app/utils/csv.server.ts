/**
 * CSV for spreadsheets (csv-stringify), safe to open in Excel or LibreOffice: a text cell
 * that starts with = + - @, a tab or a carriage return could run as a formula, so it gets
 * a leading apostrophe. Numbers stay numbers (a negative number is data, not a formula).
 */
import { stringify } from "csv-stringify/sync";

export type CsvValue = string | number | boolean | null | undefined;

export function neutraliseCell(value: CsvValue): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRows(rows: CsvValue[][]): string {
  return stringify(rows.map((r) => r.map(neutraliseCell)), { record_delimiter: "\r\n" });
}

/**
 * A streamed CSV response: the header, then rows as they come, so a long export never sits
 * whole in memory. Starts with a byte-order mark so Excel reads UTF-8.
 */
export function csvResponse(filename: string, header: string[], rows: AsyncIterable<CsvValue[]>, batch = 500): Response {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvRows([header])}`));
    },
    async pull(controller) {
      const chunk: CsvValue[][] = [];
      while (chunk.length < batch) {
        const next = await iterator.next();
        if (next.done) break;
        chunk.push(next.value);
      }
      if (chunk.length) controller.enqueue(encoder.encode(csvRows(chunk)));
      if (chunk.length < batch) controller.close();
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
