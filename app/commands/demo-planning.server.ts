/**
 * The demo council's planning desk, added once on the start that creates the demo accounts:
 * two campaigns in progress (one on track, one behind), one finished with its report, six
 * requests from services in different states (one with a file), a drop-in event in the phishing
 * campaign with a sign-up target, and a register of eight public accounts of
 * which two need attention. Dates are relative to the day it runs.
 */
import { hasAnyCampaign } from "~/models/campaign.server";
import { listActiveByRole, findPersonByEmail } from "~/models/ownership.server";
import { listDepartments } from "~/models/department.server";
import { getDb } from "~/utils/db.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import { log } from "~/utils/log.server";
import { addItem, addTarget, saveCampaign } from "./campaigns.server";
import { addCommsMessage, answerDraft, attachToCommsRequest, changeCommsRequestStatus, checkRequestFiles, createCommsRequest, shareDraft } from "./comms-requests.server";
import { bookEvent, saveEvent } from "./events.server";
import { londonToUtc } from "~/schemas/content-dates";
import type { Measure } from "~/presenters/campaign.server";
import { savePublicAccount } from "./public-accounts.server";


export async function seedDemoPlanning(now = new Date()): Promise<void> {
  const db = await getDb();
  if (await hasAnyCampaign(db)) return;
  const comms = await findPersonByEmail(db, "comms@riverside.gov.uk");
  const staff = await findPersonByEmail(db, "staff@riverside.gov.uk");
  const manager = await findPersonByEmail(db, "manager@riverside.gov.uk");
  if (!comms || !staff || !manager) return;
  const actor = (p: NonNullable<typeof comms>) => ({ ...p, grants: [] });
  const today = ukTodayIso(now);
  const departments = await listDepartments(db);
  const slug = (id: number | null) => departments.find((d) => d.id === id)?.slug ?? "";

  // A drop-in session that belongs to the phishing campaign, with a few places taken.
  const dropInDay = addDays(today, 4);
  const ukTime = (day: string, hour: number) => londonToUtc(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), hour).toISOString();
  const dropIn = await saveEvent(actor(comms), null, {
    type: "drop-in", title: "Phishing drop-in: bring your questions", descriptionMd: "Bring a suspicious email (forwarded, not opened) and we will look at it together. No need to stay for the whole hour.",
    startsAt: ukTime(dropInDay, 12), endsAt: ukTime(dropInDay, 13), allDay: false, place: "Civic Centre, Room 2", onlineUrl: "",
    departmentId: null, capacity: 20, audience: "everyone", bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false, status: "published",
    cascadeWeeks: null, cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [], audienceRoles: [],
  }, now).catch((err: unknown) => log.warn("demo drop-in not added", { err: String(err) }));
  if (typeof dropIn === "number") for (const person of [staff, manager]) await bookEvent(actor(person), dropIn, now).catch(() => undefined);

  const campaign = async (form: Parameters<typeof saveCampaign>[2], items: string[], targets: { measure: Measure; value: number; dueOn: string }[]) => {
    const saved = await saveCampaign(actor(comms), null, form, now);
    if (!saved.ok) return log.warn("demo campaign not added", { name: form.name, errors: saved.errors });
    for (const address of items) await addItem(actor(comms), saved.id, address, now);
    for (const t of targets) await addTarget(actor(comms), saved.id, t, now);
  };
  const base = { audienceDepartments: [] as string[], audienceRoles: [] as never[], owner: "comms@riverside.gov.uk", department: "", searchTerms: "" };
  await campaign(
    { ...base, name: "Lone working: the new policy and app", objective: "Everyone who works alone knows the new policy and uses the lone-working app.", audience: "everyone", startsOn: addDays(today, -20), endsOn: addDays(today, 25), searchTerms: "lone working, lone worker, panic alarm" },
    ["/policies/lone-working", "/announcements/new-lone-working-app", "/guides/report-a-lone-working-incident"],
    [{ measure: "reach", value: 20, dueOn: addDays(today, 25) }, { measure: "searches", value: 5, dueOn: addDays(today, 25) }],
  );
  await campaign(
    { ...base, name: "Phishing: think before you click", objective: "Every member of staff confirms they know how to spot and report a phishing email.", audience: "everyone", startsOn: addDays(today, -40), endsOn: addDays(today, 6), searchTerms: "phishing, scam email" },
    ["/announcements/phishing-warning-fake-payroll-emails", "/guides/report-a-data-breach", "/policies/data-breach-reporting", ...(typeof dropIn === "number" ? [`/events/${dropIn}`] : [])],
    [{ measure: "confirmations", value: 95, dueOn: addDays(today, 6) }, { measure: "helpful", value: 80, dueOn: addDays(today, 6) }, ...(typeof dropIn === "number" ? [{ measure: "signups" as const, value: 10, dueOn: addDays(today, 6) }] : [])],
  );
  await campaign(
    { ...base, name: "Flu jabs 2026", objective: "Frontline staff book their free flu jab before December.", audience: "everyone", startsOn: addDays(today, -75), endsOn: addDays(today, -8) },
    ["/announcements/flu-jabs-2026"],
    [{ measure: "reach", value: 10, dueOn: addDays(today, -8) }],
  );

  const request = async (who: NonNullable<typeof staff>, input: Parameters<typeof createCommsRequest>[1]) => createCommsRequest(actor(who), input, now);
  const service = { links: "", involvesCouncillors: false, involvesPersonalData: false, involvesConsultation: false };
  const r1 = await request(staff, { ...service, kind: "press-release", title: "Riverside Park playground reopens", whatAndWhy: "The playground reopens after the flood repairs. We want families to know it is safe and open again.", audience: "Families in Riverside and Marsh wards", keyDates: "Reopens on the first Saturday of next month", serviceApprover: "Head of Parks and Open Spaces", departmentId: staff.departmentId });
  const r2 = await request(manager, { ...service, kind: "social-media", title: "Winter gritting routes", whatAndWhy: "Tell residents which roads we grit first and where the grit bins are.", audience: "Residents and drivers", keyDates: "Before the first frost", serviceApprover: "Highways manager", departmentId: manager.departmentId });
  const r3 = await request(staff, { ...service, kind: "web-update", title: "New opening hours for the civic centre reception", whatAndWhy: "The reception opens at 9am instead of 8.30am from January.", audience: "Residents who visit the civic centre", keyDates: "From 5 January", serviceApprover: "Customer services manager", departmentId: staff.departmentId });
  const r4 = await request(manager, { ...service, involvesConsultation: true, kind: "internal-campaign", title: "Staff survey 2027", whatAndWhy: "We want every team to take part in the staff survey so we can act on what people tell us.", audience: "All staff", keyDates: "Survey open for three weeks in February", serviceApprover: "Director of People", departmentId: manager.departmentId });
  const r5 = await request(staff, { ...service, involvesCouncillors: true, kind: "press-release", title: "Ward councillor opens the new community hub", whatAndWhy: "Photo opportunity with the ward councillor at the hub opening.", audience: "Local press", keyDates: "Next month", serviceApprover: "Community services manager", departmentId: staff.departmentId });
  await request(manager, { ...service, kind: "social-media", title: "Garden waste collections pause over Christmas", whatAndWhy: "Remind residents that garden waste is not collected for two weeks.", audience: "Residents who pay for garden waste collection", keyDates: "Two weeks before Christmas", serviceApprover: "Waste services manager", departmentId: manager.departmentId });
  const team = actor(comms);
  const brief = await checkRequestFiles([{ fileName: "playground-reopening-brief.txt", bytes: Buffer.from("Playground reopening\n\nWhat: the Riverside Park playground reopens after flood repairs.\nNew: safety surfacing, a wheelchair-accessible roundabout.\nContact: Parks and Open Spaces.\n") }]);
  if (brief.ok) await attachToCommsRequest(actor(staff), r1, brief.files, now);
  await changeCommsRequestStatus(team, r1, { status: "in-progress", scheduledFor: null, declineReason: "", note: "I will draft this today.", assignToMe: true }, now);
  await shareDraft(team, r1, "Riverside Park’s playground reopens on Saturday after repairs to flood damage. New safety surfacing and a wheelchair-accessible roundabout have been added.", now);
  await changeCommsRequestStatus(team, r2, { status: "in-progress", scheduledFor: null, declineReason: "", note: "", assignToMe: true }, now);
  await shareDraft(team, r2, "We grit the main routes first: bus routes, hospital and school roads. Grit bins: see the map on our website.", now);
  await answerDraft(actor(manager), r2, "approved", "Approved by the highways manager.", now);
  await changeCommsRequestStatus(team, r2, { status: "scheduled", scheduledFor: addDays(today, 3), declineReason: "", note: "Scheduled for the first cold morning forecast.", assignToMe: false }, now);
  await changeCommsRequestStatus(team, r3, { status: "done", scheduledFor: null, declineReason: "", note: "The web page is updated.", assignToMe: true }, now);
  await addCommsMessage(actor(manager), r4, "Could we also put posters in the depots? Many of our crews do not read email.", now);
  await changeCommsRequestStatus(team, r5, { status: "declined", scheduledFor: null, declineReason: "The opening falls in the pre-election period: publicity featuring a ward councillor is not allowed then. We can publicise the hub without the councillor.", note: "", assignToMe: true }, now);

  const holders = (await listActiveByRole(db, "comms")).concat(await listActiveByRole(db, "admin"));
  const h1 = holders[0]?.email ?? "";
  const h2 = holders[1]?.email ?? "";
  const reviewed = addDays(today, -40);
  const accounts: [string, string, string, boolean, string | null, boolean][] = [
    ["Facebook", "@RiversideCouncil", "", true, reviewed, true],
    ["X", "@RiversideBC", "", true, reviewed, true],
    ["Instagram", "@riverside_council", "", true, reviewed, true],
    ["LinkedIn", "Riverside Borough Council", "", true, reviewed, true],
    ["YouTube", "Riverside Council", "", true, reviewed, true],
    ["Nextdoor", "Riverside Borough Council", "", true, reviewed, true],
    ["Facebook", "@RiversideLibraries", slug(staff.departmentId), false, null, false],
    ["Instagram", "@RiversideParks", slug(manager.departmentId), true, addDays(today, -300), false],
  ];
  for (const [platform, handle, department, twoFactor, lastReviewedOn, two] of accounts)
    await savePublicAccount(team, null, { platform, handle, address: "", department, holder1: h1, holder2: two ? h2 : "", twoFactor, lastReviewedOn }, now);
  log.info("demo planning desk added", { campaigns: 3, requests: 6, accounts: accounts.length });
}
