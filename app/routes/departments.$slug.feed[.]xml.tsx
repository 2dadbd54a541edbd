/** RSS (or Atom with ?format=atom) of everything from or sent to a department, for the token's owner. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findDepartmentBySlug } from "~/models/department.server";
import { listDepartmentFeedItems } from "~/models/feed.server";
import { slugFromParams } from "~/schemas/reading-query";
import { visibleItemsSql } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { feedError, feedResponse, requireFeedViewer } from "~/utils/feed.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireFeedViewer(request);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const department = slug ? await findDepartmentBySlug(db, slug) : undefined;
  if (!department) throw feedError(404, "There is no department at this address.");
  const items = await listDepartmentFeedItems(db, department.id, visibleItemsSql(viewer));
  return feedResponse(
    request,
    { title: `${department.name}: news, policies and guides`, description: department.description || department.name, path: `/departments/${department.slug}` },
    items,
  );
}
