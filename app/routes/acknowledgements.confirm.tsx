/** POST "I have read and understood this" for a must-read announcement or a material policy version. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { ItemActionForm } from "~/schemas/delivery";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData().catch(() => null);
  if (!form) throw badRequest("We could not read what was sent. Go back and try again.");
  assertCsrf(request, form, user.csrfToken);
  const parsed = ItemActionForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw badRequest("Choose what you are confirming.");
  await acknowledgeItem(user, parsed.data.itemId);
  return redirect(`${safeRedirect(parsed.data.redirectTo, "/")}#acknowledge`);
}
