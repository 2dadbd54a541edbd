/**
 * /mentoring/offers: who offers mentoring, by topic (a GET filter, no script). When the
 * coordinator lets people choose, a person with an open request on a topic chooses a mentor here.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { chooseMentor, mentoringProblem, selfMatchAllowed } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { OfferCard } from "~/components/mentoring/OfferCard";
import { listAsksOf, listKnownTopics } from "~/models/mentoring.server";
import { offersWithPlaces } from "~/presenters/mentoring.server";
import { ChooseMentorForm } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Mentoring offers");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const url = new URL(request.url);
  const topic = (url.searchParams.get("topic") ?? "").trim().toLowerCase().slice(0, 50);
  const [offers, topics, asks, selfMatch] = await Promise.all([offersWithPlaces(db, user.id, topic || undefined), listKnownTopics(db), listAsksOf(db, user.id), selfMatchAllowed(db)]);
  return json({
    csrfToken: user.csrfToken, topic, topics, selfMatch, asked: url.searchParams.get("asked") === "1",
    offers, asks: asks.map((a) => ({ id: a.id, tag: a.tag })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ChooseMentorForm.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  let pairId: number;
  try {
    pairId = await chooseMentor(user, parsed.data.askId, parsed.data.offerId);
  } catch (err) {
    const p = mentoringProblem(err);
    return json({ errors: { form: p.message } as Record<string, string> }, { status: p.status });
  }
  return redirect(`/mentoring/pairs/${pairId}`);
}

export default function Offers() {
  const { offers, topic, topics, selfMatch, asks, csrfToken, asked } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Mentoring", to: "/mentoring" }, { label: "Offers" }]} />
      <ErrorSummary errors={errors} fields={["askId", "offerId"]} />
      <h1>Mentoring offers</h1>
      {asked ? (
        <div className="banner banner--success" role="status">
          <p>Your request was saved. Choose a mentor below, or leave it for the coordinator.</p>
        </div>
      ) : null}
      <Form method="get" className="filters">
        <div>
          <label htmlFor="topic">Topic</label>
          <input id="topic" name="topic" list="topic-list" defaultValue={topic} maxLength={50} />
          <datalist id="topic-list">
            {topics.map((t) => <option key={t} value={t} />)}
          </datalist>
        </div>
        <button type="submit" className="button button--secondary">Show offers</button>
      </Form>
      {topic ? (
        <p>
          Offers on “{topic}”. <Link to="/mentoring/offers">Show every offer</Link>. Guides tagged <Link to={`/guides?tag=${encodeURIComponent(topic)}`}>{topic}</Link>; people who can help with <Link to={`/people?expertise=${encodeURIComponent(topic)}`}>{topic}</Link>.
        </p>
      ) : null}
      {offers.length ? (
        <ul className="card-list">
          {offers.map((o) => {
            const fitting = selfMatch ? asks.filter((a) => o.topics.includes(a.tag)) : [];
            return (
              <OfferCard key={o.id} offer={o} headingLevel={2}>
                {fitting.map((a) => (
                  <Form method="post" key={a.id}>
                    <input type="hidden" name="csrf" value={csrfToken} />
                    <input type="hidden" name="askId" value={a.id} />
                    <input type="hidden" name="offerId" value={o.id} />
                    <button type="submit" className="button">
                      Choose {o.mentorName}<span className="visually-hidden"> as your mentor</span> for “{a.tag}”
                    </button>
                  </Form>
                ))}
              </OfferCard>
            );
          })}
        </ul>
      ) : (
        <p>{topic ? `No one with a free place offers mentoring on “${topic}” yet.` : "No one with a free place offers mentoring yet."} <Link to={`/mentoring/ask${topic ? `?topic=${encodeURIComponent(topic)}` : ""}`}>Ask for a mentor</Link> and the coordinator will look for one.</p>
      )}
    </>
  );
}
