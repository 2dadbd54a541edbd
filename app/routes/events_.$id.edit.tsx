/**
 * /events/:id/edit (and /events/new/edit): the event editor, for organisers, co-organisers,
 * managers of the event's department, communications editors and holders of the `learning`
 * grant. Field errors come back beside the fields with everything typed kept.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { canCreateEvent, canCoordinateLearning } from "~/access/events.server";
import { eventProblem, learningActor, saveEvent } from "~/commands/events.server";
import { AudienceFieldset } from "~/components/AudienceFieldset";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateInput } from "~/components/DateInput";
import { Checkbox, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listDepartments } from "~/models/department.server";
import { findActivePersonByEmail, listPeopleByIds } from "~/models/event.server";
import { EVENT_TYPE_LABELS, EVENT_TYPES } from "~/utils/event-types";
import { eventForViewer } from "~/presenters/events.server";
import { dateTimePartsOf, type DateTimeParts } from "~/schemas/date-input";
import { emptyParts, parseEventForm } from "~/schemas/events";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { notFound } from "~/utils/http.server";

export const meta: MetaFunction = () => pageTitle("Event editor");

const FIELDS = ["type", "title", "starts", "ends", "place", "onlineUrl", "capacity", "audience", "bookingOpens", "bookingCloses", "cascadeWeeks", "department", "coOrganisers", "status", "description"];

async function load(request: Request, idText: string | undefined, form?: FormData) {
  const session = await requireUser(request);
  if (form) assertCsrf(request, form, session.csrfToken);
  const user = await learningActor(session);
  const db = await getDb();
  if (idText === "new") {
    if (!canCreateEvent(user)) throw notFound();
    return { user, db, event: null };
  }
  return { user, db, event: await eventForViewer(db, user, idParam(idText), { edit: true }) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, event } = await load(request, params.id);
  const departments = await listDepartments(db);
  const slugOf = (id: number | null) => departments.find((d) => d.id === id)?.slug ?? "";
  const lastDay = event?.allDay ? new Date(Date.parse(event.endsAt) - 1).toISOString() : event?.endsAt;
  return json({
    csrfToken: user.csrfToken,
    id: event?.id ?? null,
    coordinator: canCoordinateLearning(user),
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    values: {
      fields: {
        type: event?.type ?? "training", title: event?.title ?? "", description: event?.descriptionMd ?? "", place: event?.place ?? "",
        onlineUrl: event?.onlineUrl ?? "", capacity: event?.capacity ? String(event.capacity) : "", audience: event?.audience ?? "everyone",
        requiresApproval: event?.requiresApproval ? "on" : "", status: event?.status === "published" ? "published" : "draft",
        cascadeWeeks: event?.cascadeWeeks ? String(event.cascadeWeeks) : "", department: slugOf(event ? event.departmentId : user.departmentId),
        coOrganisers: event ? (await listPeopleByIds(db, event.coOrganiserIds)).map((p) => p.email).join(", ") : "",
      } as Record<string, string>,
      starts: event ? dateTimePartsOf(event.startsAt) : emptyParts(),
      ends: event ? dateTimePartsOf(lastDay) : emptyParts(),
      bookingOpens: dateTimePartsOf(event?.bookingOpensAt),
      bookingCloses: dateTimePartsOf(event?.bookingClosesAt),
      allDay: event?.allDay ?? false,
      audienceDepartments: event ? event.audienceDepartmentIds.map(slugOf) : [],
      audienceRoles: event?.audienceRoles ?? [],
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, SMALL_FORM);
  const { user, db, event } = await load(request, params.id, form);
  const { values, data, errors } = parseEventForm(form);
  const departments = await listDepartments(db);
  const coOrganiserIds: number[] = [];
  if (data) {
    for (const email of data.coOrganiserEmails) {
      const person = await findActivePersonByEmail(db, email);
      if (person) coOrganiserIds.push(person.id);
      else errors.coOrganisers ??= `There is no one with the email address ${email} on the intranet`;
    }
    if (data.department && !departments.some((d) => d.slug === data.department)) errors.department = "Choose a department from the list";
  }
  if (!data || Object.keys(errors).length) return json({ errors, values }, { status: 400 });
  const departmentId = departments.find((d) => d.slug === data.department)?.id ?? null;
  try {
    const id = await saveEvent(user, event?.id ?? null, {
      type: data.type, title: data.title, descriptionMd: data.description, startsAt: data.startsAt, endsAt: data.endsAt, allDay: data.allDay,
      place: data.place, onlineUrl: data.onlineUrl, departmentId, capacity: data.capacity, audience: data.audience,
      bookingOpensAt: data.bookingOpensAt, bookingClosesAt: data.bookingClosesAt, requiresApproval: data.requiresApproval, status: data.status,
      cascadeWeeks: data.cascadeWeeks, cascadeParentId: event?.cascadeParentId ?? null, coOrganiserIds,
      audienceDepartmentIds: departments.filter((d) => data.audienceDepartments.includes(d.slug)).map((d) => d.id), audienceRoles: data.audienceRoles,
    });
    return redirect(`/events/${id}?done=saved`);
  } catch (err) {
    const problem = eventProblem(err);
    if (problem.status === 404) throw notFound();
    return json({ errors: { department: problem.message } as Record<string, string>, values }, { status: problem.status });
  }
}

export default function EventEditor() {
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values ?? loaded.values;
  const f = v.fields;
  const title = loaded.id ? "Edit the event" : "Add an event";
  const parts = (p: DateTimeParts) => p;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, ...(loaded.id ? [{ label: "Event", to: `/events/${loaded.id}` }] : []), { label: title }]} />
      <ErrorSummary errors={errors} fields={FIELDS} anchors={{ starts: "starts-day", ends: "ends-day", bookingOpens: "bookingOpens-day", bookingCloses: "bookingCloses-day", audience: "audience" }} />
      <h1>{title}</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={loaded.csrfToken} />
        <SelectField name="type" label="Kind of event" defaultValue={f.type} error={errors.type} options={EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_LABELS[t] }))} />
        <TextField name="title" label="Title" defaultValue={f.title} error={errors.title} maxLength={200} />
        <DateInput id="starts" name="starts" legend="Starts" value={parts(v.starts)} error={errors.starts} />
        <DateInput id="ends" name="ends" legend="Ends" value={parts(v.ends)} error={errors.ends} hint="For an event over several days, the last day. For example, 27 3 2027" />
        <Checkbox name="allDay" label="All day (times are not used)" defaultChecked={v.allDay} />
        <TextField name="place" label="Place (optional)" hint="For example: Civic Centre, committee room 2" defaultValue={f.place} error={errors.place} maxLength={300} />
        <TextField name="onlineUrl" label="Online link (optional)" hint="Shown only to people with a place" defaultValue={f.onlineUrl} error={errors.onlineUrl} maxLength={500} />
        <TextField name="capacity" label="Places (optional)" hint="Leave empty for no limit. When it is full, people join a waiting list." defaultValue={f.capacity} error={errors.capacity} width="short" />
        <Checkbox name="requiresApproval" label="I approve each booking" defaultChecked={f.requiresApproval === "on"} />
        <DateInput id="bookingOpens" name="bookingOpens" legend="Booking opens (optional)" value={parts(v.bookingOpens)} error={errors.bookingOpens} />
        <DateInput id="bookingCloses" name="bookingCloses" legend="Booking closes (optional)" value={parts(v.bookingCloses)} error={errors.bookingCloses} />
        <AudienceFieldset
          audience={f.audience} departments={loaded.departments} chosenDepartments={v.audienceDepartments} chosenRoles={v.audienceRoles as string[]} error={errors.audience}
        />
        <SelectField
          name="department" label="Department running it" defaultValue={f.department} error={errors.department}
          options={[{ value: "", label: "Council-wide" }, ...loaded.departments.map((d) => ({ value: d.slug, label: d.name }))]}
        />
        <TextField name="coOrganisers" label="Co-organisers (optional)" hint="Email addresses, separated by commas. They can edit the event and take the register." defaultValue={f.coOrganisers} error={errors.coOrganisers} maxLength={2000} />
        <TextField
          name="cascadeWeeks" label="Start a skills cascade (workshops only, optional)"
          hint="The number of weeks each person who comes has to run the session for their own team. Leave empty for no cascade."
          defaultValue={f.cascadeWeeks} error={errors.cascadeWeeks} width="short"
        />
        <TextArea name="description" label="Description" hint="Markdown: what people will learn, what to bring." defaultValue={f.description} error={errors.description} maxLength={20000} rows={8} />
        <SelectField name="status" label="Publish" defaultValue={f.status} error={errors.status} options={[{ value: "draft", label: "Draft: only organisers see it" }, { value: "published", label: "Published: people can book" }]} />
        <button type="submit" className="button">
          Save the event
        </button>
      </Form>
    </div>
  );
}
