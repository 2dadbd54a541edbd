/**
 * The shape shared by the small POST-only routes about one item (confirm it, dismiss its
 * banner): signed in, same-origin with the session's CSRF token, an item id, then back to
 * the page the form was on (a same-origin path only). A GET just goes home.
 */
import { redirect } from "@remix-run/node";
import { ItemActionForm } from "~/schemas/delivery";
import { requireUser, safeRedirect, type SessionUser } from "./auth.server";
import { assertCsrf } from "./csrf.server";
import { badRequest } from "./http.server";
import { formFields, readForm, SMALL_FORM } from "./request-body.server";

export async function itemActionRedirectHome(request: Request): Promise<Response> {
  await requireUser(request);
  return redirect("/");
}

export async function runItemAction(
  request: Request,
  run: (user: SessionUser, itemId: number) => Promise<unknown>,
  options: { missing: string; anchor?: string },
): Promise<Response> {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ItemActionForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest(options.missing);
  await run(user, parsed.data.itemId);
  return redirect(`${safeRedirect(parsed.data.redirectTo, "/")}${options.anchor ?? ""}`);
}
