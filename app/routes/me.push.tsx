/**
 * POST /me/push: Web Push for this person (decision 125).
 *
 * - `intent=subscribe` with `subscription` (PushSubscription.toJSON() as JSON): sent by the
 *   small script on /me once the browser's PushManager has subscribed. Answers JSON; a
 *   malformed subscription is refused with 400 and a message naming what is wrong.
 * - `intent=remove` with `id` (a plain form on /me, no script needed) or `endpoint` (the
 *   script, turning this browser off): removes one of the person's own subscriptions.
 *
 * Never on a shared device (403): nothing of a person's may reach the next one.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { subscribeToPush, unsubscribeFromPush } from "~/commands/push.server";
import { parsePushSubscription } from "~/schemas/push";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getEnv } from "~/utils/env.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

const RemoveForm = z.union([
  z.object({ intent: z.literal("remove"), id: z.string().regex(/^\d{1,12}$/).transform(Number) }),
  z.object({ intent: z.literal("remove"), endpoint: z.string().min(1).max(2000) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/me#notifications");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  if (fields.intent === "subscribe") {
    if (user.sharedDevice) return json({ error: "Notifications are not offered on a shared device." }, { status: 403 });
    const parsed = parsePushSubscription(fields.subscription, { allowLoopback: getEnv().NODE_ENV !== "production" });
    if (!parsed.ok) return json({ error: `We could not turn on notifications. ${parsed.message}.` }, { status: 400 });
    await subscribeToPush(user.id, parsed.value);
    return json({ ok: true });
  }
  const removal = RemoveForm.safeParse(fields);
  if (!removal.success) return json({ error: "We did not understand that request: choose a device to remove." }, { status: 400 });
  const removed = await unsubscribeFromPush(user.id, "id" in removal.data ? { id: removal.data.id } : { endpoint: removal.data.endpoint });
  if ("endpoint" in removal.data) return json({ ok: true, removed });
  return redirect(`/me?saved=${removed ? "push-removed" : "push-gone"}#notifications`);
}
