/**
 * The demo council's mentoring, thank-you notes and last quarter's league (issue 19,
 * decisions 136–137): content/demo-mentoring.yml written through the real commands, once, on
 * the start that created the demo accounts (days counted back from then). Anything that does
 * not fit (a person the content no longer has) is logged and skipped: the demo still starts.
 * Champions: content/people.yml already has one in every department.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import type { Actor } from "~/access/permissions.server";
import { listDepartments } from "~/models/department.server";
import { countLeagueFigures, saveLeagueSnapshot } from "~/models/league.server";
import { listOpenOffers } from "~/models/mentoring.server";
import { findUserByEmail } from "~/models/user.server";
import { MENTORING_FORMATS } from "~/schemas/mentoring";
import { addDays, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { leagueScore, previousQuarter, quarterOf } from "~/utils/league";
import { log } from "~/utils/log.server";
import { countQuarter } from "./league.server";
import { askForMentor, logMeeting, matchMentoring, saveMentoringOffer, setGoals } from "./mentoring.server";
import { chooseThanks, sendThanks } from "./thanks.server";

export const DEMO_MENTORING_FILE = "demo-mentoring.yml";

const Email = z.string().email();
const Format = z.enum(MENTORING_FORMATS);
const Figures = z.object({
  guides_published: z.number().int().min(0), guides_reviewed_on_time: z.number().int().min(0), requests_answered: z.number().int().min(0),
  helpful_ratings: z.number().int().min(0), training_attendance: z.number().int().min(0), cascade_reach: z.number().int().min(0),
});
const Plan = z.object({
  coordinator: Email,
  offers: z.array(z.object({ by: Email, topics: z.array(z.string()).min(1), capacity: z.number().int().min(1).max(10), format: Format, about: z.string().default("") })).default([]),
  pairs: z.array(z.object({
    mentor: Email, mentee: Email, topic: z.string(), hopes: z.string().default(""), started_days_ago: z.number().int().min(0), goals: z.string().default(""),
    meet_every_days: z.number().int(), logs: z.array(z.object({ by: Email, days_ago: z.number().int().min(0), notes: z.string().default("") })).default([]),
  })).default([]),
  asks: z.array(z.object({ by: Email, topic: z.string(), format: Format, hopes: z.string().default("") })).default([]),
  thanks: z.array(z.object({ from: Email, to: Email, text: z.string(), about: z.string().default(""), show: z.boolean().default(false) })).default([]),
  previous_quarter: z.record(z.string(), Figures).default({}),
});

export type DemoMentoringReport = { offers: number; pairs: number; logs: number; asks: number; thanks: number; leagueDepartments: number; skipped: number };

export async function seedDemoMentoring(contentDir = getEnv().CONTENT_DIR, now = new Date()): Promise<DemoMentoringReport | null> {
  if (getEnv().DEMO !== "true") return null;
  const file = path.join(contentDir, DEMO_MENTORING_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = Plan.safeParse(YAML.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    log.error("demo mentoring not written", { file, error: `${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}` });
    return null;
  }
  const db = await getDb();
  if ((await listOpenOffers(db)).length > 0) return null;
  const plan = parsed.data;
  const report: DemoMentoringReport = { offers: 0, pairs: 0, logs: 0, asks: 0, thanks: 0, leagueDepartments: 0, skipped: 0 };
  const people = new Map<string, Actor>();
  const person = async (email: string): Promise<Actor | undefined> => {
    if (people.has(email)) return people.get(email);
    const u = await findUserByEmail(db, email);
    const a = u && u.active === 1 ? { id: u.id, email: u.email, name: u.name, role: u.role, departmentId: u.departmentId } : undefined;
    if (a) people.set(email, a);
    return a;
  };
  const skip = (what: string, detail: Record<string, unknown>) => {
    report.skipped++;
    log.warn(`demo mentoring: ${what} skipped`, detail);
  };
  const today = ukTodayIso(now);
  const dayAt = (daysAgo: number) => new Date(`${addDays(today, -daysAgo)}T10:00:00.000Z`);
  const coordinator = await person(plan.coordinator);
  if (!coordinator) return (skip("everything (no coordinator)", { email: plan.coordinator }), report);

  const offerIds = new Map<string, number>();
  for (const o of plan.offers) {
    const by = await person(o.by);
    if (!by) { skip("offer", { by: o.by }); continue; }
    offerIds.set(o.by, await saveMentoringOffer(by, { topics: o.topics, capacity: o.capacity, format: o.format, about: o.about, isOpen: true }, dayAt(90)));
    report.offers++;
  }
  for (const p of plan.pairs) {
    const [mentor, mentee] = [await person(p.mentor), await person(p.mentee)];
    const offerId = offerIds.get(p.mentor);
    if (!mentor || !mentee || !offerId) { skip("pair", { mentor: p.mentor, mentee: p.mentee }); continue; }
    try {
      const started = dayAt(p.started_days_ago + 1);
      const askId = await askForMentor(mentee, { topic: p.topic, format: "either", hopes: p.hopes }, started);
      const pairId = await matchMentoring(coordinator, askId, offerId, dayAt(p.started_days_ago));
      if (p.goals.trim()) await setGoals(mentor, pairId, p.goals.trim(), p.meet_every_days, dayAt(p.started_days_ago));
      for (const l of [...p.logs].sort((a, b) => b.days_ago - a.days_ago)) {
        const by = l.by === p.mentor ? mentor : l.by === p.mentee ? mentee : undefined;
        if (!by) { skip("log entry", { by: l.by }); continue; }
        await logMeeting(by, pairId, addDays(today, -l.days_ago), l.notes, dayAt(l.days_ago));
        report.logs++;
      }
      report.pairs++;
    } catch (err) {
      skip("pair", { mentor: p.mentor, mentee: p.mentee, error: String(err) });
    }
  }
  for (const a of plan.asks) {
    const by = await person(a.by);
    if (!by) { skip("ask", { by: a.by }); continue; }
    await askForMentor(by, { topic: a.topic, format: a.format, hopes: a.hopes }, dayAt(6));
    report.asks++;
  }
  for (const t of plan.thanks) {
    const [from, to] = [await person(t.from), await person(t.to)];
    if (!from || !to) { skip("thank-you note", { from: t.from, to: t.to }); continue; }
    try {
      const id = await sendThanks(from, { to: to.email, body: t.text, about: t.about }, dayAt(3));
      if (t.show) await chooseThanks(to, id, "shown", dayAt(2));
      report.thanks++;
    } catch (err) {
      skip("thank-you note", { from: t.from, to: t.to, error: String(err) });
    }
  }
  // The league: last quarter as the plan says (final), this quarter counted from what the demo did.
  const current = quarterOf(today);
  const previous = previousQuarter(current);
  const departments = await listDepartments(db);
  await db.transaction(async (tx) => {
    // Staff as counted now (no activity falls in an empty window).
    const staff = new Map([...(await countLeagueFigures(tx, now.toISOString(), now.toISOString(), today, today))].map(([id, f]) => [id, f.staff]));
    for (const d of departments) {
      const f = plan.previous_quarter[d.slug];
      if (!f) continue;
      const figures = {
        staff: staff.get(d.id) ?? 0, guidesPublished: f.guides_published, guidesReviewedOnTime: f.guides_reviewed_on_time, requestsAnswered: f.requests_answered,
        helpfulRatings: f.helpful_ratings, trainingAttendance: f.training_attendance, cascadeReach: f.cascade_reach,
      };
      await saveLeagueSnapshot(tx, previous, d.id, { ...figures, ...leagueScore(figures) }, true, now.toISOString());
      report.leagueDepartments++;
    }
    await countQuarter(tx, current, false, now);
  });
  log.info("demo mentoring written", report);
  return report;
}
