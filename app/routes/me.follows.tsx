/** POST: follow or unfollow a channel (from /me or a channel page). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setFollowing } from "~/commands/follow.server";
import { FollowForm } from "~/schemas/delivery";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/me");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = FollowForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest("Choose a channel to follow or unfollow.");
  await setFollowing(user, parsed.data.channelId, parsed.data.follow);
  return redirect(safeRedirect(parsed.data.redirectTo, "/me"));
}
