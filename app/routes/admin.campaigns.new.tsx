/** /admin/campaigns/new: start a campaign (comms editors: any; managers: for their departments). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CampaignFields } from "~/components/CampaignFields";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { can, departmentsOf } from "~/access/permissions.server";
import { saveCampaign } from "~/commands/campaigns.server";
import { listDepartments } from "~/models/department.server";
import { CAMPAIGN_FIELDS, readCampaignForm } from "~/schemas/comms";
import { EMPTY_DATE } from "~/schemas/date-input";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Start a campaign");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "create", "campaign");
  const corporate = can(user, "create", "campaign", { departmentId: -1 });
  const departments = (await listDepartments(await getDb())).filter((d) => corporate || departmentsOf(user).includes(d.id));
  const home = departments.find((d) => d.id === user.departmentId)?.slug ?? "";
  return json({
    csrfToken: user.csrfToken, corporate, departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    initial: {
      values: { department: corporate ? "" : home, audience: corporate ? "everyone" : "departments" }, audienceDepartments: corporate ? [] : [home],
      audienceRoles: [] as string[], starts: EMPTY_DATE, ends: EMPTY_DATE,
    },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "create", "campaign");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const read = readCampaignForm(form);
  if (!read.ok) return json({ ...read, ok: undefined }, { status: 400 });
  const result = await saveCampaign(user, null, read.form);
  if (!result.ok) return json({ ...read, ok: undefined, errors: result.errors }, { status: result.status });
  return redirect(`/admin/campaigns/${result.id}?saved=1`);
}

export default function NewCampaign() {
  const { csrfToken, departments, corporate, initial } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Campaigns", to: "/admin/campaigns" }, { label: "Start a campaign" }]} />
      <ErrorSummary errors={errors} fields={CAMPAIGN_FIELDS} anchors={{ startsOn: "startsOn-day", endsOn: "endsOn-day", audience: "audience-everyone" }} />
      <h1>Start a campaign</h1>
      <p>After you save it, add the campaign’s items and its targets on its page.</p>
      <Form method="post" noValidate>
        <CampaignFields csrfToken={csrfToken} departments={departments} canCorporate={corporate} v={data ?? initial} errors={errors} />
        <button type="submit" className="button">
          Save campaign
        </button>
      </Form>
    </div>
  );
}
