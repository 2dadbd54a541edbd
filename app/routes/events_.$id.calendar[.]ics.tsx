/** /events/:id/calendar.ics: one event as an iCalendar file, for people who may see it. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { learningActor } from "~/commands/events.server";
import { eventIcs } from "~/presenters/calendar.server";
import { eventForViewer } from "~/presenters/events.server";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { feedBaseUrl } from "~/utils/feed.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const event = await eventForViewer(await getDb(), user, idParam(params.id));
  return new Response(eventIcs(event, feedBaseUrl(request)), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-${event.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
