/**
 * /opensearch.xml — lets browsers add the intranet as a search engine (the page header
 * links to it with rel="search"). It names only the council and the search address, so
 * it is served without signing in: browsers fetch it in the background, without cookies.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";
import { escapeXml as xml, xmlResponse } from "~/utils/xml";

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const origin = new URL(env.PUBLIC_URL ?? request.url).origin;
  const place = env.COUNCIL_NAME.split(/\s+/)[0] ?? "";
  const shortName = `${place} search`.length <= 16 ? `${place} search` : "Intranet search";
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:moz="http://www.mozilla.org/2006/browser/search/">
  <ShortName>${xml(shortName)}</ShortName>
  <Description>${xml(`Search the ${env.COUNCIL_NAME} staff intranet`)}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image width="16" height="16" type="image/svg+xml">${xml(`${origin}/favicon.svg`)}</Image>
  <Url type="text/html" method="get" template="${xml(`${origin}/search?q={searchTerms}`)}"/>
  <Url type="application/x-suggestions+json" method="get" template="${xml(`${origin}/search/suggest?format=opensearch&q={searchTerms}`)}"/>
  <moz:SearchForm>${xml(`${origin}/search`)}</moz:SearchForm>
</OpenSearchDescription>
`;
  return xmlResponse(body, { contentType: "application/opensearchdescription+xml", headers: { "Cache-Control": "public, max-age=3600" } });
}
