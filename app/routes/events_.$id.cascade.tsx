/**
 * /events/:id/cascade: for someone who came to a workshop that starts a skills cascade
 * (decision 131). One click (POST) makes a draft team session for their own team with the
 * workshop's materials; they set the date in the editor and publish it, then take its
 * register (who attended) like any event.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createCascadeSession, eventProblem, learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { hasAttended } from "~/models/event-booking.server";
import { eventForViewer } from "~/presenters/events.server";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ErrorSummary } from "~/components/FormFields";

export const meta: MetaFunction = () => pageTitle("Run the session for your team");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const db = await getDb();
  const event = await eventForViewer(db, user, id);
  if (!event.cascadeWeeks) throw notFound();
  return json({ csrfToken: user.csrfToken, event: { id, title: event.title, weeks: event.cascadeWeeks }, attended: await hasAttended(db, id, user.id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, session.csrfToken);
  const user = await learningActor(session);
  try {
    const sessionId = await createCascadeSession(user, idParam(params.id));
    return redirect(`/events/${sessionId}/edit`);
  } catch (err) {
    const problem = eventProblem(err);
    if (problem.status === 404) throw notFound();
    return json({ message: problem.message }, { status: problem.status });
  }
}

export default function CascadeSession() {
  const { event, attended, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, { label: event.title, to: `/events/${event.id}` }, { label: "Your team session" }]} />
      <ErrorSummary errors={{ form: data?.message ?? undefined }} fields={[]} />
      <h1>Run the session for your team</h1>
      <p>
        Everyone who came to {event.title} is asked to pass it on to their own team within {event.weeks} {event.weeks === 1 ? "week" : "weeks"}.
        We make a team session with the workshop's materials, for your department, as a draft: you choose the date and place, publish it,
        and after the session tick who came on its register.
      </p>
      {attended ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <button type="submit" className="button">
            Make my team session
          </button>
        </Form>
      ) : (
        <p>Only people the organiser marked as there can run a team session from this workshop.</p>
      )}
    </div>
  );
}
