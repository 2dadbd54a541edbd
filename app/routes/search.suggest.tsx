/**
 * /search/suggest?q=… — typeahead suggestions as JSON for the header search box: titles
 * of items the viewer may open and glossary terms. With format=opensearch, the
 * OpenSearch suggestions format browsers use: ["query", ["title", …]].
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { cleanQueryText } from "~/search/query.server";
import { suggestItems } from "~/utils/search.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const suggestions = await suggestItems(user, q);
  const headers = { "Cache-Control": "private, no-store" };
  if (url.searchParams.get("format") === "opensearch")
    return json([cleanQueryText(q), [...suggestions.terms.map((t) => t.term), ...suggestions.items.map((i) => i.title)]], {
      headers: { ...headers, "Content-Type": "application/x-suggestions+json; charset=utf-8" },
    });
  return json(suggestions, { headers });
}
