import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";

/**
 * Any address no other route matches. Signed-out visitors go to sign-in first (the
 * intranet does not say what exists to strangers); signed-in people get the friendly
 * "Page not found" page from the root error boundary, with a 404 status.
 */
export const meta: MetaFunction = () => [{ title: "Page not found – Riverside intranet" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  throw notFound();
}

export default function CatchAll() {
  return null;
}
