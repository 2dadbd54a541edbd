/** Kinds of events, shared by the server and the browser (no `.server` module may hold what pages render). */
export const EVENT_TYPES = ["training", "workshop", "briefing", "webinar", "drop-in", "cascade"] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  training: "Training session",
  workshop: "Workshop",
  briefing: "Briefing",
  webinar: "Webinar",
  "drop-in": "Drop-in",
  cascade: "Team cascade session",
};
