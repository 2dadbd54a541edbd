import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { clearSessionCookie, destroySession } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

/** Signing out deletes the session on the server, not just the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const form = await request.formData();
  assertCsrf(request, form, user?.csrfToken ?? null);
  await destroySession(request);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
