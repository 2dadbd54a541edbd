/**
 * Dates as staff read them: "12 March 2026", "14 months ago". Shared by loaders and
 * components. Everything is shown in UK time whatever the server's or browser's time zone,
 * so the page rendered on the server and the page hydrated in the browser agree.
 * Relative phrases ("14 months ago") depend on "now", so loaders compute them and send
 * the text; components only format fixed dates.
 */
import { differenceInMonths, differenceInYears, formatDistanceStrict } from "date-fns";

const UK = "Europe/London";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: UK, day: "numeric", month: "long", year: "numeric" });
const isoDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: UK, year: "numeric", month: "2-digit", day: "2-digit" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: UK, hour: "numeric", minute: "2-digit", hourCycle: "h12" });

/** A date-only string ("2026-03-12") is a calendar day, not an instant: read it as noon UTC so no time zone moves it. */
function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const d = new Date(DATE_ONLY.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Formatting in a time zone costs microseconds, and a page formats the same dates again
 * and again (every list, every request), so results for date strings are remembered.
 * They depend on the string alone; the map is emptied if it ever holds `limit` entries.
 */
function remembered(format: (value: string) => string, limit = 5000): (value: string) => string {
  const memo = new Map<string, string>();
  return (value) => {
    let out = memo.get(value);
    if (out === undefined) {
      if (memo.size >= limit) memo.clear();
      out = format(value);
      memo.set(value, out);
    }
    return out;
  };
}

const dayText = remembered((value) => {
  const d = toDate(value);
  return d ? dayFormat.format(d) : "";
});

/** "12 March 2026", or "" for a missing or unreadable date. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string") return dayText(value);
  const d = toDate(value);
  return d ? dayFormat.format(d) : "";
}

/** "12 March 2026 at 9:30am" for instants; date-only values get no time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const d = toDate(value);
  if (!d) return "";
  if (DATE_ONLY.test(value)) return dayFormat.format(d);
  return `${dayFormat.format(d)} at ${timeFormat.format(d).replace(/\s/g, "").toLowerCase()}`;
}

let todayCache = { minute: Number.NaN, day: "" };

/** The calendar day in the UK as "YYYY-MM-DD" (what effective and review dates are compared with). */
export function ukTodayIso(now = new Date()): string {
  // UK days start on a whole minute (offsets are whole hours), so the day is the same all minute.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== todayCache.minute) todayCache = { minute, day: isoDayFormat.format(now) };
  return todayCache.day;
}

const isoDayText = remembered((value) => {
  const d = toDate(value);
  return d ? isoDayFormat.format(d) : "";
});

/** The UK calendar day of an instant or date, as "YYYY-MM-DD" (for <time dateTime>). */
export function isoDay(value: string | null | undefined): string {
  return value ? isoDayText(value) : "";
}

/** "14 months ago", "3 days ago", "today"; for future dates "in 2 weeks". Months are calendar months. */
export function relativeToNow(value: string | null | undefined, now = new Date()): string {
  if (!value) return "";
  if (DATE_ONLY.test(value) && value === ukTodayIso(now)) return "today";
  const d = toDate(value);
  if (!d) return "";
  const base = DATE_ONLY.test(value) ? toDate(ukTodayIso(now))! : now;
  const days = Math.abs(d.getTime() - base.getTime()) / 86_400_000;
  if (days < 1) return formatDistanceStrict(d, base, { addSuffix: true });
  // Months up to two years read better than "1 year" for a page last reviewed 14 months ago.
  const [n, unit] =
    days < 45
      ? [Math.floor(days), "day"]
      : days < 730
        ? [Math.abs(differenceInMonths(d, base)), "month"]
        : [Math.abs(differenceInYears(d, base)), "year"];
  const phrase = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return d < base ? `${phrase} ago` : `in ${phrase}`;
}

/** True when a "review by" or "expires" day has passed (the day itself still counts as in date). */
export function isPastDay(day: string | null | undefined, now = new Date()): boolean {
  return !!day && day.slice(0, 10) < ukTodayIso(now);
}

const ukTimeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: UK, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/**
 * The last UK day something is still shown, for an exclusive end instant such as
 * `expires_at`: an expiry at midnight means "until the end of the day before", which is
 * how the author wrote it ("expires: 2027-01-31" is stored as 1 February 00:00).
 */
export function lastDayBefore(value: string | null | undefined): string {
  if (!value) return "";
  const d = toDate(value);
  if (!d) return "";
  if (DATE_ONLY.test(value)) return value;
  return ukTimeFormat.format(d) === "00:00" ? isoDayFormat.format(new Date(d.getTime() - 60_000)) : isoDayFormat.format(d);
}

/** "YYYY-MM-DD" moved by `n` calendar days (negative: earlier). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
