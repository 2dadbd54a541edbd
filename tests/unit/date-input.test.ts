/**
 * The one date parser behind every date box (schemas/date-input.ts), table-driven: what
 * people type, and the value or the message (with the boxes to mark) it gives.
 */
import { describe, expect, it } from "vitest";
import {
  checkDate, checkDateTime, dateInput, datePartsOf, dateTimeInput, dateTimePartsOf, firstPartInError, formatTime, parseTime, partsInError,
  readDateParts, readDateTimeParts, type DateParts,
} from "~/schemas/date-input";

const d = (day: string, month: string, year: string): DateParts => ({ day, month, year });

describe("checkDate: Day, Month and Year boxes", () => {
  const cases: [name: string, parts: DateParts, expected: string | null | { message: string; parts: string[] }][] = [
    ["a real date", d("27", "3", "2027"), "2027-03-27"],
    ["leading zeros and spaces", d(" 07 ", "03", " 2027"), "2027-03-07"],
    ["29 February in a leap year", d("29", "2", "2028"), "2028-02-29"],
    ["a month name", d("1", "March", "2027"), "2027-03-01"],
    ["a short month name", d("1", "sept", "2027"), "2027-09-01"],
    ["31 February", d("31", "2", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["29 February in a common year", d("29", "2", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["31 April", d("31", "4", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["month 13", d("1", "13", "2027"), { message: "Review date must be a real date", parts: ["month"] }],
    ["day 0", d("0", "3", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["no month", d("27", "", "2027"), { message: "Review date must include a month", parts: ["month"] }],
    ["no day", d("", "3", "2027"), { message: "Review date must include a day", parts: ["day"] }],
    ["no year", d("27", "3", " "), { message: "Review date must include a year", parts: ["year"] }],
    ["no day and month", d("", "", "2027"), { message: "Review date must include a day and month", parts: ["day", "month"] }],
    ["only a year missing its day and month", d("", "", "27"), { message: "Review date must include a day and month", parts: ["day", "month"] }],
    ["a word for the day", d("first", "3", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["a word for the month", d("1", "soon", "2027"), { message: "Review date must be a real date", parts: ["month"] }],
    ["a two-letter month", d("1", "ma", "2027"), { message: "Review date must be a real date", parts: ["month"] }],
    ["a word for the year", d("1", "3", "next"), { message: "Review date must be a real date", parts: ["year"] }],
    ["a decimal day", d("1.5", "3", "2027"), { message: "Review date must be a real date", parts: ["day"] }],
    ["a negative month", d("1", "-3", "2027"), { message: "Review date must be a real date", parts: ["month"] }],
    ["a two-digit year", d("27", "3", "27"), { message: "Review date must include a year with 4 numbers, like 2027", parts: ["year"] }],
    ["a five-digit year", d("27", "3", "20277"), { message: "Review date must include a year with 4 numbers, like 2027", parts: ["year"] }],
    ["a year before 1000", d("27", "3", "0999"), { message: "Review date must be a real date", parts: ["year"] }],
    ["a two-digit year and a bad day", d("32", "3", "27"), { message: "Review date must be a real date", parts: ["day", "year"] }],
    ["everything wrong", d("x", "y", "z"), { message: "Review date must be a real date", parts: ["day", "month", "year"] }],
    ["all empty, optional", d("", "", ""), null],
  ];
  it.each(cases)("%s", (_name, parts, expected) => {
    const r = checkDate(parts, "Review date");
    if (expected === null || typeof expected === "string") expect(r).toEqual({ ok: true, value: expected });
    else expect(r).toEqual({ ok: false, ...expected });
  });

  it("asks for the date when every box is empty and the date is required", () => {
    expect(checkDate(d("", " ", ""), "Review date", { required: true })).toEqual({ ok: false, message: "Enter the review date", parts: ["day", "month", "year"] });
  });
});

describe("checkDateTime: a UK date and a time", () => {
  const at = (day: string, month: string, year: string, time: string) => ({ day, month, year, time });
  it.each([
    ["9:30am in winter (GMT)", at("15", "1", "2027", "9:30am"), "2027-01-15T09:30:00.000Z"],
    ["9:30am in summer (BST)", at("1", "7", "2026", "9:30am"), "2026-07-01T08:30:00.000Z"],
    ["a 24-hour time", at("1", "7", "2026", "14:00"), "2026-07-01T13:00:00.000Z"],
    ["midnight", at("1", "1", "2027", "midnight"), "2027-01-01T00:00:00.000Z"],
    ["the first minute of summer time", at("28", "3", "2027", "2:00am"), "2027-03-28T01:00:00.000Z"],
    ["all empty, optional", at("", "", "", ""), null],
  ])("%s", (_name, parts, value) => {
    expect(checkDateTime(parts, "Publish date and time")).toEqual({ ok: true, value });
  });

  it.each([
    ["a date with no time", at("1", "7", "2026", ""), "Publish date and time must include a time", ["time"]],
    ["a time that is not one", at("1", "7", "2026", "lunchtime"), "Publish date and time must include a real time, like 9:30am or 14:00", ["time"]],
    ["13pm", at("1", "7", "2026", "13pm"), "Publish date and time must include a real time, like 9:30am or 14:00", ["time"]],
    ["a time with no date", at("", "", "", "9am"), "Publish date and time must include a day, month and year", ["day", "month", "year"]],
    ["31 June", at("31", "6", "2026", "9am"), "Publish date and time must be a real date", ["day"]],
  ])("%s", (_name, parts, message, boxes) => {
    expect(checkDateTime(parts, "Publish date and time")).toEqual({ ok: false, message, parts: boxes });
  });
});

describe("parseTime", () => {
  it.each([
    ["9:30am", 9, 30], ["9.30 pm", 21, 30], ["9am", 9, 0], ["9 a.m.", 9, 0], ["12am", 0, 0], ["12pm", 12, 0], ["12:15pm", 12, 15],
    ["14:00", 14, 0], ["09:05", 9, 5], ["0:00", 0, 0], ["1400", 14, 0], ["midday", 12, 0], ["noon", 12, 0], ["12 midnight", 0, 0], [" 5:45PM ", 17, 45],
  ])("%s", (value, hour, minute) => {
    expect(parseTime(value)).toEqual({ hour, minute });
  });
  it.each(["", "9", "24:00", "9:60", "0am", "13pm", "9:3", "nine", "9:30xm", "99999"])("%j is not a time", (value) => {
    expect(parseTime(value)).toBeNull();
  });
});

describe("reading the boxes and filling them again", () => {
  it("reads name-day, name-month and name-year, and keeps what was typed", () => {
    const form = new URLSearchParams({ "reviewBy-day": "31", "reviewBy-month": "Feb", "reviewBy-year": "27" });
    expect(readDateParts(form, "reviewBy")).toEqual({ day: "31", month: "Feb", year: "27" });
    expect(readDateParts(form, "other")).toEqual({ day: "", month: "", year: "" });
  });

  it("reads an address written before the boxes (?from=2026-10-25), and ignores one that is no date", () => {
    expect(readDateParts(new URLSearchParams("from=2026-10-25"), "from")).toEqual({ day: "25", month: "10", year: "2026" });
    expect(readDateParts(new URLSearchParams("from=yesterday"), "from")).toEqual({ day: "", month: "", year: "" });
    expect(readDateTimeParts(new URLSearchParams("publishAt=2026-07-01T09:30"), "publishAt")).toEqual({ day: "01", month: "07", year: "2026", time: "09:30" });
  });

  it("keeps no more than 20 characters of a box", () => {
    expect(readDateParts(new URLSearchParams({ "x-day": "9".repeat(5000) }), "x").day).toHaveLength(20);
  });

  it("fills the boxes from stored values, in UK time, and they read back to the same value", () => {
    expect(datePartsOf("2027-03-07")).toEqual({ day: "7", month: "3", year: "2027" });
    expect(datePartsOf(null)).toEqual({ day: "", month: "", year: "" });
    for (const iso of ["2026-07-01T08:30:00.000Z", "2027-01-01T00:00:00.000Z", "2026-12-31T12:00:00.000Z", "2026-10-25T01:30:00.000Z"]) {
      const parts = dateTimePartsOf(iso);
      expect(checkDateTime(parts, "When")).toEqual({ ok: true, value: iso });
    }
    expect(dateTimePartsOf("2026-07-01T08:30:00.000Z")).toEqual({ day: "1", month: "7", year: "2026", time: "9:30am" });
    expect(formatTime(0, 0)).toBe("midnight");
    expect(formatTime(12, 0)).toBe("midday");
    expect(formatTime(17, 5)).toBe("5:05pm");
  });

  it("marks the boxes that are wrong, or all of them when the problem is elsewhere", () => {
    expect(partsInError(d("27", "", "2027"), "Review date must include a month")).toEqual(["month"]);
    expect(firstPartInError(d("27", "", "2027"), "Review date must include a month")).toBe("month");
    expect(partsInError(d("27", "3", "2027"), "The review-by date must be after the last reviewed date")).toEqual(["day", "month", "year"]);
    expect(partsInError(d("27", "3", "2027"), undefined)).toEqual([]);
  });
});

describe("zod: dateInput and dateTimeInput", () => {
  it("give the value, or an issue whose path names the field and the box", () => {
    expect(dateInput("Effective date").parse(d("1", "4", "2026"))).toBe("2026-04-01");
    const bad = dateInput("Effective date", { required: true }).safeParse(d("1", "", "2026"));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ message: "Effective date must include a month", path: ["month"] });
    expect(dateTimeInput("Publish date and time").parse({ day: "", month: "", year: "", time: "" })).toBeNull();
    expect(dateTimeInput("Publish date and time").safeParse({ day: "1", month: "7", year: "2026" }).success).toBe(false);
  });
});
