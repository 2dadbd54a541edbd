/**
 * Server entry: renders the React document with the request's CSP nonce. It also
 * exports `boot`, `securityHeaders` and the cluster's plumbing, which server.js reaches
 * through the build's `entry.module`, so the server and the app share one copy of every
 * module (one database connection pair, one write queue).
 *
 * The document is rendered whole with `renderToString`, not streamed: no page suspends
 * (loaders finish before rendering starts), so streaming sent the same bytes in the same
 * time and cost about a tenth more CPU per page in stream plumbing
 * (docs/decisions/065-page-speed-findings.md).
 */
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce";
import { FragmentsProvider } from "~/utils/fragments";
import { fragmentRenderer } from "~/utils/fragment-cache.server";
import { browserHas, pageEtag } from "~/utils/page-etag.server";

export { boot, shutdown, printWelcome } from "~/boot.server";
export { securityHeaders, makeNonce, makeRequestId } from "~/utils/http.server";
export { handleWorkerMessage } from "~/utils/cluster.server";
export { getEnv, workerCount } from "~/utils/env.server";
export { createScimRouter } from "~/scim/service.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A repeat visit to a page that opts in: when the browser already has exactly this page, say so (decision 191).
  const etag = pageEtag(request, responseStatusCode, remixContext);
  if (etag) {
    responseHeaders.set("ETag", etag);
    // Kept by the browser, asked about every time, never by a shared cache; and not for a different cookie.
    responseHeaders.set("Cache-Control", "private, no-cache");
    responseHeaders.append("Vary", "Cookie");
    if (browserHas(request, etag)) return new Response(null, { status: 304, headers: responseHeaders });
  }
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // A render error throws here; Remix then renders the nearest error boundary instead.
  const html = renderToString(
    <NonceProvider value={nonce}>
      {/* Header and footer drawn once per role and grants on pages without the framework's scripts (decision 230). */}
      <FragmentsProvider value={fragmentRenderer()}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </FragmentsProvider>
    </NonceProvider>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  sharedDeviceNoStore(request, responseHeaders);
  const page = `<!DOCTYPE html>${html}`;
  if (loadContext.takesDocument !== true) return new Response(page, { headers: responseHeaders, status: responseStatusCode });
  // server.js writes the string itself (decision 270): no body stream to make and read back.
  const response = new Response(null, { headers: responseHeaders, status: responseStatusCode });
  documents.set(response, page);
  return response;
}

/**
 * Documents rendered for server.js (which sets `takesDocument` in the load context), by the
 * answer they belong to. A page is a string of about 30 KB; as a `Response` body it became a
 * byte stream that server.js then read back chunk by chunk: per page a copy, a stream and its
 * reader for nothing (decision 270). Keyed by the answer itself, so an answer Remix makes
 * instead (an error page after a failed render, a HEAD request's empty answer) finds none
 * and is sent as it is.
 */
const documents = new WeakMap<Response, string>();

/** The HTML of a document answer rendered for server.js, or undefined for any other answer. */
export function documentOf(response: Response): string | undefined {
  return documents.get(response);
}

/**
 * On a shared device (decision 121) no page or loader answer may be kept by the browser's
 * cache or its back/forward cache, so the next person's Back shows nothing of the last
 * person's: every answer there is `no-store`. The cookie's presence is enough to decide
 * (a forged one only costs its holder their cache).
 */
function sharedDeviceNoStore(request: Request, headers: Headers): void {
  if (/(?:^|;\s*)intranet_device=/.test(request.headers.get("cookie") ?? "")) headers.set("Cache-Control", "no-store");
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  sharedDeviceNoStore(request, response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Thrown responses (404, 405 for a wrong method…) are answers, not faults: don't log them as errors.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  console.error(JSON.stringify({ level: "error", msg: "unhandled", url: new URL(request.url).pathname, error: String((error as Error)?.stack ?? error) }));
}
