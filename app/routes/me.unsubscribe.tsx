/**
 * One-click unsubscribe from email links, without signing in. The signed token in the
 * address says who and which kind of mail (digests, or alerts and reminders).
 *
 * - GET shows a page with a button (mail scanners follow links, so a GET changes nothing);
 * - POST turns that mail off. Mail clients send RFC 8058's "List-Unsubscribe=One-Click"
 *   POST from their own servers, with no session and no page to get a CSRF token from:
 *   the signed token is the authority here, so this is the one form without the session
 *   CSRF token (docs/decisions/074-one-click-unsubscribe.md).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { pageTitle } from "~/components/meta";
import { getOrCreateSigningKey, saveNotificationPrefs } from "~/models/notification-prefs.server";
import { getDb } from "~/utils/db.server";
import { verifyUnsubscribeToken, type MailList } from "~/utils/mail.server";

export const meta: MetaFunction = () => pageTitle("Stop emails");

const WHAT: Record<MailList, string> = {
  digest: "digest emails",
  alerts: "emails about urgent notices, must-read items and reminders",
};

async function readToken(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const db = await getDb();
  return verifyUnsubscribeToken(await getOrCreateSigningKey(db, "unsubscribe"), token);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const target = await readToken(request);
  return json({ valid: !!target, what: target ? WHAT[target.list] : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const target = await readToken(request);
  if (!target) return json({ done: false }, { status: 400 });
  const db = await getDb();
  await db.transaction((tx) =>
    saveNotificationPrefs(tx, target.userId, target.list === "digest" ? { digest: "off" } : { alerts: false }),
  );
  const body = await request.text().catch(() => "");
  // A mail client's one-click POST gets a short plain answer; a person gets the page.
  if (body.includes("List-Unsubscribe=One-Click")) return new Response("Unsubscribed", { status: 200, headers: { "Content-Type": "text/plain" } });
  return json({ done: true });
}

export default function Unsubscribe() {
  const { valid, what } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!valid || (result && !result.done))
    return (
      <>
        <h1>This link does not work</h1>
        <p>The link may have been copied wrongly. You can change what emails you get on your profile page after signing in.</p>
        <p>
          <Link to="/me">Your channels and notifications</Link>
        </p>
      </>
    );
  if (result?.done)
    return (
      <>
        <h1>You will not get these emails any more</h1>
        <p>We have stopped {what}.</p>
        <p>
          Important items still show on your intranet home page. You can turn emails back on in{" "}
          <Link to="/me">your channels and notifications</Link>.
        </p>
      </>
    );
  return (
    <>
      <h1>Stop emails</h1>
      <p>Do you want to stop {what}?</p>
      <Form method="post">
        <button type="submit" className="button">
          Stop these emails
        </button>
      </Form>
    </>
  );
}
