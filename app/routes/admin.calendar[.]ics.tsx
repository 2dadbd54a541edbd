/**
 * /admin/calendar.ics?token=…: the comms plan as an iCalendar feed (all-day events) for the
 * team's own calendar app, for three months back and twelve ahead. The token is the person's
 * private feed token; they must still be allowed to read the comms calendar.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import ical from "ical-generator";
import { can } from "~/access/permissions.server";
import { KIND_LABELS, planCalendar } from "~/presenters/plan-calendar.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { feedBaseUrl, feedError, requireFeedViewer } from "~/utils/feed.server";


export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireFeedViewer(request);
  if (!can(viewer, "read", "comms-calendar")) throw feedError(403, "This calendar is for the communications team.");
  const today = ukTodayIso();
  const { entries, clashes } = await planCalendar(await getDb(), viewer, { from: addDays(today, -92), to: addDays(today, 366) });
  const base = feedBaseUrl(request);
  const cal = ical({ name: "Riverside intranet: communications plan", prodId: { company: "Riverside Borough Council", product: "intranet", language: "EN" }, timezone: "Europe/London" });
  for (const e of entries) {
    const clash = clashes.filter((c) => c.day === e.day && c.message.includes(e.title));
    cal.createEvent({
      id: `${e.id}@riverside-intranet`,
      start: new Date(`${e.day}T00:00:00Z`),
      end: new Date(`${addDays(e.day, 1)}T00:00:00Z`),
      allDay: true,
      summary: `${KIND_LABELS[e.kind]}: ${e.title}`,
      description: [e.detail, ...clash.map((c) => `Clash: ${c.message}`)].filter(Boolean).join("\n"),
      url: `${base}${e.href}`,
    });
  }
  return new Response(cal.toString(), {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="communications-plan.ics"' },
  });
}
