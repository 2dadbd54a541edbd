/**
 * /admin/calendar: the comms team's one calendar (comms editors and admins): scheduled
 * publishes, expiries, review dates, campaigns and pre-election periods for a month or a
 * week, filtered by department and channel, with clashes flagged. A plain list of days, so
 * it reads the same at 320 px and without JavaScript; a private iCalendar feed of the plan.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { SelectField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listOpenChannels } from "~/models/channel.server";
import { listDepartments } from "~/models/department.server";
import { getOrCreateFeedToken } from "~/models/notification-prefs.server";
import { KIND_LABELS, planCalendar } from "~/presenters/plan-calendar.server";
import { requireUserWith } from "~/utils/auth.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { feedBaseUrl } from "~/utils/feed.server";

export const meta: MetaFunction = () => pageTitle("Communications calendar");

const pad = (n: number) => String(n).padStart(2, "0");
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The range a query asks for: ?view=month&month=2027-01 or ?view=week&week=2027-01-04 (any day of that week). */
function rangeOf(url: URL, today: string) {
  const view = url.searchParams.get("view") === "week" ? "week" : "month";
  if (view === "week") {
    const raw = url.searchParams.get("week") ?? "";
    const day = DAY.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ? raw : today;
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const from = addDays(day, -weekday);
    return { view, from, to: addDays(from, 6), prev: `?view=week&week=${addDays(from, -7)}`, next: `?view=week&week=${addDays(from, 7)}`, label: `Week of ${from}` };
  }
  const m = MONTH.exec(url.searchParams.get("month") ?? "") ?? MONTH.exec(today.slice(0, 7))!;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const from = `${y}-${pad(mo)}-01`;
  const to = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
  const prev = mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${pad(mo + 1)}`;
  return { view, from, to, prev: `?view=month&month=${prev}`, next: `?view=month&month=${next}`, label: from.slice(0, 7) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "comms-calendar");
  const url = new URL(request.url);
  const db = await getDb();
  const today = ukTodayIso();
  const range = rangeOf(url, today);
  const [departments, channels] = await Promise.all([listDepartments(db), listOpenChannels(db)]);
  const department = departments.find((d) => d.slug === url.searchParams.get("department"));
  const channel = channels.find((c) => c.slug === url.searchParams.get("channel"));
  const { entries, clashes } = await planCalendar(db, user, { from: range.from, to: range.to, departmentId: department?.id ?? null, channelId: channel?.id ?? null });
  const filter = `${department ? `&department=${department.slug}` : ""}${channel ? `&channel=${channel.slug}` : ""}`;
  return json({
    range: { ...range, prev: range.prev + filter, next: range.next + filter },
    today,
    department: department?.slug ?? "",
    channel: channel?.slug ?? "",
    departments: departments.map((d) => ({ value: d.slug, label: d.name })),
    channels: channels.map((c) => ({ value: c.slug, label: c.name })),
    entries: entries.map((e) => ({ ...e, label: KIND_LABELS[e.kind] })),
    clashes,
    feedUrl: `${feedBaseUrl(request)}/admin/calendar.ics?token=${await getOrCreateFeedToken(db, user.id)}`,
  });
}

export default function PlanCalendar() {
  const { range, entries, clashes, departments, channels, department, channel, today, feedUrl } = useLoaderData<typeof loader>();
  const days = [...new Set(entries.map((e) => e.day))];
  const clashDays = new Set(clashes.map((c) => c.day));
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Communications calendar" }]} />
      <h1>Communications calendar</h1>
      <p>Everything planned: scheduled publishing, expiries, reviews due, campaigns and pre-election periods.</p>
      <ul className="tag-cloud" aria-label="The planning desk">
        <li>
          <Link to="/admin/campaigns">Campaigns</Link>
        </li>
        <li>
          <Link to="/comms-requests">Requests from services</Link>
        </li>
        <li>
          <Link to="/admin/public-accounts">Public accounts register</Link>
        </li>
      </ul>
      <Form method="get" className="filters" aria-label="Show">
        <SelectField name="view" label="Show" defaultValue={range.view} options={[{ value: "month", label: "A month" }, { value: "week", label: "A week" }]} />
        <input type="hidden" name={range.view === "week" ? "week" : "month"} value={range.view === "week" ? range.from : range.from.slice(0, 7)} />
        <SelectField name="department" label="Department" defaultValue={department} options={[{ value: "", label: "All departments" }, ...departments]} />
        <SelectField name="channel" label="Channel" defaultValue={channel} options={[{ value: "", label: "All channels" }, ...channels]} />
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      <nav aria-label="Earlier and later" className="pagination">
        <Link to={range.prev}>{range.view === "week" ? "Previous week" : "Previous month"}</Link>
        <h2 className="calendar__range">
          {range.view === "week" ? (
            <>
              Week of <DateText value={range.from} />
            </>
          ) : (
            new Date(`${range.from}T12:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })
          )}
        </h2>
        <Link to={range.next}>{range.view === "week" ? "Next week" : "Next month"}</Link>
      </nav>
      {clashes.length ? (
        <div className="banner banner--need-to-know" role="region" aria-labelledby="clashes">
          <h2 id="clashes">Clashes ({clashes.length})</h2>
          <ul>
            {clashes.map((c, i) => (
              <li key={i}>
                <DateText value={c.day} />: {c.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>No clashes in this {range.view}.</p>
      )}
      {days.length === 0 ? <p>Nothing is planned in this {range.view}.</p> : null}
      <ol className="calendar">
        {days.map((day) => (
          <li key={day} className={`calendar__day${day === today ? " calendar__day--today" : ""}`}>
            <h3>
              <DateText value={day} />
              {day === today ? " (today)" : ""}
              {clashDays.has(day) ? <span className="tag tag--overdue">Clash</span> : null}
            </h3>
            <ul className="plain-list">
              {entries.filter((e) => e.day === day).map((e) => (
                <li key={e.id}>
                  <span className={e.alert ? "tag tag--urgent" : "tag"}>{e.label}</span> <Link to={e.href}>{e.title}</Link>
                  {e.detail ? <span className="hint"> – {e.detail}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h2>Add the plan to your calendar</h2>
      <p>
        Subscribe to this private address in your calendar app. It is yours alone: do not share it. You can change it on your{" "}
        <Link to="/me/follows">follows and feeds page</Link>.
      </p>
      <p className="pre-wrap">
        <code>{feedUrl}</code>
      </p>
    </>
  );
}
