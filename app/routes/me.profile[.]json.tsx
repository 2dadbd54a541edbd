/** /me/profile.json: everything the directory holds about you, as a download (docs/privacy.md). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportOwnProfile } from "~/presenters/people.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportOwnProfile(await getDb(), user.id);
  if (!data) throw notFound();
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-directory-profile.json"',
      "Cache-Control": "no-store",
    },
  });
}
