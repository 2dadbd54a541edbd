/** Statuses of requests to the communications team, shared by the server and the browser. */
export const REQUEST_STATUSES = ["new", "in-progress", "waiting", "scheduled", "done", "declined"] as const;
export type CommsRequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Record<CommsRequestStatus, string> = {
  new: "New",
  "in-progress": "In progress",
  waiting: "Waiting for the service",
  scheduled: "Scheduled",
  done: "Done",
  declined: "Declined",
};
