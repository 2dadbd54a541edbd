/**
 * The demo council's training programme (issue 19), added once on the start that creates the
 * demo accounts, through the real commands: a cascade workshop held three weeks ago with some
 * team sessions held, one arranged and some still to come; 13 events over the next two months
 * of every kind (two full with a waiting list, one needing approval); and two learning paths
 * ("New knowledge champion" and a required "Induction") with people enrolled and progressed.
 * Dates are relative to the day it runs.
 */
import { visibleItemsSql } from "~/access/audience.server";
import type { Actor } from "~/access/permissions.server";
import { listDepartments } from "~/models/department.server";
import { findEvent } from "~/models/event.server";
import { listGuideChoices, listPaths } from "~/models/learning-path.server";
import { findPersonByEmail } from "~/models/ownership.server";
import { londonToUtc } from "~/schemas/content-dates";
import { getDb } from "~/utils/db.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import type { EventType } from "~/utils/event-types";
import { log } from "~/utils/log.server";
import { bookEvent, createCascadeSession, saveEvent, saveRegister, type EventInput } from "./events.server";
import { addStep, confirmGuideStep, confirmTaskStep, enrolSelf, enrolTeamMember, savePath } from "./learning-paths.server";
import { listSteps } from "~/models/learning-path.server";

const WRITING = `A practical half day for knowledge champions and key staff: how to write a guide people can act on.

- Start with the task, not the background
- Plain English: short sentences, everyday words
- Headings people can scan, steps they can follow
- Keeping it current: owners, review dates and the review queue

**This workshop starts a skills cascade:** afterwards, run a 45-minute session for your own team within six weeks (one click from the workshop's page makes it, with these notes as the materials).`;

type Planned = { type: EventType; title: string; day: number; hour: number; hours?: number; capacity?: number; place?: string; online?: boolean; approval?: boolean; description: string; bookers?: string[] };

const PROGRAMME: Planned[] = [
  { type: "training", title: "Safeguarding adults: level 1 refresher", day: 3, hour: 10, hours: 3, capacity: 3, place: "Civic Centre, committee room 1", description: "The council's annual refresher: recognising abuse and neglect, and making a referral.", bookers: ["daniel.kowalski", "chloe.evans", "amara.okafor", "staff", "ryan.murphy"] },
  { type: "webinar", title: "Getting the most from the intranet search", day: 5, hour: 13, hours: 1, online: true, description: "Twenty minutes on finding things fast, then questions.", bookers: ["staff", "ben.carter", "owen.griffiths"] },
  { type: "briefing", title: "Welcome briefing for new starters", day: 8, hour: 9, hours: 2, capacity: 30, place: "Civic Centre, council chamber", description: "Who we are, how the council works, and where to find help. Part of the Induction learning path.", bookers: ["jordan.clarke", "ella.hughes"] },
  { type: "workshop", title: "Writing good guides (next run)", day: 12, hour: 10, hours: 3, capacity: 12, place: "Civic Centre, room 2", description: WRITING, bookers: ["megan.lloyd", "zainab.yusuf", "nadia.ali"] },
  { type: "drop-in", title: "Digital skills drop-in", day: 15, hour: 12, hours: 2, place: "Riverside Library, study room", description: "Bring your laptop or phone and a question: email, Teams, the intranet, passwords." },
  { type: "training", title: "Handling complaints well", day: 19, hour: 10, hours: 3, capacity: 4, place: "Depot, training room", description: "Listening, putting things right, and the complaints procedure's time limits.", bookers: ["jordan.clarke", "staff", "ryan.murphy", "liam.oconnor", "kevin.doyle", "ella.hughes"] },
  { type: "webinar", title: "Budget setting for budget holders", day: 22, hour: 14, hours: 1, online: true, description: "Finance walk through this year's timetable and templates." },
  { type: "training", title: "Lone working and personal safety", day: 26, hour: 9, hours: 3, capacity: 15, place: "Depot, training room", approval: true, description: "For staff who visit residents or work alone. Managers approve each place.", bookers: ["jordan.clarke", "amara.okafor"] },
  { type: "briefing", title: "Planning changes: what the new local plan means", day: 30, hour: 11, hours: 1, capacity: 40, place: "Civic Centre, council chamber", description: "The head of planning on the new local plan and what changes for each service." },
  { type: "drop-in", title: "Pensions drop-in", day: 36, hour: 12, hours: 2, place: "Civic Centre, room 4", description: "Talk to the pensions team about your pension, one to one." },
  { type: "workshop", title: "Plain English for letters", day: 43, hour: 10, hours: 3, capacity: 10, place: "Civic Centre, room 2", description: "Rewrite a real letter from your service in plain English." },
  { type: "training", title: "Data protection essentials", day: 50, hour: 10, hours: 2, capacity: 20, online: true, description: "What personal data is, sharing it safely, and reporting a breach." },
  { type: "webinar", title: "Welcome briefing for new starters (online)", day: 57, hour: 10, hours: 1, online: true, description: "The welcome briefing online, for staff who cannot come to the Civic Centre." },
];

const email = (handle: string) => `${handle}@riverside.gov.uk`;

export async function seedDemoLearning(now = new Date()): Promise<void> {
  const db = await getDb();
  if ((await listPaths(db)).length > 0) return;
  const people = new Map<string, Actor>();
  const who = async (handle: string): Promise<Actor | undefined> => {
    if (!people.has(handle)) {
      const p = await findPersonByEmail(db, email(handle));
      if (p) people.set(handle, { ...p, grants: [] });
    }
    return people.get(handle);
  };
  const comms = await who("comms");
  if (!comms) return;
  const today = ukTodayIso(now);
  const ukTime = (days: number, hour: number) => {
    const day = addDays(today, days);
    return londonToUtc(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), hour).toISOString();
  };
  const departments = await listDepartments(db);
  const deptOf = (slug: string) => departments.find((d) => d.slug === slug)?.id ?? null;
  const base = (p: Partial<EventInput>): EventInput => ({
    type: "training", title: "", descriptionMd: "", startsAt: ukTime(1, 10), endsAt: ukTime(1, 11), allDay: false, place: "", onlineUrl: "", departmentId: null,
    capacity: null, audience: "everyone", bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false, status: "published", cascadeWeeks: null,
    cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [], audienceRoles: [], ...p,
  });
  const book = async (eventId: number, handles: string[]) => {
    for (const h of handles) {
      const p = await who(h);
      if (p) await bookEvent(p, eventId, now).catch(() => undefined);
    }
  };
  /** Moves an event (booked while it was ahead) to its real, past time, and takes its register. */
  const holdInPast = async (actor: Actor, id: number, days: number, hour: number, hours: number, came: string[]) => {
    const e = (await findEvent(db, id))!;
    await saveEvent(actor, id, { ...e, startsAt: ukTime(days, hour), endsAt: ukTime(days, hour + hours), status: "published" }, now);
    const ids = (await Promise.all(came.map(who))).flatMap((p) => (p ? [p.id] : []));
    await saveRegister(actor, id, ids, now);
  };

  try {
    // The cascade: the writing workshop three weeks ago; five key staff came.
    const trained = ["champion", "grace.mensah", "sophie.turner", "kevin.doyle", "tom.reed"];
    const workshop = await saveEvent(comms, null, base({
      type: "workshop", title: "Writing good guides: train the trainer", descriptionMd: WRITING, startsAt: ukTime(1, 10), endsAt: ukTime(1, 13),
      place: "Civic Centre, room 2", capacity: 12, cascadeWeeks: 6,
    }), now);
    await book(workshop, trained);
    await holdInPast(comms, workshop, -21, 10, 3, trained);
    // Team sessions: two held, one arranged, one draft, one not started.
    const teamSession = async (handle: string, days: number, status: "draft" | "published", came: string[]) => {
      const organiser = await who(handle);
      if (!organiser) return;
      const id = await createCascadeSession(organiser, workshop, now);
      const e = (await findEvent(db, id))!;
      await saveEvent(organiser, id, { ...e, startsAt: ukTime(Math.max(days, 1), 14), endsAt: ukTime(Math.max(days, 1), 15), place: "Team room", status }, now);
      if (days < 0) {
        await book(id, came);
        await holdInPast(organiser, id, days, 14, 1, came);
      }
    };
    await teamSession("champion", -10, "published", ["amara.okafor", "liam.oconnor", "manager"]);
    await teamSession("grace.mensah", -4, "published", ["daniel.kowalski", "helen.barker"]);
    await teamSession("sophie.turner", 6, "published", []);
    await teamSession("kevin.doyle", 9, "draft", []);

    // The programme: 13 events over the next two months.
    for (const e of PROGRAMME) {
      const id = await saveEvent(comms, null, base({
        type: e.type, title: e.title, descriptionMd: e.description, startsAt: ukTime(e.day, e.hour), endsAt: ukTime(e.day, e.hour + (e.hours ?? 1)),
        place: e.place ?? "", onlineUrl: e.online ? "https://meet.riverside.gov.uk/training" : "", capacity: e.capacity ?? null, requiresApproval: e.approval ?? false,
        departmentId: e.title.startsWith("Planning") ? deptOf("planning") : null,
      }), now);
      await book(id, e.bookers ?? []);
    }

    // Learning paths.
    const guides = await listGuideChoices(db, visibleItemsSql(comms));
    const guide = (slug: string) => guides.find((g) => g.slug === slug)?.id ?? null;
    const champPath = await savePath(comms, null, {
      title: "New knowledge champion", descriptionMd: "For newly nominated knowledge champions: how we write, where guides live, and your first guide from draft to published.",
      required: false, audience: "roles", audienceDepartmentIds: [], audienceRoles: ["champion", "manager", "comms"], status: "published",
    }, now);
    for (const slug of ["accessible-documents", "new-starter-checklist", "handle-an-foi-request", "report-a-data-breach"]) {
      const id = guide(slug);
      if (id) await addStep(comms, champPath, { kind: "guide", title: "", itemId: id, eventType: null, task: null }, now);
    }
    await addStep(comms, champPath, { kind: "event", title: "Attend the writing workshop", itemId: null, eventType: "workshop", task: null }, now);
    await addStep(comms, champPath, { kind: "task", title: "Publish your first guide", itemId: null, eventType: null, task: "publish-guide" }, now);
    await addStep(comms, champPath, { kind: "task", title: "Have it reviewed by the comms team", itemId: null, eventType: null, task: "guide-reviewed" }, now);

    const induction = await savePath(comms, null, {
      title: "Induction", descriptionMd: "Everyone's first weeks at Riverside: the essentials to read, the welcome briefing, and a first one-to-one.",
      required: true, audience: "everyone", audienceDepartmentIds: [], audienceRoles: [], status: "published",
    }, now);
    for (const slug of ["set-up-mfa", "book-annual-leave", "working-from-home-setup"]) {
      const id = guide(slug);
      if (id) await addStep(comms, induction, { kind: "guide", title: "", itemId: id, eventType: null, task: null }, now);
    }
    await addStep(comms, induction, { kind: "event", title: "Attend a welcome briefing", itemId: null, eventType: "briefing", task: null }, now);
    await addStep(comms, induction, { kind: "task", title: "Have a first one-to-one with your manager", itemId: null, eventType: null, task: "confirm" }, now);

    // People on the paths, with what they have done.
    const progress = async (handle: string, pathId: number, guidesRead: number, tasks = false) => {
      const p = await who(handle);
      if (!p) return;
      const steps = await listSteps(db, [pathId]);
      const skip = (err: unknown) => log.warn("demo path progress not added", { handle, err: String(err) });
      for (const s of steps.filter((x) => x.kind === "guide").slice(0, guidesRead)) await confirmGuideStep(p, pathId, s.id, now).catch(skip);
      if (tasks) for (const s of steps.filter((x) => x.kind === "task" && x.task === "confirm")) await confirmTaskStep(p, pathId, s.id, now).catch(skip);
    };
    // The Housing manager put the champion in their team on the path (the directory's reporting line);
    // three other champions enrolled themselves.
    const manager = await who("manager");
    const champion = await who("champion");
    if (manager && champion) await enrolTeamMember(manager, champPath, champion.id, now).catch((err: unknown) => log.warn("demo enrolment by a manager not added", { err: String(err) }));
    await progress("champion", champPath, 3);
    for (const [handle, read] of [["megan.lloyd", 1], ["kevin.doyle", 4], ["sophie.turner", 0]] as const) {
      const p = await who(handle);
      if (!p) continue;
      await enrolSelf(p, champPath, now);
      await progress(handle, champPath, read);
    }
    await progress("staff", induction, 3, true);
    await progress("jordan.clarke", induction, 2);
    await progress("amara.okafor", induction, 1, true);
    await progress("ella.hughes", induction, 3);
  } catch (err) {
    log.warn("demo training programme not complete", { err: String(err) });
  }
}
