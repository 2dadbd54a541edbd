/** /public/feed.xml — RSS (Atom with ?format=atom) of public items, for anyone; 404 while public pages are off (decision 091). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicItems } from "~/commands/public-pages.server";
import { getEnv } from "~/utils/env.server";
import { feedError, feedResponse } from "~/utils/feed.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const listing = await listPublicItems({ limit: 50 });
  if (!listing.tier.on) throw feedError(404, "There are no public pages here.");
  const council = getEnv().COUNCIL_NAME;
  return feedResponse(request, { title: `${council}: public pages`, description: `News, policies and guides ${council} shares publicly.`, path: "/public" }, listing.items, { publicPages: true });
}
