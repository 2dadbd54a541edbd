/**
 * Dates in content files. Authors write `2026-11-18`, `2026-11-20 09:00` or full ISO
 * 8601; anything without a zone is UK wall-clock time (Europe/London), because that is
 * what a council officer means by "9am on the 20th", in summer and in winter.
 * Pure functions (Intl only), so browser and server code agree.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type ContentDate = { y: number; m: number; d: number };

/** A calendar date `YYYY-MM-DD` that exists (no 31 February), or null. */
export function parseCalendarDate(value: string): ContentDate | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? { y, m: mo, d } : null;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function formatCalendarDate(date: ContentDate): string {
  return `${String(date.y).padStart(4, "0")}-${String(date.m).padStart(2, "0")}-${String(date.d).padStart(2, "0")}`;
}

/** Adds whole months, clamping to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(date: ContentDate, months: number): ContentDate {
  const total = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(date.d, last) };
}

let formatter: Intl.DateTimeFormat | undefined;
function londonParts(ms: number) {
  formatter ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, min: parts.minute, s: parts.second };
}

/** Minutes London is ahead of UTC at the instant `ms` (0 in winter, 60 in summer). */
function londonOffsetMinutes(ms: number): number {
  const p = londonParts(ms);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The UTC instant of a UK wall-clock time. */
export function londonToUtc(y: number, m: number, d: number, h = 0, min = 0, s = 0): Date {
  const wall = Date.UTC(y, m - 1, d, h, min, s);
  let utc = wall - londonOffsetMinutes(wall) * 60000;
  const again = londonOffsetMinutes(utc);
  utc = wall - again * 60000;
  return new Date(utc);
}

export type ContentDateTime = { iso: string; dateOnly: boolean; date: ContentDate };

const parsed = new Map<string, ContentDateTime | null>();

/** `2026-11-18`, `2026-11-20 09:00`, `2026-11-20T09:00:00Z`, `2026-11-20T09:00+01:00`; null if none of those. */
export function parseContentDateTime(value: string): ContentDateTime | null {
  // Imports see the same few hundred dates thousands of times; time zone sums are not free.
  const text = value.trim();
  if (parsed.has(text)) {
    const hit = parsed.get(text);
    return hit ? { ...hit, date: { ...hit.date } } : null;
  }
  const result = parseDateTimeUncached(text);
  if (parsed.size > 5000) parsed.clear();
  parsed.set(text, result);
  return result ? { ...result, date: { ...result.date } } : null;
}

function parseDateTimeUncached(text: string): ContentDateTime | null {
  const date = parseCalendarDate(text);
  if (date) return { iso: londonToUtc(date.y, date.m, date.d).toISOString(), dateOnly: true, date };
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, min, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (!isRealDate(y, mo, d) || h > 23 || min > 59 || s > 59) return null;
  const zone = m[7];
  let instant: Date;
  if (!zone) instant = londonToUtc(y, mo, d, h, min, s);
  else if (zone === "Z") instant = new Date(Date.UTC(y, mo - 1, d, h, min, s));
  else {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    instant = new Date(Date.UTC(y, mo - 1, d, h, min, s) - offset * 60000);
  }
  return { iso: instant.toISOString(), dateOnly: false, date: { y, m: mo, d } };
}

/**
 * When an item with this `expires` value leaves lists: a bare date means "shown up to and
 * including that day", so it expires at the start of the next UK day.
 */
export function expiryInstant(value: ContentDateTime): string {
  if (!value.dateOnly) return value.iso;
  const next = new Date(Date.UTC(value.date.y, value.date.m - 1, value.date.d + 1));
  return londonToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()).toISOString();
}
