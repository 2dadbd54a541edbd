import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, isoDay, isPastDay, lastDayBefore, relativeToNow, ukTodayIso } from "~/utils/dates";

const now = new Date("2026-11-20T10:00:00Z");

describe("dates as staff read them", () => {
  it.each([
    ["2026-03-12", "12 March 2026"],
    ["2026-03-29T23:30:00Z", "30 March 2026"], // British Summer Time has started: 00:30 on the 30th
    ["not a date", ""],
    [null, ""],
  ])("formatDate(%j) = %j", (value, expected) => {
    expect(formatDate(value)).toBe(expected);
  });

  it("gives a time for instants only", () => {
    expect(formatDateTime("2026-11-20T09:05:00Z")).toBe("20 November 2026 at 9:05am");
    expect(formatDateTime("2026-11-20")).toBe("20 November 2026");
  });

  it.each([
    ["2026-11-20", "today"],
    ["2026-11-17", "3 days ago"],
    ["2025-09-20", "14 months ago"],
    ["2024-05-01", "2 years ago"],
    ["2026-12-04", "in 14 days"],
  ])("relativeToNow(%j) = %j", (value, expected) => {
    expect(relativeToNow(value, now)).toBe(expected);
  });

  it("counts review-by day itself as in date", () => {
    expect(isPastDay("2026-11-20", now)).toBe(false);
    expect(isPastDay("2026-11-19", now)).toBe(true);
    expect(isPastDay(null, now)).toBe(false);
    expect(ukTodayIso(now)).toBe("2026-11-20");
  });

  it.each([
    ["2027-02-01T00:00:00.000Z", "2027-01-31"], // midnight in winter: the day before
    ["2026-07-01T23:00:00.000Z", "2026-07-01"], // midnight starting 2 July, British Summer Time
    ["2026-12-02T15:30:00.000Z", "2026-12-02"],
    ["2026-12-02", "2026-12-02"],
    [null, ""],
  ])("lastDayBefore(%j) = %j", (value, expected) => {
    expect(lastDayBefore(value)).toBe(expected);
  });
});

describe("times around noon and midnight", () => {
  it("shows 12:58 pm and 12:30 am the way browsers do, so pages hydrate without a mismatch", async () => {
    const { formatDateTime } = await import("~/utils/dates");
    expect(formatDateTime("2026-11-25T12:58:00Z")).toContain("at 12:58pm");
    expect(formatDateTime("2026-11-25T00:30:00Z")).toContain("at 12:30am");
  });
});

describe("remembered results", () => {
  it("ukTodayIso turns over exactly at UK midnight, summer and winter, however often it is asked", () => {
    for (let i = 0; i < 3; i++) {
      expect(ukTodayIso(new Date("2026-06-30T22:59:00.000Z"))).toBe("2026-06-30");
      expect(ukTodayIso(new Date("2026-06-30T22:59:59.999Z"))).toBe("2026-06-30");
      expect(ukTodayIso(new Date("2026-06-30T23:00:00.000Z"))).toBe("2026-07-01");
      expect(ukTodayIso(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12-31");
      expect(ukTodayIso(new Date("2027-01-01T00:00:00.000Z"))).toBe("2027-01-01");
    }
  });

  it("formatDate and isoDay give the same answer the second time, for days and instants", () => {
    for (let i = 0; i < 2; i++) {
      expect(formatDate("2026-03-12")).toBe("12 March 2026");
      expect(formatDate("2026-06-30T23:30:00.000Z")).toBe("1 July 2026");
      expect(isoDay("2026-06-30T23:30:00.000Z")).toBe("2026-07-01");
      expect(isoDay("not a date")).toBe("");
      expect(formatDate("not a date")).toBe("");
    }
  });
});
