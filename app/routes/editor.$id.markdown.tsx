/**
 * /editor/:id/markdown: one page as the Markdown file the import reads (with its attached
 * files, a zip), for anyone who may open it in the editor; anyone else gets a 404
 * (decision 154). Never cached by a shared cache.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { markdownOfItem } from "~/commands/export.server";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await markdownOfItem(user, params.id);
  return new Response(new Uint8Array(file.content.buffer, file.content.byteOffset, file.content.byteLength) as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": file.type,
      "Content-Length": String(file.content.length),
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
      "Cache-Control": "private, no-store",
      Vary: "Cookie",
    },
  });
}
