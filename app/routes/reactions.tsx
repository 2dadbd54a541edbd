/** POST /reactions: add or take back a reaction (like, thanks, helpful, celebrate), then back to the page. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { react } from "~/commands/reactions.server";
import { ReactionForm } from "~/schemas/conversations";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ReactionForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest("Choose a reaction.");
  const result = await react(user, parsed.data.target, parsed.data.targetId, parsed.data.kind, parsed.data.on === "1");
  if (!result.ok) throw new Response(result.message, { status: result.status });
  return redirect(safeRedirect(parsed.data.returnTo, "/"));
}
