/** A zip file in memory (fflate), for information-rights exports (decision 163). */
import { strToU8, zipSync } from "fflate";

/** Files by path inside the zip: text is stored as UTF-8. Dates inside the zip are the export's time. */
export function makeZip(files: Record<string, string | Uint8Array>, at: Date): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = [typeof content === "string" ? strToU8(content) : content, { mtime: at }];
  return zipSync(entries, { level: 6 });
}

/** A download response for a zip (never cached: exports hold personal data). */
export function zipResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "no-store",
    },
  });
}
