/** /story-photos/:id: a story's photo (re-encoded, metadata-free), for those who may see the story (decision 172). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { storyPhotoFor } from "~/commands/stories.server";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const photo = await storyPhotoFor(await getDb(), user, idParam(params.id));
  if (!photo) throw notFound("No photo.");
  return new Response(new Uint8Array(photo), {
    headers: { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline" },
  });
}
