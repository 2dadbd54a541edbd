/**
 * Events and booking (issue 19): capacity, the waiting list and its promotion (also under
 * concurrent bookings), approval, booking windows, the audience rule, cancellation,
 * attendance and anonymous feedback; confirmations and the day-before reminder read back
 * from a real local SMTP server; the .ics file parsed by ical.js.
 */
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addWalkIn, bookEvent, cancelBooking, createCascadeSession, cancelEvent, decideBooking, leaveEventFeedback, saveEvent, saveRegister, sendEventReminders, type EventInput,
} from "~/commands/events.server";
import { deliverDueMessages } from "~/commands/deliver.server";
import { findEvent } from "~/models/event.server";
import { findBooking, listEventBookings, listEventFeedback } from "~/models/event-booking.server";
import { eventIcs, personalCalendar } from "~/presenters/calendar.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { startSmtp, type TestSmtp } from "../delivery/smtp";
import { buildOrg, person, viewerOf } from "../delivery/org";

let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof buildOrg>>;
const NOW = new Date("2027-03-01T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "Riverside intranet <intranet@riverside.test>" });
  resetEnvForTests();
  org = await buildOrg();
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

function input(overrides: Partial<EventInput> = {}): EventInput {
  return {
    type: "workshop", title: "Plain English workshop", descriptionMd: "Write **clearly**.", startsAt: "2027-03-10T10:00:00.000Z", endsAt: "2027-03-10T12:00:00.000Z",
    allDay: false, place: "Civic Centre, room 2", onlineUrl: "", departmentId: org.departments.housing.id, capacity: 2, audience: "everyone",
    bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false, status: "published", cascadeWeeks: null, cascadeParentId: null,
    coOrganiserIds: [], audienceDepartmentIds: [], audienceRoles: [], ...overrides,
  };
}

async function organiser() {
  return viewerOf(await person(org.departments.housing.id, "manager", "Olive Organiser"));
}

async function drain(now: Date) {
  const before = smtp.received.length;
  await deliverDueMessages({ now });
  return smtp.received.slice(before);
}

describe("booking", () => {
  it("gives places up to capacity, then the waiting list; a cancelled place goes to the first waiting, who is told", async () => {
    const o = await organiser();
    const id = await saveEvent(o, null, input(), NOW);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map((n) => person(org.departments.planning.id, "staff", `Booker ${n}`)));
    expect(await bookEvent(viewerOf(a), id, NOW)).toBe("booked");
    expect(await bookEvent(viewerOf(b), id, NOW)).toBe("booked");
    expect(await bookEvent(viewerOf(c), id, NOW)).toBe("waiting");
    expect(await bookEvent(viewerOf(d), id, NOW)).toBe("waiting");
    expect(await bookEvent(viewerOf(c), id, NOW), "booking twice changes nothing").toBe("waiting");
    await drain(NOW);
    expect(await cancelBooking(viewerOf(a), id, NOW)).toEqual([c.id]);
    expect((await findBooking(await db(), id, c.id))!.status).toBe("booked");
    expect((await findBooking(await db(), id, d.id))!.status).toBe("waiting");
    const mail = await drain(NOW);
    expect(mail.map((m) => [m.envelopeTo[0], m.mail.subject])).toEqual([[c.email, "A place came up: Plain English workshop"]]);
  });

  it("two people booking the last place at once: exactly one gets it", async () => {
    const o = await organiser();
    for (let round = 0; round < 5; round++) {
      const id = await saveEvent(o, null, input({ capacity: 1, title: `Last place ${round}` }), NOW);
      const people = await Promise.all([1, 2, 3].map((n) => person(org.departments.waste.id, "staff", `Racer ${round}-${n}`)));
      const results = await Promise.all(people.map((p) => bookEvent(viewerOf(p), id, NOW)));
      expect(results.filter((r) => r === "booked")).toHaveLength(1);
      expect(results.filter((r) => r === "waiting")).toHaveLength(2);
      expect((await findEvent(await db(), id))!.booked).toBe(1);
    }
  });

  it("asks the organiser to approve when the event needs it; approval gives a place or the waiting list", async () => {
    const o = await organiser();
    const id = await saveEvent(o, null, input({ capacity: 1, requiresApproval: true, title: "Approval needed" }), NOW);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => person(org.departments.planning.id)));
    expect(await bookEvent(viewerOf(a), id, NOW)).toBe("pending");
    expect(await bookEvent(viewerOf(b), id, NOW)).toBe("pending");
    expect(await bookEvent(viewerOf(c), id, NOW)).toBe("pending");
    const rows = await listEventBookings(await db(), id);
    const bookingOf = (u: { id: number }) => rows.find((r) => r.userId === u.id)!.id;
    await expect(decideBooking(viewerOf(a), id, bookingOf(b), true, NOW), "only organisers decide").rejects.toThrow(/could not find/);
    expect(await decideBooking(o, id, bookingOf(a), true, NOW)).toBe("booked");
    expect(await decideBooking(o, id, bookingOf(b), true, NOW)).toBe("waiting");
    expect(await decideBooking(o, id, bookingOf(c), false, NOW)).toBe("declined");
    await expect(bookEvent(viewerOf(c), id, NOW)).rejects.toThrow(/did not approve/);
  });

  it("closes at the set time, before opening, once started, and for drafts and cancelled events", async () => {
    const o = await organiser();
    const p = viewerOf(await person(org.departments.planning.id));
    const closed = await saveEvent(o, null, input({ bookingClosesAt: "2027-03-01T09:00:00.000Z" }), NOW);
    await expect(bookEvent(p, closed, NOW)).rejects.toThrow("Booking has closed.");
    const later = await saveEvent(o, null, input({ bookingOpensAt: "2027-03-02T09:00:00.000Z" }), NOW);
    await expect(bookEvent(p, later, NOW)).rejects.toThrow(/Booking opens/);
    const past = await saveEvent(o, null, input({ startsAt: "2027-02-01T10:00:00.000Z", endsAt: "2027-02-01T11:00:00.000Z" }), NOW);
    await expect(bookEvent(p, past, NOW)).rejects.toThrow(/started or finished/);
    const draft = await saveEvent(o, null, input({ status: "draft" }), NOW);
    await expect(bookEvent(p, draft, NOW)).rejects.toThrow(/could not find/);
  });

  it("uses the items' audience rule: people outside a department-only event cannot see or book it", async () => {
    const o = await organiser();
    const id = await saveEvent(o, null, input({ audience: "departments", audienceDepartmentIds: [org.departments.housing.id] }), NOW);
    await expect(bookEvent(viewerOf(await person(org.departments.planning.id)), id, NOW)).rejects.toThrow(/could not find/);
    expect(await bookEvent(viewerOf(await person(org.departments.housing.id)), id, NOW)).toBe("booked");
    expect(await bookEvent(viewerOf(await person(org.departments.planning.id, "comms")), id, NOW)).toBe("booked");
  });
});

describe("email through the outbox (local SMTP server)", () => {
  it("confirms bookings, reminds the day before once, and tells everyone booked when the event is cancelled", async () => {
    const o = await organiser();
    const id = await saveEvent(o, null, input({ title: "Records training", capacity: 1, startsAt: "2027-03-02T14:00:00.000Z", endsAt: "2027-03-02T15:00:00.000Z" }), NOW);
    const [a, b] = await Promise.all([1, 2].map(() => person(org.departments.waste.id)));
    await bookEvent(viewerOf(a), id, NOW);
    await bookEvent(viewerOf(b), id, NOW);
    await drain(NOW);
    const confirmations = smtp.received.filter((m) => /Records training/.test(m.mail.subject ?? ""));
    expect(confirmations.map((m) => [m.envelopeTo[0], m.mail.subject])).toEqual([
      [a.email, "You have a place: Records training"],
      [b.email, "You are on the waiting list: Records training"],
    ]);
    expect(confirmations[0].mail.text).toContain("http://intranet.test/events/");

    expect(await sendEventReminders(new Date("2027-02-27T10:00:00Z")), "not yet: three days before").toBe(0);
    const dayBefore = new Date("2027-03-01T08:00:00Z");
    expect(await sendEventReminders(dayBefore)).toBe(1);
    expect(await sendEventReminders(dayBefore), "once").toBe(0);
    const reminders = await drain(dayBefore);
    expect(reminders.map((m) => [m.envelopeTo[0], m.mail.subject])).toEqual([[a.email, "Tomorrow: Records training"]]);

    expect(await cancelEvent(o, id, "The trainer is ill.", dayBefore)).toBe(2);
    const cancelled = await drain(dayBefore);
    expect(cancelled.map((m) => m.envelopeTo[0]).sort()).toEqual([a.email, b.email].sort());
    expect(cancelled[0].mail.subject).toBe("Cancelled: Records training");
    expect(cancelled[0].mail.text).toContain("The trainer is ill.");
  });
});

describe("register and feedback", () => {
  it("ticks who came, adds walk-ins, and shows feedback without names only to people who came", async () => {
    const o = await organiser();
    const id = await saveEvent(o, null, input({ capacity: 5, title: "Register test" }), NOW);
    const [a, b] = await Promise.all([1, 2].map(() => person(org.departments.planning.id)));
    const walkIn = await person(org.departments.waste.id, "staff", "Walter Walkin");
    await bookEvent(viewerOf(a), id, NOW);
    await bookEvent(viewerOf(b), id, NOW);
    await saveRegister(o, id, [a.id], NOW);
    expect((await addWalkIn(o, id, walkIn.email, NOW)).name).toBe("Walter Walkin");
    await expect(addWalkIn(o, id, "nobody@riverside.test", NOW)).rejects.toThrow(/no one/);
    await expect(saveRegister(viewerOf(a), id, [a.id, b.id], NOW)).rejects.toThrow(/could not find/);
    const rows = await listEventBookings(await db(), id);
    expect(rows.filter((r) => r.attended).map((r) => r.userId)).toEqual([a.id]);

    const after = new Date("2027-03-10T13:00:00Z");
    await expect(leaveEventFeedback(viewerOf(b), id, 5, "Not there", after)).rejects.toThrow(/Only people who came/);
    await expect(leaveEventFeedback(viewerOf(a), id, 4, "Too early", NOW)).rejects.toThrow(/Only people who came/);
    await leaveEventFeedback(viewerOf(a), id, 4, "  Useful examples  ", after);
    await leaveEventFeedback(viewerOf(walkIn), id, 2, "Room too hot", after);
    const feedback = await listEventFeedback(await db(), id);
    expect(feedback).toEqual([{ rating: 2, comment: "Room too hot" }, { rating: 4, comment: "Useful examples" }]);
    for (const f of feedback) expect(Object.keys(f).sort()).toEqual(["comment", "rating"]);
  });
});

describe("iCalendar", () => {
  it("the event file and a personal feed open in ical.js; cancelled events leave the feed", async () => {
    const o = await organiser();
    const timed = (await findEvent(await db(), await saveEvent(o, null, input({ title: "Timed; with, commas" }), NOW)))!;
    const allDay = (await findEvent(await db(), await saveEvent(o, null, input({ title: "Away day", allDay: true, startsAt: "2027-06-14T23:00:00.000Z", endsAt: "2027-06-16T23:00:00.000Z" }), NOW)))!;
    const one = new ICAL.Component(ICAL.parse(eventIcs(timed, "http://intranet.test")));
    const ev = new ICAL.Event(one.getFirstSubcomponent("vevent")!);
    expect(ev.summary).toBe("Timed; with, commas");
    expect(ev.startDate.toJSDate().toISOString()).toBe("2027-03-10T10:00:00.000Z");
    expect(ev.endDate.toJSDate().toISOString()).toBe("2027-03-10T12:00:00.000Z");
    expect(ev.location).toBe("Civic Centre, room 2");

    const cancelledId = await saveEvent(o, null, input({ title: "Will be cancelled" }), NOW);
    await cancelEvent(o, cancelledId, "", NOW);
    const cancelled = (await findEvent(await db(), cancelledId))!;
    const feed = new ICAL.Component(ICAL.parse(personalCalendar([{ event: timed, confirmed: true }, { event: allDay, confirmed: false }, { event: cancelled, confirmed: true }], "http://intranet.test", "My events")));
    const events = feed.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
    expect(events.map((e) => e.summary)).toEqual(["Timed; with, commas", "Away day"]);
    const away = events[1];
    expect(away.startDate.isDate).toBe(true);
    expect(away.startDate.toString()).toBe("2027-06-15");
    expect(away.endDate.toString()).toBe("2027-06-17");
    expect(away.component.getFirstPropertyValue("status")).toBe("TENTATIVE");
    expect(new ICAL.Event(new ICAL.Component(ICAL.parse(eventIcs(cancelled, "http://intranet.test"))).getFirstSubcomponent("vevent")!).component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});

describe("the skills cascade", () => {
  it("one click makes a draft team session with the workshop's materials for the attendee's team; only attendees, once each", async () => {
    const o = await organiser();
    const workshop = await saveEvent(o, null, input({ title: "Plain English: train the trainer", cascadeWeeks: 6, descriptionMd: "Slides: [deck](https://example.test/deck)" }), NOW);
    const trained = await person(org.departments.waste.id, "staff", "Tara Trained");
    const absent = await person(org.departments.waste.id);
    await bookEvent(viewerOf(trained), workshop, NOW);
    await bookEvent(viewerOf(absent), workshop, NOW);
    await saveRegister(o, workshop, [trained.id], NOW);
    const after = new Date("2027-03-11T09:00:00Z");
    await expect(createCascadeSession(viewerOf(absent), workshop, after)).rejects.toThrow(/Only people who came/);
    const id = await createCascadeSession(viewerOf(trained), workshop, after);
    expect(await createCascadeSession(viewerOf(trained), workshop, after)).toBe(id);
    const team = (await findEvent(await db(), id))!;
    expect(team).toMatchObject({
      type: "cascade", status: "draft", cascadeParentId: workshop, organiserId: trained.id, audience: "departments",
      audienceDepartmentIds: [org.departments.waste.id], descriptionMd: "Slides: [deck](https://example.test/deck)", title: "Team session: Plain English: train the trainer",
    });
    expect(team.startsAt).toBe("2027-03-18T10:00:00.000Z");
    // The attendee organises it: they may publish it and take its register.
    await saveEvent(viewerOf(trained), id, { ...input({ type: "cascade", title: team.title, capacity: null, departmentId: org.departments.waste.id, audience: "departments", audienceDepartmentIds: [org.departments.waste.id], cascadeParentId: workshop }), startsAt: team.startsAt, endsAt: team.endsAt }, after);
    await saveRegister(viewerOf(trained), id, [], after);
    expect((await findEvent(await db(), id))!.status).toBe("published");
  });
});

async function db() {
  const { getDb } = await import("~/utils/db.server");
  return getDb();
}

void DAY;
