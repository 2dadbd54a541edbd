/**
 * /events/:id/register: for the event's organisers. Bookings waiting for approval
 * (approve / decline), the attendance register (tick who came, add walk-ins), a printable
 * sheet (?print=1: names and a box to tick), and the feedback: ratings and comments
 * without names.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { addWalkIn, decideBooking, eventProblem, learningActor, saveRegister } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DoneNotice, ErrorSummary, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listAttendance, listEventBookings, listEventFeedback } from "~/models/event-booking.server";
import { eventForViewer, whenText } from "~/presenters/events.server";
import { WalkInSchema } from "~/schemas/events";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { notFound } from "~/utils/http.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Register: ${data.event.title}` : "Register");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const db = await getDb();
  const event = await eventForViewer(db, user, id, { edit: true });
  const bookings = await listEventBookings(db, id);
  const attendance = await listAttendance(db, id);
  const booked = new Set(bookings.filter((b) => b.status === "booked").map((b) => b.userId));
  const feedback = await listEventFeedback(db, id);
  const url = new URL(request.url);
  return json({
    csrfToken: user.csrfToken,
    print: url.searchParams.get("print") === "1",
    done: url.searchParams.get("done"),
    event: { id: event.id, title: event.title, when: whenText(event), place: event.place, status: event.status },
    pending: bookings.filter((b) => b.status === "pending").map((b) => ({ id: b.id, name: b.name, departmentName: b.departmentName })),
    register: bookings.filter((b) => b.status === "booked").map((b) => ({ userId: b.userId, name: b.name, departmentName: b.departmentName, attended: b.attended })),
    walkIns: attendance.filter((a) => !booked.has(a.userId)).map((a) => ({ userId: a.userId, name: a.name })),
    waiting: bookings.filter((b) => b.status === "waiting").map((b) => ({ name: b.name })),
    feedback: {
      count: feedback.length,
      average: feedback.length ? Math.round((feedback.reduce((s, f) => s + f.rating, 0) / feedback.length) * 10) / 10 : null,
      byRating: [5, 4, 3, 2, 1].map((r) => ({ rating: r, count: feedback.filter((f) => f.rating === r).length })),
      comments: feedback.filter((f) => f.comment).map((f) => f.comment),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  try {
    if (fields.intent === "register") {
      const present = form.getAll("present").map(Number).filter((n) => Number.isInteger(n) && n > 0);
      await saveRegister(user, id, present);
      return redirect(`/events/${id}/register?done=register`);
    }
    if (fields.intent === "walk-in") {
      const parsed = WalkInSchema.safeParse(fields);
      if (!parsed.success) return json({ errors: fieldErrors(parsed.error), message: null }, { status: 400 });
      await addWalkIn(user, id, parsed.data.email);
      return redirect(`/events/${id}/register?done=walk-in`);
    }
    if (fields.intent === "approve" || fields.intent === "decline") {
      const bookingId = Number(fields.booking);
      if (!Number.isInteger(bookingId) || bookingId <= 0) return json({ errors: {} as Record<string, string>, message: "Choose a booking." }, { status: 400 });
      await decideBooking(user, id, bookingId, fields.intent === "approve");
      return redirect(`/events/${id}/register?done=decided`);
    }
  } catch (err) {
    const problem = eventProblem(err);
    if (problem.status === 404) throw notFound();
    return json({ errors: fields.intent === "walk-in" ? { email: problem.message } : ({} as Record<string, string>), message: fields.intent === "walk-in" ? null : problem.message }, { status: problem.status });
  }
  return json({ errors: {} as Record<string, string>, message: "Choose what to do." }, { status: 400 });
}

const DONE: Record<string, string> = { register: "The register is saved.", "walk-in": "The walk-in is added to the register.", decided: "The person has been told." };

export default function Register() {
  const { event, pending, register, walkIns, waiting, feedback, csrfToken, print, done } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (print)
    return (
      <div className="print-sheet">
        <h1>Register: {event.title}</h1>
        <p>
          {event.when}
          {event.place ? ` · ${event.place}` : ""}
        </p>
        <ScrollTable caption={<>People booked ({register.length}) and walk-ins</>} className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Department</th>
              <th scope="col">Came</th>
            </tr>
          </thead>
          <tbody>
            {register.map((p) => (
              <tr key={p.userId}>
                <td>{p.name}</td>
                <td>{p.departmentName ?? ""}</td>
                <td>{p.attended ? "Yes" : "☐"}</td>
              </tr>
            ))}
            {walkIns.map((p) => (
              <tr key={p.userId}>
                <td>{p.name} (walk-in)</td>
                <td />
                <td>Yes</td>
              </tr>
            ))}
            {Array.from({ length: 5 }, (_, i) => (
              <tr key={`blank-${i}`}>
                <td>&nbsp;</td>
                <td />
                <td>☐</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
        <p className="no-print">
          <Link to={`/events/${event.id}/register`}>Back to the register</Link>
        </p>
      </div>
    );
  return (
    <>
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, { label: event.title, to: `/events/${event.id}` }, { label: "Register" }]} />
      <DoneNotice text={done ? DONE[done] : null} />
      <ErrorSummary errors={{ form: data?.message ?? undefined }} fields={[]} />
      <h1>Register: {event.title}</h1>
      <p>{event.when}</p>
      {pending.length ? (
        <section aria-labelledby="approve">
          <h2 id="approve">Bookings to approve</h2>
          <ul className="plain-list">
            {pending.map((p) => (
              <li key={p.id}>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="booking" value={p.id} />
                  <span>
                    {p.name}
                    {p.departmentName ? ` (${p.departmentName})` : ""}{" "}
                  </span>
                  <button type="submit" name="intent" value="approve" className="button">
                    Approve<span className="visually-hidden"> {p.name}</span>
                  </button>{" "}
                  <button type="submit" name="intent" value="decline" className="button button--secondary">
                    Decline<span className="visually-hidden"> {p.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="attendance">
        <h2 id="attendance">Who came</h2>
        <p>
          <Link to={`/events/${event.id}/register?print=1`}>Printable register</Link>
        </p>
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <fieldset>
            <legend className="label">Tick everyone who came ({register.length} booked)</legend>
            {register.map((p) => (
              <div className="checkbox" key={p.userId}>
                <input type="checkbox" id={`present-${p.userId}`} name="present" value={p.userId} defaultChecked={p.attended} />
                <label htmlFor={`present-${p.userId}`}>
                  {p.name}
                  {p.departmentName ? ` (${p.departmentName})` : ""}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" name="intent" value="register" className="button">
            Save the register
          </button>
        </Form>
        {walkIns.length ? (
          <>
            <h3>Walk-ins</h3>
            <ul>
              {walkIns.map((w) => (
                <li key={w.userId}>{w.name}</li>
              ))}
            </ul>
          </>
        ) : null}
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <TextField name="email" label="Add a walk-in" hint="The email address of someone who came without booking" type="email" error={data?.errors?.email} maxLength={254} autoComplete="off" />
          <button type="submit" name="intent" value="walk-in" className="button button--secondary">
            Add the walk-in
          </button>
        </Form>
      </section>
      {waiting.length ? (
        <section aria-labelledby="waiting">
          <h2 id="waiting">Waiting list</h2>
          <ol>
            {waiting.map((w, i) => (
              <li key={i}>{w.name}</li>
            ))}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="feedback">
        <h2 id="feedback">Feedback</h2>
        <p className="hint">Comments are shown without names.</p>
        {feedback.count ? (
          <>
            <p>
              {feedback.count} {feedback.count === 1 ? "answer" : "answers"}, average rating {feedback.average} out of 5.
            </p>
            <ScrollTable caption="Ratings" className="data-table">
              <thead>
                <tr>
                  <th scope="col">Rating</th>
                  <th scope="col">People</th>
                </tr>
              </thead>
              <tbody>
                {feedback.byRating.map((r) => (
                  <tr key={r.rating}>
                    <td>{r.rating}</td>
                    <td>{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {feedback.comments.length ? (
              <ul>
                {feedback.comments.map((c, i) => (
                  <li key={i} className="pre-wrap">
                    {c}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p>No feedback yet. People who came can give it from the event page after the event.</p>
        )}
      </section>
    </>
  );
}
