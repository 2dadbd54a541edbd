/** RSS (or Atom with ?format=atom) of a channel, for the person whose feed token is in the address. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findChannelBySlug } from "~/models/channel.server";
import { listChannelFeedItems } from "~/models/feed.server";
import { slugFromParams } from "~/schemas/reading-query";
import { visibleItemsSql } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { feedError, feedResponse, requireFeedViewer } from "~/utils/feed.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireFeedViewer(request);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const channel = slug ? await findChannelBySlug(db, slug) : undefined;
  if (!channel) throw feedError(404, "There is no channel at this address.");
  const items = await listChannelFeedItems(db, channel.id, visibleItemsSql(viewer));
  return feedResponse(request, { title: channel.name, description: channel.description || channel.name, path: `/channels/${channel.slug}` }, items);
}
