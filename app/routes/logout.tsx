import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser, requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { readForm } from "~/utils/request-body.server";
import { clearSessionCookie, destroySession } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/");
}

/** Signing out deletes the session on the server, not just the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const form = await readForm(request);
  assertCsrf(request, form, user?.csrfToken ?? null);
  await destroySession(request);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
