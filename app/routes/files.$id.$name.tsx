/**
 * /files/:id/:name: an attached file, checked against its item's audience on every
 * request (a file of an item you cannot open is a 404). Sent the one way every stored file
 * is (utils/file-response.server.ts): never rendered by the browser as a page, never kept
 * by a shared cache.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openFile } from "~/commands/attachments.server";
import { requireUser } from "~/utils/auth.server";
import { fileResponse } from "~/utils/file-response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return fileResponse(await openFile(user, params.id, new URL(request.url).searchParams.get("v")));
}
