/**
 * /admin/content-files.zip: the pages that came from content files and were edited on the
 * web since, that this person may open or edit, as one zip in the content folder's layout
 * (decision 154). For comms editors and administrators.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { webEditedZip } from "~/commands/export.server";
import { requireUserWith } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "publish", "guide");
  const zip = await webEditedZip(user);
  return new Response(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength) as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(zip.length),
      "Content-Disposition": 'attachment; filename="web-edits.zip"',
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      Vary: "Cookie",
    },
  });
}
