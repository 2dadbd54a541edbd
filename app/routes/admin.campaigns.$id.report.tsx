/**
 * /admin/campaigns/:id/report: the end-of-campaign report, laid out to print on two A4 pages:
 * the objective, each target with where it ended (or stands), figures by department, the
 * departments furthest behind, and the items. Aggregates by department only.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { canSeeCampaign } from "~/commands/campaigns.server";
import { findCampaign } from "~/models/campaign.server";
import { campaignView } from "~/presenters/campaign.server";
import { idParam } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Campaign report: ${data.view.campaign.name}` : "Campaign report");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "campaign");
  const db = await getDb();
  const campaign = await findCampaign(db, idParam(params.id));
  if (!campaign || !canSeeCampaign(user, campaign)) throw notFound();
  return json({ view: await campaignView(db, campaign, user, ukTodayIso()) });
}

const STATUS_TEXT = { met: "Met", "on-track": "On track", behind: "Behind" } as const;

export default function CampaignReport() {
  const { view } = useLoaderData<typeof loader>();
  const { campaign, progress, items, audienceText, state, today } = view;
  const met = progress.filter((t) => t.status === "met").length;
  return (
    <article className="briefing campaign-report">
      <p className="no-print">
        <Link to={`/admin/campaigns/${campaign.id}`}>Back to the campaign</Link> · Use your browser’s Print command: the report fits two A4 pages.
      </p>
      <h1>Campaign report: {campaign.name}</h1>
      <p>
        <strong>Objective:</strong> {campaign.objective}
      </p>
      <p>
        <DateText value={campaign.startsOn} /> to <DateText value={campaign.endsOn} /> · For: {audienceText} · Owner: {campaign.ownerName ?? "none"} ·{" "}
        {state === "finished" ? "Finished" : <>Figures on <DateText value={today} /></>}
      </p>
      <h2>Summary</h2>
      <p>
        {progress.length === 0 ? "The campaign had no targets." : `${met} of ${progress.length} ${progress.length === 1 ? "target was" : "targets were"} met${state === "finished" ? "" : " so far"}.`}
      </p>
      <ScrollTable caption="Targets" captionHidden className="admin-table">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">By</th>
            <th scope="col">Reached</th>
            <th scope="col">Projected</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {progress.map((t) => (
            <tr key={t.id}>
              <td>
                {t.label}: {t.target}
                {t.unit}
              </td>
              <td>
                <DateText value={t.dueOn} />
              </td>
              <td>
                {t.current}
                {t.unit}
              </td>
              <td>
                {t.projected}
                {t.unit}
              </td>
              <td>{STATUS_TEXT[t.status]}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {progress.filter((t) => t.byDepartment.length).map((t) => (
        <section key={t.id} className="campaign-report__target">
          <h2>
            {t.label} by department
          </h2>
          <ScrollTable caption={<>{t.label} by department</>} captionHidden className="admin-table">
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Value</th>
                <th scope="col">Count</th>
                <th scope="col">Out of</th>
              </tr>
            </thead>
            <tbody>
              {t.byDepartment.map((d) => (
                <tr key={d.departmentId}>
                  <td>{d.name}</td>
                  <td>
                    {d.value}
                    {t.unit}
                  </td>
                  <td>{d.numerator}</td>
                  <td>{d.denominator}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {t.behind.length ? <p>Furthest behind: {t.behind.map((d) => `${d.name} (${d.value}${t.unit})`).join(", ")}.</p> : null}
        </section>
      ))}
      <h2>Items</h2>
      <ul className="briefing__list">
        {items.map((i) => (
          <li key={i.id}>
            {i.title} ({i.type})
          </li>
        ))}
      </ul>
    </article>
  );
}
