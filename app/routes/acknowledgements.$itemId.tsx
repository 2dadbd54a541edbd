/**
 * One must-read item: completion per department and, for the departments the viewer is
 * responsible for, the names of who has not confirmed yet (named lists exist only for
 * must-read items). CSV export of the same.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CompletionTable } from "~/components/CompletionTable";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { completionByDepartment, listPeopleInScope } from "~/models/acknowledgement.server";
import { loadCompletionItem, percent } from "~/utils/acknowledgement-access.server";
import { itemPath } from "~/utils/item-path";
import { can } from "~/access/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Read and confirmed: ${data.item.title}` : "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, departments, db, item, mustRead } = await loadCompletionItem(request, params.itemId);
  const [completion, people] = await Promise.all([
    completionByDepartment(db, item.id, departments),
    listPeopleInScope(db, item.id, departments),
  ]);
  // Briefed in person counts as reached (decision 123): nobody needs reminding then.
  const outstanding = people.filter((p) => !p.confirmedAt && !p.briefedOn);
  return json({
    item: {
      id: item.id, title: item.title, href: itemPath(item.type, item.slug),
      publishedAt: item.publishedAt, version: item.type === "policy" ? mustRead.requiredVersion : null,
    },
    completion: completion.map((c) => ({ ...c, percent: percent(c.reached, c.inScope) })),
    outstanding: outstanding.map((p) => ({ id: p.userId, name: p.name, jobTitle: p.jobTitle, departmentName: p.departmentName, noEmail: p.hasEmail === 0 })),
    canExport: can(user, "export", "acknowledgements"),
  });
}

export default function ItemCompletion() {
  const { item, completion, outstanding, canExport } = useLoaderData<typeof loader>();
  const byDepartment = new Map<string, typeof outstanding>();
  for (const p of outstanding) byDepartment.set(p.departmentName, [...(byDepartment.get(p.departmentName) ?? []), p]);
  return (
    <>
      <Breadcrumbs items={[{ label: "Read and confirmed", to: "/acknowledgements" }, { label: item.title }]} />
      <p className="item-meta">
        {item.version ? `Policy, version ${item.version}` : "Must-read announcement"} · Published <DateText value={item.publishedAt} />
      </p>
      <h1>{item.title}</h1>
      <p>
        <Link to={item.href}>Read it</Link>
      </p>
      <h2>Completion by department</h2>
      {completion.length === 0 ? (
        <p className="muted">Nobody in your departments is asked to confirm this.</p>
      ) : (
        <CompletionTable
          caption="Completion by department" columns={["Department"]} inPerson
          rows={completion.map((c) => ({ key: c.departmentId, label: c.departmentName, inScope: c.inScope, confirmed: c.confirmed, briefed: c.briefed, reached: c.reached, percent: c.percent }))}
        />
      )}
      {completion.length > 0 ? (
        <p>
          <Link to={`/acknowledgements/${item.id}/briefed`}>Record people briefed in person</Link> (for staff without a device or email)
        </p>
      ) : null}
      {canExport && completion.length > 0 ? (
        <p>
          <a href={`/acknowledgements/${item.id}/export.csv`} download>
            Download everyone asked, with who has confirmed (CSV)
          </a>
        </p>
      ) : null}
      <h2>Not yet confirmed or briefed</h2>
      {outstanding.length === 0 ? (
        <p>Everyone asked has confirmed online or been briefed in person.</p>
      ) : (
        [...byDepartment.entries()].map(([department, list], n) => (
          <section key={department} aria-labelledby={`outstanding-${n}`}>
            <h3 id={`outstanding-${n}`}>
              {department} ({list.length})
            </h3>
            <ul className="outstanding-list">
              {list.map((p) => (
                <li key={p.id}>
                  {p.name}
                  {p.jobTitle ? <span className="muted">, {p.jobTitle}</span> : null}
                  {p.noEmail ? <strong className="tag tag--no-email"> No email: remind them in person</strong> : null}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
