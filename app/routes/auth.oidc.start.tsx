/**
 * GET /auth/oidc/start: sends the browser to the council's identity provider. A link (not
 * a form) on purpose: the page's CSP allows forms to post only to this site, and a
 * redirect after a form post would have to obey that too. Starting a sign-in changes
 * nothing for anyone, and the flow is bound to this browser by a cookie.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser, safeRedirect } from "~/utils/auth.server";
import { log } from "~/utils/log.server";
import { beginOidcSignIn, oidcEnabled } from "~/utils/oidc.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  if (!oidcEnabled()) throw redirect("/login");
  try {
    const { url, cookie } = await beginOidcSignIn(request, redirectTo);
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (err) {
    log.error("could not start sign-in with the identity provider", { error: String(err) });
    return redirect("/login?error=oidc-failed");
  }
}
