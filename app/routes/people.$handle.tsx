/**
 * /people/:handle: a person's profile. Official fields for every signed-in person; each
 * optional field as its owner chose (access/people.server.ts); how to reach someone who
 * has no email; the reporting line (managers above, direct reports). No "last seen".
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { displayName, PersonList } from "~/components/people/PersonList";
import { thanksForProfile } from "~/presenters/champions.server";
import { loadProfile } from "~/presenters/people.server";
import { formatDate } from "~/utils/dates";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? data.person.name : "Person not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const handle = params.handle ?? "";
  if (handle === "me") throw redirect(`/people/${user.id}`);
  if (handle.length > 80) throw notFound("We could not find that person.");
  const db = await getDb();
  const person = await loadProfile(db, user, handle);
  if (!person) throw notFound("We could not find that person. They may have left, or the address may be mistyped.");
  // Thank-you notes the person chose to show (decision 137); a note's guide or event only if this viewer may open it.
  const thanks = person.active ? await thanksForProfile(db, user, person.id) : [];
  return json({ person, thanks });
}

export default function Profile() {
  const { person: p, thanks } = useLoaderData<typeof loader>();
  const rows: [string, React.ReactNode][] = [];
  if (p.jobTitle) rows.push(["Job title", p.jobTitle]);
  if (p.team) rows.push(["Team", <Link key="t" to={`/teams/${p.team.slug}`}>{p.team.name}</Link>]);
  if (p.department) rows.push(["Department", <Link key="d" to={`/departments/${p.department.slug}`}>{p.department.name}</Link>]);
  if (p.manager) rows.push(["Manager", <Link key="m" to={p.manager.url}>{p.manager.name}</Link>]);
  if (p.base) rows.push(["Office or base", p.base]);
  if (p.workingPattern) rows.push(["Working pattern", p.workingPattern]);
  if (p.email) rows.push(["Email", <a key="e" href={`mailto:${p.email}`}>{p.email}</a>]);
  if (p.workPhone) rows.push(["Work phone", <a key="w" href={`tel:${p.workPhone.replace(/[^0-9+]/g, "")}`}>{p.workPhone}</a>]);
  if (p.mobilePhone) rows.push(["Mobile", <a key="mo" href={`tel:${p.mobilePhone.replace(/[^0-9+]/g, "")}`}>{p.mobilePhone}</a>]);
  if (p.languages.length) rows.push(["Languages", p.languages.join(", ")]);
  return (
    <>
      <Breadcrumbs items={[{ label: "People", to: "/people" }, { label: p.name }]} />
      <div className="profile-head">
        {p.photoUrl ? <img className="profile-photo" src={p.photoUrl} alt={`Photo of ${p.name}`} width={160} height={160} /> : null}
        <div>
          <h1>
            {displayName(p)}
            {p.pronouns ? <span className="profile-pronouns"> ({p.pronouns})</span> : null}
          </h1>
          {!p.active ? <p className="notice">This account is switched off. Only administrators see this page.</p> : null}
          {p.canEdit ? (
            <p>
              <Link to={`${p.url}/edit`}>{p.isMe ? "Edit your profile" : "Edit this profile"}</Link>
            </p>
          ) : null}
        </div>
      </div>
      <dl className="summary-list">
        {rows.map(([label, value]) => (
          <div key={label} className="summary-list__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {p.reachVia ? (
        <section aria-labelledby="reach-heading" className="inset">
          <h2 id="reach-heading">How to reach {p.preferredName || p.name.split(" ")[0]}</h2>
          <p>{p.name} does not have a council email address.</p>
          <ul>
            {p.reachVia.teamPhone ? (
              <li>
                Call {p.reachVia.teamName ?? "their team"} on <a href={`tel:${p.reachVia.teamPhone.replace(/[^0-9+]/g, "")}`}>{p.reachVia.teamPhone}</a>
              </li>
            ) : null}
            {p.reachVia.manager ? (
              <li>
                Ask their manager, <Link to={p.reachVia.manager.url}>{p.reachVia.manager.name}</Link>
              </li>
            ) : null}
            {!p.reachVia.teamPhone && !p.reachVia.manager ? <li>Ask their department{p.department ? `, ${p.department.name}` : ""}</li> : null}
          </ul>
        </section>
      ) : null}
      {p.expertise.length ? (
        <section aria-labelledby="ask-heading">
          <h2 id="ask-heading">Ask me about</h2>
          <ul className="tag-cloud">
            {p.expertise.map((t) => (
              <li key={t}>
                <Link to={`/people?expertise=${encodeURIComponent(t)}`}>{t}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.about ? (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">About me</h2>
          <p className="profile-about">{p.about}</p>
        </section>
      ) : null}
      {thanks.length ? (
        <section aria-labelledby="thanks-heading">
          <h2 id="thanks-heading">Thanks from colleagues</h2>
          <ul className="thanks-list">
            {thanks.map((n) => (
              <li key={n.id}>
                <p className="pre-line">{n.body}</p>
                <p className="hint">
                  <Link to={n.fromUrl}>{n.fromName}</Link>, {formatDate(n.createdAt)}
                  {n.about ? <>, about <Link to={n.about.url}>{n.about.title}</Link></> : null}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.active && !p.isMe ? (
        <p>
          <Link to={`/thanks?to=${encodeURIComponent(p.url)}`}>Say thank you to {p.preferredName || p.name.split(" ")[0]}</Link>
        </p>
      ) : null}
      {p.managerChain.length || p.directReports.length ? (
        <section aria-labelledby="line-heading">
          <h2 id="line-heading">Reporting line</h2>
          {p.managerChain.length ? (
            <>
              <h3>Reports to</h3>
              <ol className="reporting-chain">
                {p.managerChain.map((m) => (
                  <li key={m.id}>
                    <Link to={m.url}>{displayName(m)}</Link>
                    {m.jobTitle ? `, ${m.jobTitle}` : ""}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {p.directReports.length ? (
            <>
              <h3>Direct reports ({p.directReports.length})</h3>
              <PersonList people={p.directReports} headingLevel={4} />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
