/**
 * /push/renew: a browser's replaced push subscription (decision 215), sent by the service
 * worker on `pushsubscriptionchange`.
 *
 * - POST `oldEndpoint` + `subscription` (PushSubscription.toJSON() as JSON): the new
 *   subscription replaces the old one, for the same person. The old endpoint is the proof:
 *   no session (the event may come any time after signing in) and no form token (a worker
 *   has none); a post must carry this site's Origin (a worker's always does), and server.js
 *   refuses posts from another site. Answers JSON: 200, 400 with a
 *   message for a malformed subscription, 404 when the old endpoint is not ours, 403 on a
 *   shared device.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { renewPushSubscription } from "~/commands/push.server";
import { parsePushSubscription } from "~/schemas/push";
import { getEnv } from "~/utils/env.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { isSharedDevice } from "~/utils/shared-device.server";

const NO_STORE = { "Cache-Control": "no-store" };

const RenewForm = z.object({ oldEndpoint: z.string().min(1).max(2000), subscription: z.string().max(4000) });

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Send the renewed subscription with POST." }, { status: 405, headers: NO_STORE });
  if (request.headers.get("origin") !== new URL(request.url).origin) return json({ error: "Send it from the intranet's own pages." }, { status: 403, headers: NO_STORE });
  if (await isSharedDevice(request)) return json({ error: "Notifications are not offered on a shared device." }, { status: 403, headers: NO_STORE });
  const form = RenewForm.safeParse(formFields(await readForm(request, SMALL_FORM)));
  if (!form.success) return json({ error: "Send the old endpoint and the new subscription." }, { status: 400, headers: NO_STORE });
  const parsed = parsePushSubscription(form.data.subscription, { allowLoopback: getEnv().NODE_ENV !== "production" });
  if (!parsed.ok) return json({ error: `We could not renew notifications. ${parsed.message}.` }, { status: 400, headers: NO_STORE });
  if (!(await renewPushSubscription(form.data.oldEndpoint, parsed.value))) return json({ error: "That subscription is not known here." }, { status: 404, headers: NO_STORE });
  return json({ ok: true }, { headers: NO_STORE });
}
