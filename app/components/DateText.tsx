import { formatDate, isoDay } from "~/utils/dates";

/** A calendar date as staff read it ("12 March 2026"), machine-readable in `dateTime`. */
export function DateText({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <time dateTime={isoDay(value)}>{formatDate(value)}</time>;
}
