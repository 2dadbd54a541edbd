/**
 * Dates as people type them: separate Day, Month and Year boxes (the public-sector date
 * input pattern), and for a date and time a Time box ("9:30am", "14:00"). A browser's own
 * date picker shows mm/dd/yyyy in a US-English browser; three boxes always read as a UK
 * date, need no JavaScript and can be checked part by part.
 *
 * The one parser for every form that takes a date (editor, workflow, filters): it reads
 * the boxes from a form or a query string, says which part is wrong in words ("Review-by
 * date must include a month"), and gives "YYYY-MM-DD" for a day or a UTC ISO instant for
 * a UK date and time. What was typed is kept as typed, so a form with an error is shown
 * again exactly as it was sent. Browser-safe (no server imports).
 */
import { z } from "zod";
import { londonToUtc } from "./content-dates";

export const DATE_PARTS = ["day", "month", "year"] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export type DateTimePart = DatePart | "time";

/** The boxes as typed. */
export type DateParts = { day: string; month: string; year: string };
export type DateTimeParts = DateParts & { time: string };

export const EMPTY_DATE: DateParts = Object.freeze({ day: "", month: "", year: "" });
export const EMPTY_DATE_TIME: DateTimeParts = Object.freeze({ day: "", month: "", year: "", time: "" });

/** The hint under every date's legend. */
export const DATE_HINT = "For example, 27 3 2027";
export const TIME_HINT = "For example, 9:30am or 14:00";

/** Longest text kept from one box: enough for "September" or "12 midnight", short enough to echo back safely. */
const MAX_PART = 20;

// ---------------------------------------------------------------------------------------
// Reading the boxes.

type Source = { get(name: string): unknown };

const text = (source: Source, name: string): string => {
  const v = source.get(name);
  return typeof v === "string" ? v.slice(0, MAX_PART) : "";
};

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}:\d{2})(?::\d{2})?$/;

/**
 * The Day, Month and Year boxes of field `name` (`name-day`, `name-month`, `name-year`).
 * A link or an older client may send the field whole as `name=2027-03-27`: that is read
 * into the boxes too, so addresses shared before the boxes existed keep working.
 */
export function readDateParts(source: Source, name: string): DateParts {
  const parts = { day: text(source, `${name}-day`), month: text(source, `${name}-month`), year: text(source, `${name}-year`) };
  if (parts.day || parts.month || parts.year) return parts;
  const whole = ISO_DAY.exec(text(source, name).trim());
  return whole ? { day: whole[3], month: whole[2], year: whole[1] } : { ...EMPTY_DATE };
}

/** The boxes of a date and time: Day, Month, Year and Time (`name-time`); `name=2027-03-27T09:30` also reads. */
export function readDateTimeParts(source: Source, name: string): DateTimeParts {
  const parts = {
    day: text(source, `${name}-day`), month: text(source, `${name}-month`), year: text(source, `${name}-year`), time: text(source, `${name}-time`),
  };
  if (parts.day || parts.month || parts.year || parts.time) return parts;
  const whole = ISO_LOCAL.exec(text(source, name).trim());
  return whole ? { day: whole[3], month: whole[2], year: whole[1], time: whole[4] } : { ...EMPTY_DATE_TIME };
}

// ---------------------------------------------------------------------------------------
// Filling the boxes from stored values.

/** "2027-03-07" → { day: "7", month: "3", year: "2027" }; anything else → empty boxes. */
export function datePartsOf(day: string | null | undefined): DateParts {
  const m = ISO_DAY.exec((day ?? "").slice(0, 10));
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { ...EMPTY_DATE };
}

const londonWallClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit",
});

/** A UTC instant as the boxes show it in UK time: { day: "1", month: "7", year: "2026", time: "9:30am" }. */
export function dateTimePartsOf(iso: string | null | undefined): DateTimeParts {
  if (!iso) return { ...EMPTY_DATE_TIME };
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { ...EMPTY_DATE_TIME };
  const p = Object.fromEntries(londonWallClock.formatToParts(date).map((x) => [x.type, x.value]));
  return { day: String(Number(p.day)), month: String(Number(p.month)), year: p.year, time: formatTime(Number(p.hour), Number(p.minute)) };
}

/** 0:00 → "midnight", 12:00 → "midday", 9:30 → "9:30am", 17:05 → "5:05pm": how the intranet writes times. */
export function formatTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 0) return "midnight";
  if (minute === 0 && hour === 12) return "midday";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, "0")}${hour < 12 ? "am" : "pm"}`;
}

// ---------------------------------------------------------------------------------------
// Checking.

export type DateCheck =
  | { ok: true; value: string | null }
  | { ok: false; message: string; parts: DateTimePart[] };

export type DateOptions = {
  /** Say "Enter the …" when every box is empty (otherwise empty is fine and the value is null). */
  required?: boolean;
};

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "3", "03", "March", "mar", "Sept." → 3 (people write month names too); null if it is no month. */
function monthNumber(value: string): number | null {
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const word = value.toLowerCase().replace(/\.$/, "");
  if (word.length < 3) return null;
  if (word === "sept") return 9;
  const i = MONTHS.findIndex((m) => m.startsWith(word));
  return i < 0 ? null : i + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function listParts(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

const lowerFirst = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

type DayResult = { ok: true; y: number; m: number; d: number } | { ok: false; message: string; parts: DatePart[] } | { ok: "empty" };

function checkDay(raw: DateParts, label: string): DayResult {
  const p = { day: raw.day.trim(), month: raw.month.trim(), year: raw.year.trim() };
  const missing = DATE_PARTS.filter((k) => p[k] === "");
  if (missing.length === 3) return { ok: "empty" };
  if (missing.length) return { ok: false, message: `${label} must include a ${listParts(missing)}`, parts: missing };
  const bad: DatePart[] = [];
  const d = /^\d{1,2}$/.test(p.day) ? Number(p.day) : NaN;
  const m = monthNumber(p.month) ?? NaN;
  if (!(d >= 1 && d <= 31)) bad.push("day");
  if (!(m >= 1 && m <= 12)) bad.push("month");
  if (!/^\d+$/.test(p.year)) bad.push("year");
  else if (p.year.length !== 4) {
    if (!bad.length) return { ok: false, message: `${label} must include a year with 4 numbers, like 2027`, parts: ["year"] };
    bad.push("year");
  } else if (Number(p.year) < 1000) bad.push("year");
  const y = Number(p.year);
  if (!bad.length && d > daysIn(y, m)) bad.push("day");
  if (bad.length) return { ok: false, message: `${label} must be a real date`, parts: bad };
  return { ok: true, y, m, d };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A calendar day: the value is "YYYY-MM-DD", or null when every box is empty and the date is optional. */
export function checkDate(parts: DateParts, label: string, options: DateOptions = {}): DateCheck {
  const r = checkDay(parts, label);
  if (r.ok === "empty") return options.required ? { ok: false, message: `Enter the ${lowerFirst(label)}`, parts: [...DATE_PARTS] } : { ok: true, value: null };
  if (!r.ok) return r;
  return { ok: true, value: `${pad(r.y, 4)}-${pad(r.m)}-${pad(r.d)}` };
}

const TIME = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$|^(\d{1,2})[:.](\d{2})$|^(\d{2})(\d{2})$/i;

/** "9:30am", "9.30 pm", "9am", "14:00", "1400", "midday", "noon", "midnight" → hours and minutes (24-hour); null otherwise. */
export function parseTime(value: string): { hour: number; minute: number } | null {
  const t = value.trim().toLowerCase().replace(/^12\s+(?=noon|midday|midnight)/, "");
  if (t === "midday" || t === "noon") return { hour: 12, minute: 0 };
  if (t === "midnight") return { hour: 0, minute: 0 };
  const m = TIME.exec(t);
  if (!m) return null;
  if (m[3]) {
    const h = Number(m[1]);
    const minute = Number(m[2] ?? 0);
    if (h < 1 || h > 12 || minute > 59) return null;
    return { hour: (h % 12) + (m[3] === "p" ? 12 : 0), minute };
  }
  const [h, minute] = m[4] ? [Number(m[4]), Number(m[5])] : [Number(m[6]), Number(m[7])];
  return h <= 23 && minute <= 59 ? { hour: h, minute } : null;
}

/** A UK date and time: the value is the UTC ISO instant, or null when every box is empty and it is optional. */
export function checkDateTime(parts: DateTimeParts, label: string, options: DateOptions = {}): DateCheck {
  const time = parts.time.trim();
  const r = checkDay(parts, label);
  if (r.ok === "empty") {
    if (!time) return options.required ? { ok: false, message: `Enter the ${lowerFirst(label)}`, parts: [...DATE_PARTS, "time"] } : { ok: true, value: null };
    return { ok: false, message: `${label} must include a day, month and year`, parts: [...DATE_PARTS] };
  }
  if (!r.ok) return r;
  if (!time) return { ok: false, message: `${label} must include a time`, parts: ["time"] };
  const t = parseTime(time);
  if (!t) return { ok: false, message: `${label} must include a real time, like 9:30am or 14:00`, parts: ["time"] };
  return { ok: true, value: londonToUtc(r.y, r.m, r.d, t.hour, t.minute).toISOString() };
}

/**
 * Which boxes to mark when a field shows `error`: the parts the parser found wrong, or all
 * of them when the date itself is fine and the problem is elsewhere ("must be after …").
 */
export function partsInError(value: DateParts | DateTimeParts, error: string | undefined): DateTimePart[] {
  if (!error) return [];
  const withTime = "time" in value;
  const r = withTime ? checkDateTime(value, "Date", { required: true }) : checkDate(value, "Date", { required: true });
  if (!r.ok) return r.parts;
  return withTime ? [...DATE_PARTS, "time"] : [...DATE_PARTS];
}

/** The box an error summary links to: the first one in error. */
export function firstPartInError(value: DateParts | DateTimeParts, error: string | undefined): DateTimePart {
  const parts = partsInError(value, error);
  return (["day", "month", "year", "time"] as const).find((p) => parts.includes(p)) ?? "day";
}

// ---------------------------------------------------------------------------------------
// zod, for the forms' schemas. The issue's path names the box (["reviewBy", "month"]), and
// the first path element is the field, as every form's error helper expects.

const datePartsShape = z.object({ day: z.string(), month: z.string(), year: z.string() });
const dateTimePartsShape = datePartsShape.extend({ time: z.string() });

function boxesSchema<Parts extends DateParts>(shape: z.ZodType<Parts>, check: (parts: Parts) => DateCheck) {
  return shape.transform((parts, ctx): string | null => {
    const r = check(parts);
    if (r.ok) return r.value;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.message, path: [r.parts[0]] });
    return z.NEVER;
  });
}

/** Boxes → "YYYY-MM-DD" | null, with messages that name the part. */
export const dateInput = (label: string, options: DateOptions = {}) => boxesSchema(datePartsShape, (parts) => checkDate(parts, label, options));

/** Boxes → UTC ISO instant | null (UK wall-clock time), with messages that name the part. */
export const dateTimeInput = (label: string, options: DateOptions = {}) =>
  boxesSchema(dateTimePartsShape, (parts) => checkDateTime(parts, label, options));
