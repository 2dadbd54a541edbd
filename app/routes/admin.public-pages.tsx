/**
 * /admin/public-pages — the administrator's switch for public pages (decision 091): whether
 * items marked "anyone can see it without signing in" are shown to visitors who are not
 * signed in. Off until an administrator turns it on; PUBLIC_PAGES=false in the environment
 * keeps it off whatever is chosen here.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { getPublicTier, listPublicItems, setPublicPages } from "~/commands/public-pages.server";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Public pages");

const SwitchSchema = z.object({ publicPages: z.enum(["on", "off"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "settings");
  const tier = await getPublicTier();
  // Counted as visitors would see them if the switch were on, so the admin knows what turning it on shares.
  const marked = await listPublicItems({ limit: 0 });
  return json({ tier, csrfToken: user.csrfToken, saved: new URL(request.url).searchParams.get("saved") === "1", markedPublic: tier.on ? marked.total : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "settings");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = SwitchSchema.safeParse({ publicPages: form.get("publicPages") });
  if (!parsed.success) throw badRequest("Choose whether public pages are on or off.");
  await setPublicPages(user, parsed.data.publicPages === "on");
  return redirect("/admin/public-pages?saved=1");
}

export default function PublicPagesSetting() {
  const { tier, csrfToken, saved, markedPublic } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Public pages" }]} />
      <h1>Public pages</h1>
      {saved ? (
        <div className="banner banner--success" role="status">
          <p>Setting saved.</p>
        </div>
      ) : null}
      <p>
        Editors can mark an item “anyone can see it without signing in”. While public pages are on, people who are not signed in can read
        those items at {tier.on ? <Link to="/public">/public</Link> : <code>/public</code>}, search them and follow them in a feed. Nothing else is shown to them.
      </p>
      {tier.why === "forbidden-by-environment" ? (
        <p className="warning-text">
          Public pages are switched off for this intranet by its server settings (PUBLIC_PAGES=false). Ask whoever runs the server to change
          it.
        </p>
      ) : (
        <>
          <p>
            Public pages are <strong>{tier.on ? "on" : "off"}</strong>.
            {markedPublic !== null ? ` ${markedPublic} ${markedPublic === 1 ? "item is" : "items are"} shared publicly.` : ""}
          </p>
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="publicPages" value={tier.on ? "off" : "on"} />
            <button type="submit" className="button">
              {tier.on ? "Turn public pages off" : "Turn public pages on"}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
