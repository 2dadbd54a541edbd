import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser, requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { providerSignOutCookie, providerSignOutUrl } from "~/utils/oidc.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { clearSessionCookie, destroySession } from "~/utils/session.server";
import { clearReadingCookie } from "~/utils/reading-settings.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/");
}

/**
 * Signing out deletes the session on the server, not just the cookie. A session that came
 * from the identity provider can end there too (OIDC_SIGN_OUT_AT_PROVIDER), through
 * /logout/provider; the provider then sends the browser back to the sign-in page.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user?.csrfToken ?? null);
  const method = await destroySession(request);
  const headers = new Headers({ "Set-Cookie": clearSessionCookie(request) });
  // Reading settings kept in a cookie on a shared device (decision 122) go with the session.
  headers.append("Set-Cookie", clearReadingCookie(request));
  // What the browser kept of the signed-in pages goes too (the next person on a shared
  // device, decision 121; the service worker's caches, if any). Cookies stay: the device's mark is one.
  headers.set("Clear-Site-Data", '"cache", "storage"');
  if (method === "oidc" && (await providerSignOutUrl(request))) {
    // On to the provider through a page of ours: the CSP lets forms lead only to this site.
    headers.append("Set-Cookie", providerSignOutCookie(request, true));
    return redirect("/logout/provider", { headers });
  }
  return redirect("/login", { headers });
}
