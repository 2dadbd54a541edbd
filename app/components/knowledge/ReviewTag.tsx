export type ReviewState = "overdue" | "due-soon" | "ok" | "no-date";

/** Where a page stands against its review-by date, as a tag that reads the same without colour. */
export function ReviewTag({ state }: { state: ReviewState }) {
  if (state === "overdue") return <strong className="tag tag--overdue">Review overdue</strong>;
  if (state === "due-soon") return <strong className="tag tag--need-to-know">Review due soon</strong>;
  if (state === "no-date") return <strong className="tag tag--draft">No review date</strong>;
  return <strong className="tag">Up to date</strong>;
}

/** The state of a review-by day against today and the end of the reminder window ("YYYY-MM-DD" strings). */
export function reviewState(reviewBy: string | null, today: string, dueSoonBy: string): ReviewState {
  if (!reviewBy) return "no-date";
  if (reviewBy < today) return "overdue";
  if (reviewBy <= dueSoonBy) return "due-soon";
  return "ok";
}
