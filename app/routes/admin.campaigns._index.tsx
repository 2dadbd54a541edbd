/** /admin/campaigns: campaigns (comms editors: all; managers: their departments'), current ones first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { can, departmentsOf } from "~/access/permissions.server";
import { listCampaigns } from "~/models/campaign.server";
import { requireUserWith } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Campaigns");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "campaign");
  const all = can(user, "read", "campaign", { departmentId: -1 });
  const today = ukTodayIso();
  const rows = await listCampaigns(await getDb(), all ? null : departmentsOf(user));
  const campaigns = rows.map((c) => ({
    id: c.id, name: c.name, objective: c.objective, startsOn: c.startsOn, endsOn: c.endsOn, ownerName: c.ownerName,
    departmentName: c.departmentName, state: c.endsOn < today ? "finished" : c.startsOn > today ? "planned" : "running",
  }));
  return json({ campaigns, canCreate: can(user, "create", "campaign") });
}

const HEADINGS = { running: "Running now", planned: "Planned", finished: "Finished" } as const;

export default function Campaigns() {
  const { campaigns, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Campaigns" }]} />
      <h1>Campaigns</h1>
      <p>A campaign gathers the items that serve one objective, sets targets, and shows progress against them by department.</p>
      {canCreate ? (
        <p>
          <Link to="/admin/campaigns/new" className="button">
            Start a campaign
          </Link>
        </p>
      ) : null}
      {(["running", "planned", "finished"] as const).map((state) => {
        const list = campaigns.filter((c) => c.state === state);
        return (
          <section key={state} aria-labelledby={`h-${state}`}>
            <h2 id={`h-${state}`}>
              {HEADINGS[state]} ({list.length})
            </h2>
            {list.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="item-list">
                {list.map((c) => (
                  <li key={c.id}>
                    <h3>
                      <Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link>
                    </h3>
                    <p>{c.objective}</p>
                    <p className="hint">
                      <DateText value={c.startsOn} /> to <DateText value={c.endsOn} /> · {c.departmentName ?? "Corporate"} · Owner: {c.ownerName ?? "none"}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}
