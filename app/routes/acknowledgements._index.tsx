/**
 * Completion of must-read items: managers see their own departments (home and granted),
 * comms editors and admins every department. Numbers only on this page; names of who has
 * not confirmed are on each item's page.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CompletionTable } from "~/components/CompletionTable";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { completionByDepartment, listMustReadItems } from "~/models/acknowledgement.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { acknowledgementDepartments, percent } from "~/utils/acknowledgement-access.server";

export const meta: MetaFunction = () => pageTitle("Read and confirmed");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const departments = acknowledgementDepartments(user);
  const db = await getDb();
  const items = await listMustReadItems(db, visibleItemsSql(user));
  const rows = [];
  for (const item of items) {
    const completion = await completionByDepartment(db, item.id, departments);
    const inScope = completion.reduce((n, r) => n + r.inScope, 0);
    if (inScope === 0) continue;
    const confirmed = completion.reduce((n, r) => n + r.confirmed, 0);
    const briefed = completion.reduce((n, r) => n + r.briefed, 0);
    const reached = completion.reduce((n, r) => n + r.reached, 0);
    rows.push({
      id: item.id, title: item.title, type: item.type, publishedAt: item.publishedAt, version: item.type === "policy" ? item.requiredVersion : null,
      // Complete counts confirmed online and briefed in person together (decision 123).
      inScope, confirmed, briefed, reached, percent: percent(reached, inScope),
    });
  }
  return json({ rows, scope: departments === null ? "every department" : user.departmentName ?? "your departments" });
}

export default function Acknowledgements() {
  const { rows, scope } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Read and confirmed" }]} />
      <h1>Read and confirmed</h1>
      <p className="lede">
        Who has confirmed they have read must-read announcements and policy changes, or was briefed on them in person, for {scope}.
      </p>
      <p>
        Staff without a council email? <Link to="/access-codes">Print them a sign-in letter</Link>.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Nothing is waiting to be confirmed by people in your departments.</p>
      ) : (
        <CompletionTable
          caption="Completion of must-read items" columns={["Item", "Published"]} inPerson
          rows={rows.map((r) => ({
            key: r.id,
            label: (
              <>
                <Link to={`/acknowledgements/${r.id}`}>{r.title}</Link>
                {r.version ? <span className="muted"> (policy, version {r.version})</span> : null}
              </>
            ),
            cells: [<DateText key="published" value={r.publishedAt} />],
            inScope: r.inScope, confirmed: r.confirmed, briefed: r.briefed, reached: r.reached, percent: r.percent,
          }))}
        />
      )}
    </>
  );
}
