/**
 * /me/offline.json (decision 124): the pages the service worker keeps for offline reading on
 * this person's own phone: their outstanding must-reads and the guides they saved. Empty
 * on a shared device (nothing signed-in is cached there). Never cached itself.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { visibleItemsSql } from "~/access/audience.server";
import { listOutstandingForUser } from "~/models/acknowledgement.server";
import { listSavedOffline } from "~/models/saved-offline.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const headers = { "Cache-Control": "no-store" };
  if (user.sharedDevice) return json({ pages: [] as string[] }, { headers });
  const db = await getDb();
  const visible = visibleItemsSql(user);
  const [mustReads, saved] = await Promise.all([listOutstandingForUser(db, user.id, visible), listSavedOffline(db, user.id, visible)]);
  const pages = [...new Set(["/", "/me/must-reads", "/me/offline", ...mustReads.map((m) => itemPath(m.type, m.slug)), ...saved.map((g) => itemPath("guide", g.slug))])];
  return json({ pages }, { headers });
}
