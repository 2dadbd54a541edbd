/**
 * /files/:id/:name: an attached file, checked against its item's audience on every
 * request (a file of an item you cannot open is a 404). Never rendered by the browser as
 * a page: documents are downloads, images are images; `nosniff`, a CSP that allows
 * nothing (and sandboxes anything), and `private, no-store` so no shared cache keeps it.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openFile } from "~/commands/attachments.server";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await openFile(user, params.id, new URL(request.url).searchParams.get("v"));
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
