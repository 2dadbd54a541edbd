/** GET /auth/oidc/callback: the identity provider sends the browser back here with a code. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signInWithIdentity } from "~/commands/oidc-sign-in.server";
import { recordAudit } from "~/models/audit.server";
import { safeRedirect } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { OidcSignInError, clearFlowCookie, completeOidcSignIn, oidcEnabled } from "~/utils/oidc.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { sessionCookie } from "~/utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!oidcEnabled()) throw redirect("/login");
  const address = clientAddress(context);
  const back = (code: string) => {
    const headers = new Headers({ Location: `/login?error=${code}`, "Cache-Control": "no-store" });
    headers.append("Set-Cookie", clearFlowCookie(request));
    return new Response(null, { status: 302, headers });
  };
  const providerError = new URL(request.url).searchParams.get("error");
  try {
    const identity = await completeOidcSignIn(request);
    const result = await signInWithIdentity(request, identity, address);
    if (!result.ok) return back(result.reason === "deactivated" ? "oidc-switched-off" : "oidc-failed");
    const headers = new Headers({ Location: safeRedirect(identity.redirectTo), "Cache-Control": "no-store" });
    headers.append("Set-Cookie", clearFlowCookie(request));
    headers.append("Set-Cookie", sessionCookie(request, result.token));
    return new Response(null, { status: 302, headers });
  } catch (err) {
    const code = err instanceof OidcSignInError ? err.code : "provider";
    log.info("sign-in with the identity provider failed", { code, error: String(err instanceof Error ? err.message : err).slice(0, 300) });
    const db = await getDb();
    await recordAudit(db, { actorId: null, action: "sign-in.failure", detail: { method: "oidc", reason: code, address, providerError: providerError?.slice(0, 100) ?? null } });
    if (providerError === "access_denied") return back("oidc-cancelled");
    return back(code === "expired" ? "oidc-expired" : code === "no-email" ? "oidc-no-email" : "oidc-failed");
  }
}
