/**
 * /admin/campaigns/:id: a campaign's progress against its targets, by department, with a
 * projection to each target's date, the departments furthest behind and what can be done for
 * them; its items and targets, which its managers change here. CSV and a printable report.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { BarChart } from "~/components/charts/BarChart";
import { DataTable } from "~/components/charts/DataTable";
import { barChart } from "~/components/charts/geometry.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateInput } from "~/components/DateInput";
import { DateText } from "~/components/DateText";
import { CsrfField, ErrorSummary, SelectField, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { addItem, addTarget, canManageCampaign, canSeeCampaign, remindInTeams, remindOutstanding, removeItem, removeTarget } from "~/commands/campaigns.server";
import { findCampaign } from "~/models/campaign.server";
import { campaignView, MEASURE_NAMES, MEASURES } from "~/presenters/campaign.server";
import { AddItemSchema, TargetSchema } from "~/schemas/comms";
import { checkDate, EMPTY_DATE, readDateParts } from "~/schemas/date-input";
import { idParam } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.view.campaign.name ?? "Campaign");

const STATUS_TEXT = { met: "Target met", "on-track": "On track", behind: "Behind" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "campaign");
  const db = await getDb();
  const campaign = await findCampaign(db, idParam(params.id));
  if (!campaign || !canSeeCampaign(user, campaign)) throw notFound();
  const view = await campaignView(db, campaign, user, ukTodayIso());
  const charts = view.progress
    .filter((t) => t.byDepartment.length)
    .map((t) => barChart({
      id: `chart-target-${t.id}`,
      title: `${t.label} by department (target ${t.target}${t.unit})`,
      description: `Bar chart: ${t.byDepartment.map((d) => `${d.name} ${d.value}${t.unit}`).join(", ")}. The target is ${t.target}${t.unit}.`,
      bars: t.byDepartment.map((d) => ({ label: d.name, value: d.value })),
      xLabel: t.unit === "%" ? "Per cent" : t.label,
      formatValue: (n) => `${n}${t.unit}`,
      xMax: t.unit === "%" ? 100 : undefined,
    }));
  return json({ csrfToken: user.csrfToken, manage: canManageCampaign(user, campaign), view, charts, measures: MEASURE_NAMES.map((m) => ({ value: m, label: MEASURES[m].label })) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "update", "campaign");
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const intent = values.intent;
  const fail = (errors: Record<string, string>) => json({ errors, values, form: intent }, { status: 400 });
  let result;
  if (intent === "add-item") {
    const parsed = AddItemSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    result = await addItem(user, id, parsed.data.address);
  } else if (intent === "remove-item") {
    result = await removeItem(user, id, idParam(values.itemId), values.kind === "event" ? "event" : "item");
  } else if (intent === "add-target") {
    const parsed = TargetSchema.safeParse(values);
    const due = checkDate(readDateParts(form, "dueOn"), "Target date", { required: true });
    if (!parsed.success || !due.ok || !due.value) return fail({ ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(due.ok ? {} : { dueOn: due.message }) });
    result = await addTarget(user, id, { ...parsed.data, dueOn: due.value });
  } else if (intent === "remove-target") {
    result = await removeTarget(user, id, idParam(values.targetId));
  } else if (intent === "remind") {
    result = await remindOutstanding(user, id, idParam(values.departmentId));
    if (result.ok) return redirect(`/admin/campaigns/${id}?reminded=${result.reminded ?? 0}`);
  } else if (intent === "teams") {
    result = await remindInTeams(user, id, idParam(values.departmentId));
    if (result.ok) return redirect(`/admin/campaigns/${id}?teams=${result.posts ?? 0}`);
  } else throw badRequest("Unknown action");
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    if (result.status === 403) throw new Response("You cannot change this campaign.", { status: 403 });
    return fail(result.errors);
  }
  return redirect(`/admin/campaigns/${id}?done=${intent}`);
}

export default function CampaignPage() {
  const { view, charts, manage, csrfToken, measures } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { campaign, items, hiddenItems, progress, audienceText, state } = view;
  const errors: Record<string, string> = data?.errors ?? {};
  const reminded = params.get("reminded");
  const teams = params.get("teams");
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Campaigns", to: "/admin/campaigns" }, { label: campaign.name }]} />
      {reminded !== null ? (
        <div className="banner banner--success" role="status">
          <p>{reminded === "1" ? "1 reminder was sent." : `${reminded} reminders were sent.`}</p>
        </div>
      ) : null}
      {teams !== null ? (
        <div className="banner banner--success" role="status">
          <p>{teams === "0" ? "A reminder was already posted in Teams today." : teams === "1" ? "A reminder will be posted in 1 Teams channel." : `A reminder will be posted in ${teams} Teams channels.`}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fields={["address", "measure", "value", "dueOn", "teams"]} anchors={{ dueOn: "dueOn-day", teams: "progress" }} />
      <h1>{campaign.name}</h1>
      <p className="lead">{campaign.objective}</p>
      <dl className="summary-list">
        <dt>Dates</dt>
        <dd>
          <DateText value={campaign.startsOn} /> to <DateText value={campaign.endsOn} /> ({state === "running" ? "running now" : state})
        </dd>
        <dt>For</dt>
        <dd>{audienceText}</dd>
        <dt>Owner</dt>
        <dd>{campaign.ownerName ?? "None"}</dd>
        <dt>Whose</dt>
        <dd>{campaign.departmentName ?? "Corporate"}</dd>
      </dl>
      <p>
        <Link to={`/admin/campaigns/${campaign.id}/report`}>Print the campaign report</Link> ·{" "}
        <a href={`/admin/campaigns/${campaign.id}.csv`}>Download the figures (CSV)</a>
        {manage ? (
          <>
            {" "}
            · <Link to={`/admin/campaigns/${campaign.id}/edit`}>Change the campaign</Link>
          </>
        ) : null}
      </p>

      <h2 id="progress" tabIndex={-1}>Progress against targets</h2>
      {progress.length === 0 ? <p>No targets yet. {manage ? "Add one below." : ""}</p> : null}
      {progress.map((t) => {
        const chart = charts.find((c) => c.id === `chart-target-${t.id}`);
        return (
          <section key={t.id} className="target" aria-labelledby={`target-${t.id}`}>
            <h3 id={`target-${t.id}`}>
              {t.label}: {t.target}
              {t.unit} by <DateText value={t.dueOn} />{" "}
              <span className={t.status === "behind" ? "tag tag--overdue" : "tag"}>{STATUS_TEXT[t.status]}</span>
            </h3>
            <p className="hint">{t.explain}</p>
            <p>
              Now: <strong>{t.current}{t.unit}</strong>. Projected by <DateText value={t.dueOn} />: <strong>{t.projected}{t.unit}</strong> (if it keeps its pace so far).
            </p>
            {chart ? <BarChart model={chart} /> : null}
            {t.byDepartment.length ? (
              <DataTable
                id={`table-target-${t.id}`} caption={`${t.label} by department`} collapsed
                head={["Department", "Count", "Out of", `Value (${t.unit || "count"})`]} numeric={[1, 2, 3]}
                rows={t.byDepartment.map((d) => [d.name, d.numerator, d.denominator, d.value])}
              />
            ) : null}
            {t.behind.length ? (
              <>
                <h4>Furthest behind</h4>
                <ul>
                  {t.behind.map((d) => (
                    <li key={d.departmentId}>
                      {d.name}: {d.value}
                      {t.unit}.{" "}
                      <Link to={`/departments/${d.slug}/briefing`}>Print a team briefing with a sign-off sheet</Link>
                      {t.measure === "confirmations" && manage ? (
                        <Form method="post" className="inline-form">
                          <CsrfField token={csrfToken} />
                          <input type="hidden" name="intent" value="remind" />
                          <input type="hidden" name="departmentId" value={d.departmentId} />
                          <button type="submit" className="button button--secondary button--small">
                            Remind those in {d.name} who have not confirmed
                          </button>
                        </Form>
                      ) : null}
                      {manage && view.teamsDepartmentIds.includes(d.departmentId) ? (
                        <Form method="post" className="inline-form">
                          <CsrfField token={csrfToken} />
                          <input type="hidden" name="intent" value="teams" />
                          <input type="hidden" name="departmentId" value={d.departmentId} />
                          <button type="submit" className="button button--secondary button--small">
                            Post a reminder in {d.name}’s Teams channel
                          </button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {manage ? (
              <Form method="post" className="inline-form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="intent" value="remove-target" />
                <input type="hidden" name="targetId" value={t.id} />
                <button type="submit" className="button button--secondary button--small">
                  Remove this target
                </button>
              </Form>
            ) : null}
          </section>
        );
      })}

      <h2>Items in this campaign ({items.length})</h2>
      {items.length === 0 ? <p>No items yet.</p> : null}
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <Link to={i.href}>{i.title}</Link> ({i.type}
            {i.startsAt ? <>, <time dateTime={i.startsAt}>{formatDateTime(i.startsAt)}</time></> : null}
            {i.mustRead ? ", asks people to confirm" : ""}
            {i.status !== "published" ? `, ${i.status}` : ""})
            {manage ? (
              <Form method="post" className="inline-form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="intent" value="remove-item" />
                <input type="hidden" name="itemId" value={i.id} />
                <input type="hidden" name="kind" value={i.type === "event" ? "event" : "item"} />
                <button type="submit" className="button button--secondary button--small">
                  Remove<span className="visually-hidden"> {i.title}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {hiddenItems ? <p className="hint">{hiddenItems === 1 ? "1 more item is" : `${hiddenItems} more items are`} not open to you.</p> : null}

      {manage ? (
        <>
          <h2 id="add-item">Add an item</h2>
          <Form method="post" noValidate aria-labelledby="add-item" className="two-thirds">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="add-item" />
            <TextField name="address" label="Address of the announcement, policy, guide or event" hint="For example /policies/lone-working or /events/12" error={data?.form === "add-item" ? errors.address : undefined} maxLength={500} spellCheck={false} />
            <button type="submit" className="button">
              Add item
            </button>
          </Form>
          <h2 id="add-target">Add a target</h2>
          <Form method="post" noValidate aria-labelledby="add-target" className="two-thirds">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="add-target" />
            <SelectField name="measure" label="What to measure" options={[{ value: "", label: "Choose one" }, ...measures]} error={data?.form === "add-target" ? errors.measure : undefined} />
            <TextField name="value" label="Target" hint="A percentage (like 90) or, for searches, a number of searches" width="short" error={data?.form === "add-target" ? errors.value : undefined} maxLength={8} />
            <DateInput id="dueOn" name="dueOn" legend="Reach it by" value={EMPTY_DATE} error={data?.form === "add-target" ? errors.dueOn : undefined} />
            <button type="submit" className="button">
              Add target
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
