/** One event in a list: title link, kind, when, where, places and the viewer's booking. */
import { Link } from "~/components/Link";

export type EventSummaryData = {
  id: number; title: string; typeLabel: string; when: string; place: string; onlineUrl: string; departmentName: string | null;
  capacity: number | null; placesLeft: number | null; waiting: number; status: string; booking: string | null; bookingOpen: boolean;
};

const BOOKING_LABEL: Record<string, string> = { booked: "You have a place", waiting: "You are on the waiting list", pending: "Waiting for approval" };

export function placesText(e: Pick<EventSummaryData, "capacity" | "placesLeft" | "waiting">): string {
  if (e.capacity === null) return "No limit on places";
  if (e.placesLeft === 0) return e.waiting ? `Full: ${e.waiting} on the waiting list` : "Full: join the waiting list";
  return `${e.placesLeft} of ${e.capacity} places left`;
}

export function EventSummary({ event: e, headingLevel = 2 }: { event: EventSummaryData; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      <H className="item-list__title">
        {/* A course runs more than once under one title: the date tells the links apart (WCAG 2.4.4). */}
        <Link to={`/events/${e.id}`}>
          {e.title}
          <span className="visually-hidden">, {e.when}</span>
        </Link>
      </H>
      <p className="item-meta">
        {e.typeLabel}
        {e.departmentName ? ` · ${e.departmentName}` : ""} · {e.when}
      </p>
      <p className="item-meta">
        {[e.place, e.onlineUrl ? "Online" : ""].filter(Boolean).join(" and ") || "Place to be confirmed"} ·{" "}
        {e.status === "cancelled" ? <strong className="tag tag--urgent">Cancelled</strong> : e.status === "draft" ? <strong className="tag tag--draft">Draft</strong> : placesText(e)}
        {e.booking && BOOKING_LABEL[e.booking] ? (
          <>
            {" "}
            · <strong className="tag">{BOOKING_LABEL[e.booking]}</strong>
          </>
        ) : null}
      </p>
    </>
  );
}
