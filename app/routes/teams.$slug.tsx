/** /teams/:slug: a team's manager, phone and members. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { displayName, PersonList } from "~/components/people/PersonList";
import { findTeam, listCardsByIds, listTeamMembers } from "~/models/people.server";
import { cardView } from "~/presenters/people.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? data.team.name : "Team not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const db = await getDb();
  const slug = params.slug ?? "";
  const team = slug.length <= 100 ? await findTeam(db, slug) : undefined;
  if (!team) throw notFound("We could not find that team.");
  const [members, managers] = await Promise.all([listTeamMembers(db, team.id), team.managerId ? listCardsByIds(db, [team.managerId]) : Promise.resolve([])]);
  return json({
    team: { name: team.name, phone: team.phone, department: team.departmentSlug ? { slug: team.departmentSlug, name: team.departmentName! } : null },
    manager: managers[0] ? cardView(managers[0]) : null,
    members: members.map(cardView),
  });
}

export default function Team() {
  const { team, manager, members } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "People", to: "/people" }, { label: team.name }]} />
      <h1>{team.name}</h1>
      <dl className="summary-list">
        {team.department ? (
          <div className="summary-list__row">
            <dt>Department</dt>
            <dd><Link to={`/departments/${team.department.slug}`}>{team.department.name}</Link></dd>
          </div>
        ) : null}
        {manager ? (
          <div className="summary-list__row">
            <dt>Manager</dt>
            <dd><Link to={manager.url}>{displayName(manager)}</Link>{manager.jobTitle ? `, ${manager.jobTitle}` : ""}</dd>
          </div>
        ) : null}
        {team.phone ? (
          <div className="summary-list__row">
            <dt>Team phone</dt>
            <dd><a href={`tel:${team.phone.replace(/[^0-9+]/g, "")}`}>{team.phone}</a></dd>
          </div>
        ) : null}
      </dl>
      <h2>Members ({members.length})</h2>
      {members.length ? <PersonList people={members} /> : <p>No one has said they are in this team yet.</p>}
    </>
  );
}
