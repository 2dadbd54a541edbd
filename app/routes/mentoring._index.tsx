/**
 * /mentoring: the person's mentoring — their pairs, their offer, their open requests — and
 * the ways in: offer mentoring, ask for a mentor, browse offers; coordinators' link.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { learningActor } from "~/commands/events.server";
import { mentoringProblem, withdrawAsk } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { TopicLinks } from "~/components/mentoring/OfferCard";
import { loadMentoringHome } from "~/presenters/mentoring.server";
import { FORMAT_LABELS } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Mentoring");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const home = await loadMentoringHome(await getDb(), user);
  const done = new URL(request.url).searchParams.get("done");
  return json({ ...home, csrfToken: user.csrfToken, done: done === "asked" || done === "offer" || done === "withdrawn" ? done : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = z.object({ intent: z.literal("withdraw"), askId: z.coerce.number().int().min(1).max(2 ** 31) }).safeParse(formFields(form));
  if (!parsed.success) throw badRequest("That request could not be withdrawn.");
  try {
    await withdrawAsk(user, parsed.data.askId);
  } catch (err) {
    const p = mentoringProblem(err);
    throw new Response(p.message, { status: p.status });
  }
  return redirect("/mentoring?done=withdrawn");
}

const DONE: Record<string, string> = { asked: "Your request was sent to the mentoring coordinator.", offer: "Your offer was saved.", withdrawn: "Your request was withdrawn." };

export default function Mentoring() {
  const { pairs, offer, asks, selfMatch, canCoordinate, csrfToken, done } = useLoaderData<typeof loader>();
  const active = pairs.filter((p) => p.status === "active");
  const ended = pairs.filter((p) => p.status === "ended");
  return (
    <>
      <Breadcrumbs items={[{ label: "Mentoring" }]} />
      <h1>Mentoring</h1>
      {done ? (
        <div className="banner banner--success" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      <p>
        Experienced colleagues and knowledge champions mentor others on the topics they know. Ask for a mentor, or offer to be one.
        {selfMatch ? " You can choose a mentor from the offers yourself." : " The mentoring coordinator matches people."}
      </p>
      <ul className="action-links">
        <li><Link to="/mentoring/ask">Ask for a mentor</Link></li>
        <li><Link to="/mentoring/offer">{offer ? "Change your mentoring offer" : "Offer to mentor"}</Link></li>
        <li><Link to="/mentoring/offers">See who offers mentoring</Link></li>
        {canCoordinate ? <li><Link to="/mentoring/coordinate">Coordinate mentoring</Link></li> : null}
      </ul>

      <h2>Your mentoring</h2>
      {active.length ? (
        <ul>
          {active.map((p) => (
            <li key={p.id}>
              <Link to={`/mentoring/pairs/${p.id}`}>
                {p.role === "mentor" ? `Mentoring ${p.otherName}` : `Mentored by ${p.otherName}`} on “{p.tag}”
              </Link>{" "}
              since {formatDate(p.startedAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p>You are not in a mentoring pair at the moment.</p>
      )}
      {ended.length ? (
        <details>
          <summary>Mentoring that has ended ({ended.length})</summary>
          <ul>
            {ended.map((p) => (
              <li key={p.id}>
                <Link to={`/mentoring/pairs/${p.id}`}>{p.role === "mentor" ? `Mentoring ${p.otherName}` : `Mentored by ${p.otherName}`} on “{p.tag}”</Link>, ended{" "}
                {formatDate(p.endedAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <h2>Your requests for a mentor</h2>
      {asks.length ? (
        <ul>
          {asks.map((a) => (
            <li key={a.id}>
              “{a.tag}” ({FORMAT_LABELS[a.format].toLowerCase()}), asked {formatDate(a.createdAt)}
              {selfMatch ? (
                <>
                  {" "}
                  <Link to={`/mentoring/offers?topic=${encodeURIComponent(a.tag)}`}>Choose a mentor<span className="visually-hidden"> for “{a.tag}”</span></Link>
                </>
              ) : null}
              <Form method="post" className="inline-form">
                <input type="hidden" name="csrf" value={csrfToken} />
                <input type="hidden" name="askId" value={a.id} />
                <button type="submit" name="intent" value="withdraw" className="link-button">
                  Withdraw<span className="visually-hidden"> your request for “{a.tag}”</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>You have no open request.</p>
      )}

      <h2>Your offer</h2>
      {offer ? (
        <>
          <p>
            {offer.isOpen ? "Open to new people" : "Not taking anyone new"}: {offer.active} of {offer.capacity} place{offer.capacity === 1 ? "" : "s"} taken,{" "}
            {FORMAT_LABELS[offer.format].toLowerCase()}.
          </p>
          <TopicLinks topics={offer.topics} />
        </>
      ) : (
        <p>
          You have not offered to mentor. <Link to="/mentoring/offer">Offer to mentor</Link>
        </p>
      )}
      <p className="hint">
        What you write in a pair's goals and log is read only by the two of you: not by the coordinator, administrators or search. See{" "}
        <Link to="/privacy">what we record about you</Link>.
      </p>
    </>
  );
}
