/**
 * /events: upcoming events and training the viewer may see (the items' audience rule), with
 * filters (type, department, month), a month view (?view=month) and a link to "my
 * bookings". Plain GET forms and links: works without JavaScript and at 320 px.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canCreateEvent } from "~/access/events.server";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FilterForm, FilterSelect, toOptions } from "~/components/FilterForm";
import { pageTitle } from "~/components/meta";
import { EventSummary } from "~/components/events/EventSummary";
import { listDepartments } from "~/models/department.server";
import { EVENT_TYPE_LABELS, EVENT_TYPES, type EventType } from "~/utils/event-types";
import { listBookingsOfPerson } from "~/models/event-booking.server";
import { monthGrid, monthWindow, presentEvent, visibleEvents } from "~/presenters/events.server";
import { monthParam } from "~/schemas/events";
import { slugParam } from "~/schemas/reading-query";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { ScrollTable } from "~/components/ScrollTable";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Events and training");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const url = new URL(request.url);
  const db = await getDb();
  const now = new Date();
  const departments = await listDepartments(db);
  const typeParam = url.searchParams.get("type") ?? "";
  const type = (EVENT_TYPES as readonly string[]).includes(typeParam) ? (typeParam as EventType) : undefined;
  const deptSlug = slugParam(url, "department");
  const department = departments.find((d) => d.slug === deptSlug);
  const month = monthParam(url.searchParams.get("month"));
  const view = url.searchParams.get("view") === "month" ? "month" : "list";
  const shownMonth = month ?? ukTodayIso(now).slice(0, 7);
  const window = view === "month" || month ? monthWindow(shownMonth) : null;
  const events = await visibleEvents(db, user, {
    from: window ? window.from : now.toISOString(), to: window?.to, statuses: ["published", "cancelled", "draft"], type, departmentId: department?.id,
  });
  const mine = new Map((await listBookingsOfPerson(db, user.id)).map((b) => [b.eventId, b.status]));
  const cards = events.filter((e) => e.status !== "cancelled" || window).slice(0, 200).map((e) => presentEvent(e, user, now, mine.get(e.id) ?? null));
  const months = Array.from({ length: 6 }, (_, i) => {
    const [y, m] = ukTodayIso(now).slice(0, 7).split("-").map(Number);
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    const value = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    return { value, label: monthWindow(value).label };
  });
  return json({
    filters: { type: type ?? "", department: department?.slug ?? "", month: month ?? "", view },
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    months,
    month: window ? { value: shownMonth, label: window.label, prev: window.prev, next: window.next, weeks: view === "month" ? monthGrid(shownMonth, cards) : [] } : null,
    events: cards,
    canCreate: canCreateEvent(user),
  });
}

function query(filters: Record<string, string>, change: Record<string, string>): string {
  const q = new URLSearchParams(Object.entries({ ...filters, ...change }).filter(([, v]) => v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export default function Events() {
  const { filters, departments, months, month, events, canCreate } = useLoaderData<typeof loader>();
  const byId = new Map(events.map((e) => [e.id, e]));
  const filtered = !!(filters.type || filters.department || filters.month);
  return (
    <>
      <Breadcrumbs items={[{ label: "Events and training" }]} />
      <h1>Events and training</h1>
      <p>Training sessions, workshops, briefings, webinars and drop-ins you can book. Your bookings are in your own calendar feed.</p>
      <ul className="button-group plain-list">
        <li>
          <Link to="/events/mine">Your bookings and calendar feed</Link>
        </li>
        {canCreate ? (
          <li>
            <Link to="/events/new/edit">Add an event</Link>
          </li>
        ) : null}
      </ul>
      <FilterForm action="/events" label="Filter events" submit="Show events" clear={filtered || filters.view === "month" ? "Show all upcoming events" : null}>
        <FilterSelect id="type" name="type" label="Kind of event" value={filters.type} allLabel="All kinds" options={EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_LABELS[t] }))} />
        <FilterSelect id="department" name="department" label="Department" value={filters.department} allLabel="All departments" options={toOptions(departments)} />
        <FilterSelect id="month" name="month" label="Month" value={filters.month} allLabel="All upcoming" options={months} />
        <FilterSelect id="view" name="view" label="Show as" value={filters.view} options={[{ value: "list", label: "List" }, { value: "month", label: "Month calendar" }]} />
      </FilterForm>
      {month ? (
        <nav aria-label="Months" className="event-months">
          <Link to={query(filters, { month: month.prev })}>Previous month</Link>
          <h2>{month.label}</h2>
          <Link to={query(filters, { month: month.next })}>Next month</Link>
        </nav>
      ) : null}
      {month && filters.view === "month" ? (
        <ScrollTable caption={<>Events in {month.label}, by day</>} captionHidden className="event-month">
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d} scope="col">
                  <abbr title={d}>{d.slice(0, 3)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {month.weeks.map((week, i) => (
              <tr key={i}>
                {week.map((cell, j) => (
                  <td key={j} className={cell.eventIds.length ? "event-month__busy" : undefined}>
                    {cell.day ? (
                      <>
                        <span className="event-month__day">{Number(cell.day.slice(8))}</span>
                        <ul className="plain-list">
                          {cell.eventIds.map((id) => (
                            <li key={id}>
                              <Link to={`/events/${id}`}>{byId.get(id)!.title}</Link>
                              {byId.get(id)!.status === "cancelled" ? " (cancelled)" : ""}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <>
          <p className="muted" role="status">
            {events.length} {events.length === 1 ? "event" : "events"}
          </p>
          <ul className="item-list">
            {events.map((e) => (
              <li key={e.id}>
                <EventSummary event={e} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
