/** /people: the staff directory, searchable and filtered by department, team, base, expertise and language. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FilterForm, FilterSelect, toOptions } from "~/components/FilterForm";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { PersonList } from "~/components/people/PersonList";
import { listDepartments } from "~/models/department.server";
import { listDirectory, listDirectoryFacets, listTeams } from "~/models/people.server";
import { cardView } from "~/presenters/people.server";
import { DirectoryQuery } from "~/schemas/people";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("People");

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const query = DirectoryQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const { page, ...filter } = query;
  const [departments, teams, facets] = await Promise.all([listDepartments(db), listTeams(db), listDirectoryFacets(db)]);
  let { rows, total } = await listDirectory(db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pageCount && total > 0) ({ rows } = await listDirectory(db, filter, PAGE_SIZE, (pageCount - 1) * PAGE_SIZE));
  return json({
    filter,
    page: Math.min(page, pageCount),
    pageCount,
    total,
    people: rows.map(cardView),
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    teams: teams.map((t) => ({ slug: t.slug, name: t.name })),
    facets,
  });
}

export default function People() {
  const data = useLoaderData<typeof loader>();
  const f = data.filter;
  const filtered = Object.values(f).some(Boolean);
  const opts = (values: string[]) => values.map((v) => ({ value: v, label: v }));
  return (
    <>
      <Breadcrumbs items={[{ label: "People" }]} />
      <h1>People</h1>
      <p className="lede">Find colleagues by name, job, team or what they know about.</p>
      <FilterForm action="/people" label="Search and filter people" submit="Find people" clear={filtered ? "Clear search and filters" : null}>
        <div>
          <label htmlFor="people-q">Name, job, team or topic</label>
          <input id="people-q" name="q" type="search" defaultValue={f.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect id="people-department" name="department" label="Department" value={f.department ?? ""} allLabel="All departments" options={toOptions(data.departments)} />
        <FilterSelect id="people-team" name="team" label="Team" value={f.team ?? ""} allLabel="All teams" options={toOptions(data.teams)} />
        <FilterSelect id="people-base" name="base" label="Office or base" value={f.base ?? ""} allLabel="Anywhere" options={opts(data.facets.bases)} />
        <FilterSelect id="people-expertise" name="expertise" label="Ask about" value={f.expertise ?? ""} allLabel="Any topic" options={opts(data.facets.expertise)} />
        <FilterSelect id="people-language" name="language" label="Speaks" value={f.language ?? ""} allLabel="Any language" options={opts(data.facets.languages)} />
      </FilterForm>
      <p role="status">{data.total === 1 ? "1 person" : `${data.total.toLocaleString("en-GB")} people`}</p>
      {data.people.length ? <PersonList people={data.people} headingLevel={2} /> : <p>No one matches. Try fewer words or clear a filter.</p>}
      <Pagination page={data.page} pageCount={data.pageCount} path="/people" query={f} label="People pages" />
    </>
  );
}
