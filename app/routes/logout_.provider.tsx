/**
 * /logout/provider — the step between signing out of the intranet and signing out at the
 * council's identity provider (OIDC_SIGN_OUT_AT_PROVIDER). The sign-out form's answer
 * comes here (same origin, as the form-action CSP allows), and this page sends the browser
 * on to the provider's end-session address at once, with a link for anyone whose browser
 * does not follow. It works only straight after signing out: /logout sets a one-time cookie.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/meta";
import { PROVIDER_SIGN_OUT_COOKIE, providerSignOutCookie, providerSignOutUrl } from "~/utils/oidc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageTitle("Signing you out of your council account"),
  ...(data?.url ? [{ httpEquiv: "refresh", content: `0;url=${data.url}` }] : []),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const marked = (request.headers.get("cookie") ?? "").split(";").some((c) => c.trim() === `${PROVIDER_SIGN_OUT_COOKIE}=1`);
  const url = marked ? await providerSignOutUrl(request) : null;
  const headers = { "Set-Cookie": providerSignOutCookie(request, false), "Cache-Control": "no-store" };
  if (!url) throw redirect(marked ? "/login" : "/", { headers });
  return json({ url }, { headers });
}

export default function ProviderSignOut() {
  const { url } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Signing you out of your council account</h1>
      <p>You have signed out of the intranet. Your council account is being signed out too.</p>
      <p>
        <a href={url}>Continue to sign out of your council account</a>
      </p>
    </>
  );
}
