/**
 * The one way a stored file leaves the intranet: documents are downloads, images are images;
 * `nosniff`, a CSP that allows nothing (and sandboxes anything), and `private, no-store` so no
 * shared cache keeps a file that only some people may open.
 */
export type StoredFile = { bytes: Buffer; name: string; mime: string; inline: boolean };

export function fileResponse(file: StoredFile): Response {
  const ascii = file.name.replace(/[^\w.-]/g, "_");
  return new Response(new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": `${file.inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'none'; script-src 'none'; frame-ancestors 'none'; sandbox",
      "Cache-Control": "private, no-store",
      "Cross-Origin-Resource-Policy": "same-origin",
      Vary: "Cookie",
    },
  });
}

/** The files sent in a multipart form field (one or several); an empty file input sends one nameless empty file. */
export async function formFiles(form: FormData, name: string): Promise<{ fileName: string; bytes: Buffer }[]> {
  const out: { fileName: string; bytes: Buffer }[] = [];
  for (const value of form.getAll(name)) {
    if (typeof value === "string") continue;
    out.push({ fileName: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return out;
}
