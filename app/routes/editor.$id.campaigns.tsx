/**
 * /editor/:id/campaigns: the campaigns this item belongs to, and adding it to one the person
 * runs (comms editors: any; managers: their departments'), from the editor. Plain forms: works
 * without JavaScript. People who run no campaigns get a 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { campaignsForEditor, joinCampaign, removeItem } from "~/commands/campaigns.server";
import { findEditableItem } from "~/commands/edit.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest, forbidden, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Campaigns: ${data.item.title}` : "Page not found");

const DONE: Record<string, string> = { added: "It is added to the campaign.", removed: "It is taken out of the campaign." };

const Choice = z.object({
  intent: z.enum(["add", "remove"]),
  campaignId: z.string().regex(/^[1-9][0-9]{0,9}$/, "Choose a campaign from the list").transform(Number),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const campaigns = await campaignsForEditor(db, user, item.id, ukTodayIso());
  if (!campaigns) throw notFound();
  return json({ item: { id: item.id, title: item.title, type: item.type }, csrfToken: user.csrfToken, ...campaigns });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = Choice.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const { intent, campaignId } = parsed.data;
  const result = intent === "add" ? await joinCampaign(user, campaignId, item.id) : await removeItem(user, campaignId, item.id);
  if (!result.ok) {
    if (result.status === 403) throw forbidden();
    if (result.status === 404 && intent === "remove") throw notFound();
    if (result.status === 404) throw badRequest("That page cannot be added");
    return json({ errors: result.errors }, { status: 400 });
  }
  return redirect(`/editor/${item.id}/campaigns?done=${intent === "add" ? "added" : "removed"}`);
}

export default function EditorCampaigns() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = DONE[search.get("done") ?? ""];
  const errors: Record<string, string> = answer?.errors ?? {};
  const { item } = data;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: item.title, to: `/editor/${item.id}` }, { label: "Campaigns" }]} />
      {done && !answer ? (
        <div className="banner banner--success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fields={["campaignId"]} />
      <h1>Campaigns</h1>
      <p className="lead">
        Which campaigns “{item.title}” belongs to. A campaign counts its items’ views, confirmations and ratings towards its targets.
      </p>
      <h2>In these campaigns</h2>
      {data.current.length === 0 ? <p>None yet.</p> : null}
      <ul>
        {data.current.map((c) => (
          <li key={c.id}>
            <Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link>
            {c.canRemove ? (
              <Form method="post" className="inline-form">
                <CsrfField token={data.csrfToken} />
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="campaignId" value={c.id} />
                <button type="submit" className="button button--secondary button--small">
                  Take it out<span className="visually-hidden"> of {c.name}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2 id="add-title">Add it to a campaign</h2>
      {data.choices.length === 0 ? (
        <p>
          There is no other campaign running or planned that you run. <Link to="/admin/campaigns/new">Start a campaign</Link>.
        </p>
      ) : (
        <Form method="post" noValidate aria-labelledby="add-title" className="two-thirds">
          <CsrfField token={data.csrfToken} />
          <input type="hidden" name="intent" value="add" />
          <SelectField
            name="campaignId" label="Campaign" hint="Campaigns that are running or planned, which you run"
            options={[{ value: "", label: "Choose a campaign" }, ...data.choices.map((c) => ({ value: String(c.id), label: c.name }))]}
            error={errors.campaignId}
          />
          <button type="submit" className="button">
            Add to campaign
          </button>
        </Form>
      )}
    </>
  );
}
