/**
 * /comms-requests/:id/files/:fileId: a file attached to a request to the communications team,
 * for the requester and the team only (anyone else gets a 404), sent like every stored file.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openCommsRequestFile } from "~/commands/comms-requests.server";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { fileResponse } from "~/utils/file-response.server";
import { notFound } from "~/utils/http.server";
import { KINDS } from "~/utils/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await openCommsRequestFile(user, idParam(params.id), idParam(params.fileId));
  if (!file) throw notFound();
  return fileResponse({ bytes: file.bytes, name: file.name, mime: KINDS[file.kind].mime, inline: KINDS[file.kind].image });
}
