/** /admin/campaigns/:id/edit: change a campaign's name, objective, audience, dates, owner and search terms, or delete it. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CampaignFields } from "~/components/CampaignFields";
import { CsrfField, ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { can, departmentsOf } from "~/access/permissions.server";
import { canManageCampaign, removeCampaign, saveCampaign } from "~/commands/campaigns.server";
import { campaignAudience, findCampaign } from "~/models/campaign.server";
import { listDepartments } from "~/models/department.server";
import { findPersonById } from "~/models/ownership.server";
import { CAMPAIGN_FIELDS, readCampaignForm } from "~/schemas/comms";
import { datePartsOf } from "~/schemas/date-input";
import { idParam } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Change ${data.name}` : "Change a campaign");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "update", "campaign");
  const db = await getDb();
  const campaign = await findCampaign(db, idParam(params.id));
  if (!campaign || !canManageCampaign(user, campaign)) throw notFound();
  const corporate = can(user, "create", "campaign", { departmentId: -1 });
  const all = await listDepartments(db);
  const departments = all.filter((d) => corporate || departmentsOf(user).includes(d.id));
  const audience = await campaignAudience(db, campaign.id);
  const owner = campaign.ownerId ? await findPersonById(db, campaign.ownerId) : undefined;
  return json({
    csrfToken: user.csrfToken, corporate, id: campaign.id, name: campaign.name, departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    initial: {
      values: {
        name: campaign.name, objective: campaign.objective, audience: campaign.audience, owner: owner?.email ?? "",
        department: all.find((d) => d.id === campaign.departmentId)?.slug ?? "", searchTerms: campaign.searchTerms,
      } as Record<string, string>,
      audienceDepartments: all.filter((d) => audience.departmentIds.includes(d.id)).map((d) => d.slug),
      audienceRoles: audience.roles as string[],
      starts: datePartsOf(campaign.startsOn),
      ends: datePartsOf(campaign.endsOn),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "update", "campaign");
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (form.get("intent") === "delete") {
    const result = await removeCampaign(user, id);
    if (!result.ok) throw result.status === 404 ? notFound() : new Response("You cannot delete this campaign.", { status: 403 });
    return redirect("/admin/campaigns?deleted=1");
  }
  const read = readCampaignForm(form);
  if (!read.ok) return json({ ...read, ok: undefined }, { status: 400 });
  const result = await saveCampaign(user, id, read.form);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    if (result.status === 403) throw new Response("You cannot change this campaign.", { status: 403 });
    return json({ ...read, ok: undefined, errors: result.errors }, { status: 400 });
  }
  return redirect(`/admin/campaigns/${id}?saved=1`);
}

export default function EditCampaign() {
  const { csrfToken, departments, corporate, initial, id, name } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Campaigns", to: "/admin/campaigns" }, { label: name, to: `/admin/campaigns/${id}` }, { label: "Change" }]} />
      <ErrorSummary errors={errors} fields={CAMPAIGN_FIELDS} anchors={{ startsOn: "startsOn-day", endsOn: "endsOn-day", audience: "audience-everyone" }} />
      <h1>Change the campaign</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <CampaignFields csrfToken={csrfToken} departments={departments} canCorporate={corporate} v={data ?? initial} errors={errors} />
        <button type="submit" className="button">
          Save changes
        </button>
      </Form>
      <h2 id="delete">Delete the campaign</h2>
      <p>Its items stay as they are; only the campaign, its targets and its list of items go.</p>
      <Form method="post" aria-labelledby="delete">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" className="button button--warning">
          Delete campaign
        </button>
      </Form>
    </div>
  );
}
