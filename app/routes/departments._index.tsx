import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { listOpenChannels } from "~/models/channel.server";
import { listDepartments } from "~/models/department.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Departments");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [departments, channels] = await Promise.all([listDepartments(db), listOpenChannels(db)]);
  return json({
    yourDepartment: user.departmentSlug,
    departments: departments.map((d) => ({ slug: d.slug, name: d.name, description: d.description })),
    corporateChannels: channels.filter((c) => c.departmentId === null).map((c) => ({ slug: c.slug, name: c.name, description: c.description })),
  });
}

export default function Departments() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Departments" }]} />
      <h1>Departments</h1>
      <p className="lede">Each department&rsquo;s news, policies, guides and channels.</p>
      <ul className="item-list">
        {data.departments.map((d) => (
          <li key={d.slug}>
            <h2 className="item-list__title">
              <Link to={`/departments/${d.slug}`}>{d.name}</Link>
            </h2>
            {d.slug === data.yourDepartment ? <p className="item-meta">Your department</p> : null}
            {d.description ? <p>{d.description}</p> : null}
          </li>
        ))}
      </ul>
      {data.corporateChannels.length > 0 ? (
        <section aria-labelledby="corporate-heading">
          <h2 id="corporate-heading">Council-wide channels</h2>
          <ul className="item-list">
            {data.corporateChannels.map((c) => (
              <li key={c.slug}>
                <h3>
                  <Link to={`/channels/${c.slug}`}>{c.name}</Link>
                </h3>
                {c.description ? <p>{c.description}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
