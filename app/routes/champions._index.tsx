/**
 * /champions: the knowledge champions network — every champion by department, with their
 * topics, the guides they wrote or own (those the viewer may open), events they run, requests
 * they answered and their mentoring offer; "ask a champion" opens a knowledge request routed
 * to them. Filters by department and topic (a GET form, no script).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { loadChampions } from "~/presenters/champions.server";
import { FORMAT_LABELS, type MentoringFormat } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Knowledge champions");

const Query = z.object({
  department: z.string().max(100).regex(/^[a-z0-9-]*$/).catch(""),
  topic: z.string().max(50).catch("").transform((v) => v.trim().toLowerCase()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const url = new URL(request.url);
  const query = Query.parse({ department: url.searchParams.get("department") ?? "", topic: url.searchParams.get("topic") ?? "" });
  const data = await loadChampions(await getDb(), user, { department: query.department || undefined, topic: query.topic || undefined });
  return json({ ...data, query });
}

export default function Champions() {
  const { groups, topics, departments, query, total, withoutChampion } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Knowledge champions" }]} />
      <h1>Knowledge champions</h1>
      <p>
        Champions gather, write down and share what their service knows. Ask one a question, find a mentor, or thank someone who helped you.
      </p>
      <ul className="action-links">
        <li><Link to="/champions/league">The department league</Link></li>
        <li><Link to="/mentoring">Mentoring</Link></li>
        <li><Link to="/thanks">Say thank you to a colleague</Link></li>
      </ul>
      <Form method="get" className="filters" aria-label="Filter champions">
        <div>
          <label htmlFor="department">Department</label>
          <select id="department" name="department" defaultValue={query.department}>
            <option value="">All departments</option>
            {departments.map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="topic">Topic</label>
          <select id="topic" name="topic" defaultValue={query.topic}>
            <option value="">All topics</option>
            {topics.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </div>
        <button type="submit" className="button button--secondary">Show champions</button>
      </Form>
      <p role="status">{total === 1 ? "1 champion" : `${total} champions`}{query.topic ? ` on “${query.topic}”` : ""}</p>
      {groups.map((g) => (
        <section key={g.slug} aria-labelledby={`dept-${g.slug}`}>
          <h2 id={`dept-${g.slug}`}>{g.name}</h2>
          {g.champions.length ? (
            <ul className="card-list">
              {g.champions.map((c) => (
                <li key={c.id} className="card">
                  <h3><Link to={c.url}>{c.name}</Link></h3>
                  {c.jobTitle ? <p className="hint">{c.jobTitle}</p> : null}
                  {c.topics.length ? (
                    <ul className="tag-cloud" aria-label={`Topics ${c.name} knows about`}>
                      {c.topics.map((t) => <li key={t}><Link to={`/champions?topic=${encodeURIComponent(t)}`}>{t}</Link></li>)}
                    </ul>
                  ) : null}
                  <dl className="summary-list">
                    <div className="summary-list__row">
                      <dt>Guides</dt>
                      <dd>
                        {c.guideCount === 0 ? "None yet" : (
                          <>
                            {c.guideCount}:{" "}
                            {c.guides.map((gd, i) => (
                              <span key={gd.url}>{i ? ", " : ""}<Link to={gd.url}>{gd.title}</Link></span>
                            ))}
                            {c.guideCount > c.guides.length ? " and more" : ""}
                          </>
                        )}
                      </dd>
                    </div>
                    <div className="summary-list__row">
                      <dt>Events run</dt>
                      <dd>
                        {c.eventCount}
                        {c.events.length ? (
                          <>
                            {"; next: "}
                            {c.events.map((e, i) => (
                              <span key={e.url}>{i ? ", " : ""}<Link to={e.url}>{e.title}</Link> ({formatDate(e.startsAt)})</span>
                            ))}
                          </>
                        ) : null}
                      </dd>
                    </div>
                    <div className="summary-list__row">
                      <dt>Requests answered</dt>
                      <dd>{c.requestsAnswered}</dd>
                    </div>
                    <div className="summary-list__row">
                      <dt>Mentoring</dt>
                      <dd>
                        {c.offer ? (
                          <>
                            {FORMAT_LABELS[c.offer.format as MentoringFormat]} on {c.offer.topics.join(", ")};{" "}
                            {c.offer.freePlaces ? `${c.offer.freePlaces} free place${c.offer.freePlaces === 1 ? "" : "s"}` : "no free place"}.{" "}
                            <Link to={`/mentoring/ask?topic=${encodeURIComponent(c.offer.topics[0] ?? "")}`}>Ask for a mentor<span className="visually-hidden"> on {c.offer.topics[0]}</span></Link>
                          </>
                        ) : "Not offering mentoring"}
                      </dd>
                    </div>
                  </dl>
                  <p>
                    <Link to={c.askUrl} className="button button--secondary">Ask {c.name}<span className="visually-hidden"> a question</span></Link>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>No knowledge champion yet.</p>
          )}
        </section>
      ))}
      {!query.department && !query.topic && withoutChampion.length ? (
        <p className="hint">Departments without a champion: {withoutChampion.join(", ")}.</p>
      ) : null}
    </>
  );
}
