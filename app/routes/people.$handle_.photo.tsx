/** /people/:handle/photo: the stored (re-encoded, metadata-free) photo, if its owner lets the viewer see it. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canSeeOptionalField, canSeeProfile } from "~/access/people.server";
import { findProfile, getPhoto } from "~/models/people.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const handle = params.handle ?? "";
  const person = handle.length <= 80 ? await findProfile(db, handle) : undefined;
  if (!person || !canSeeProfile(user, person) || !canSeeOptionalField(user, person, person.photoVisibility)) throw notFound("No photo.");
  const photo = await getPhoto(db, person.id);
  if (!photo) throw notFound("No photo.");
  return new Response(new Uint8Array(photo.image), {
    headers: {
      "Content-Type": photo.mimeType,
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}
