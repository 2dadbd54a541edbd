/**
 * /mentoring/coordinate: the mentoring coordinator's page (communications editors and holders
 * of the `learning` permission): counts, requests waiting with the offers that fit, the
 * "people choose for themselves" setting, and feedback left when pairs ended. No goals and
 * no session logs: those are the pairs' own.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canCoordinateMentoring } from "~/access/mentoring.server";
import { learningActor } from "~/commands/events.server";
import { matchMentoring, mentoringProblem, setSelfMatch } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { loadCoordination } from "~/presenters/mentoring.server";
import { FORMAT_LABELS, MatchForm, SettingsForm } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { forbidden } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { recordDenied } from "~/access/permissions.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Coordinate mentoring");

async function coordinator(request: Request) {
  const user = await learningActor(await requireUser(request));
  if (!canCoordinateMentoring(user)) {
    recordDenied(user, "manage:learning");
    throw forbidden("Only mentoring coordinators can open this page.");
  }
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await coordinator(request);
  const data = await loadCoordination(await getDb());
  return json({ ...data, csrfToken: user.csrfToken, saved: new URL(request.url).searchParams.get("saved") });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await coordinator(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  if (fields.intent === "settings") {
    const parsed = SettingsForm.parse(fields);
    await setSelfMatch(user, parsed.selfMatch);
    return redirect("/mentoring/coordinate?saved=settings");
  }
  const parsed = MatchForm.safeParse(fields);
  const askId = Number(fields.askId) || 0;
  if (!parsed.success) return json({ askId, errors: fieldErrors(parsed.error) }, { status: 400 });
  try {
    await matchMentoring(user, parsed.data.askId, parsed.data.offerId);
  } catch (err) {
    const p = mentoringProblem(err);
    return json({ askId, errors: { offerId: p.message } as Record<string, string> }, { status: p.status });
  }
  return redirect("/mentoring/coordinate?saved=matched");
}

export default function Coordinate() {
  const { counts, queue, feedback, selfMatch, csrfToken, saved, since } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Mentoring", to: "/mentoring" }, { label: "Coordinate" }]} />
      <ErrorSummary errors={errors} fields={["askId", "offerId"]} anchors={{ offerId: `offer-${data?.askId ?? 0}`, askId: `offer-${data?.askId ?? 0}` }} />
      <h1>Coordinate mentoring</h1>
      {saved === "matched" || saved === "settings" ? (
        <div className="banner banner--success" role="status">
          <p>{saved === "matched" ? "Matched. Both of them have been emailed." : "Saved."}</p>
        </div>
      ) : null}
      <p>Counts only: what pairs agree and write in their logs is private to them.</p>
      <ul className="stat-list">
        <li><span className="stat-list__figure">{counts.pairsActive}</span> pairs active</li>
        <li><span className="stat-list__figure">{counts.meetingsLogged}</span> meetings logged</li>
        <li><span className="stat-list__figure">{counts.meetingsSince}</span> meetings since {formatDate(since)}</li>
        <li><span className="stat-list__figure">{counts.openAsks}</span> people waiting for a mentor</li>
        <li><span className="stat-list__figure">{counts.openOffers}</span> open offers</li>
        <li><span className="stat-list__figure">{counts.pairsEnded}</span> pairs ended</li>
      </ul>
      <h2>Topics asked for with no mentor</h2>
      {counts.unmetTopics.length ? (
        <ScrollTable caption="Topics asked for that no open offer with a free place covers" captionHidden>
          <thead><tr><th scope="col">Topic</th><th scope="col" className="numeric">Requests waiting</th></tr></thead>
          <tbody>
            {counts.unmetTopics.map((t) => (
              <tr key={t.tag}><td>{t.tag}</td><td className="numeric">{t.asks}</td></tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>Every topic asked for has someone offering it.</p>
      )}
      {counts.byTopic.length ? (
        <>
          <h2>Active pairs by topic</h2>
          <ScrollTable caption="Active pairs by topic" captionHidden>
            <thead><tr><th scope="col">Topic</th><th scope="col" className="numeric">Pairs</th></tr></thead>
            <tbody>
              {counts.byTopic.map((t) => (
                <tr key={t.tag}><td>{t.tag}</td><td className="numeric">{t.pairs}</td></tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      ) : null}

      <h2>Requests waiting for a mentor</h2>
      {queue.length ? (
        <ul className="card-list">
          {queue.map((a) => (
            <li key={a.id} className="card">
              <h3>{a.menteeName} asks for “{a.tag}”</h3>
              <p className="hint">{[a.departmentName, FORMAT_LABELS[a.format], `asked ${formatDate(a.createdAt)}`].filter(Boolean).join(" · ")}</p>
              {a.hopes ? <p className="pre-line">{a.hopes}</p> : null}
              {a.candidates.length ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="askId" value={a.id} />
                  <div className={`form-group${data?.askId === a.id && errors.offerId ? " form-group--error" : ""}`}>
                    <label htmlFor={`offer-${a.id}`}>Mentor for {a.menteeName}</label>
                    {data?.askId === a.id && errors.offerId ? (
                      <p className="field-error" id={`offer-${a.id}-error`}><span className="visually-hidden">Error:</span> {errors.offerId}</p>
                    ) : null}
                    <select id={`offer-${a.id}`} name="offerId" aria-describedby={data?.askId === a.id && errors.offerId ? `offer-${a.id}-error` : undefined}>
                      <option value="">Choose a mentor</option>
                      {a.candidates.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.mentorName} ({[o.departmentName, FORMAT_LABELS[o.format].toLowerCase(), `${o.freePlaces} free`].filter(Boolean).join(", ")})
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" className="button">Match<span className="visually-hidden"> {a.menteeName}</span></button>
                </Form>
              ) : (
                <p>No open offer with a free place covers “{a.tag}” yet. <Link to={`/people?expertise=${encodeURIComponent(a.tag)}`}>People who list it as expertise</Link></p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>No one is waiting for a mentor.</p>
      )}

      <h2>Choosing a mentor</h2>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrfToken} />
        <Checkbox name="selfMatch" label="Let people choose a mentor from the offers themselves" hint="Otherwise you match every request here." defaultChecked={selfMatch} />
        <button type="submit" name="intent" value="settings" className="button button--secondary">Save setting</button>
      </Form>

      <h2>Feedback when mentoring ended</h2>
      {feedback.length ? (
        <ul className="thanks-list">
          {feedback.map((f) => (
            <li key={f.id}>
              <p className="hint">“{f.tag}”, ended {formatDate(f.endedAt)}{f.endedByName ? ` by ${f.endedByName}` : ""}</p>
              <p className="pre-line">{f.feedback}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>No feedback yet.</p>
      )}
      <p><Link to="/mentoring/offers">Every open offer</Link></p>
    </>
  );
}
