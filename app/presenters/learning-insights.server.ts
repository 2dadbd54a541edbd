/**
 * /insights/learning (decision 131): the skills cascade per department as a funnel — key
 * staff trained (on the register of a cascade workshop that has taken place) → team
 * sessions held (published sessions made from those workshops whose start has passed, by
 * the department of the person who ran them) → staff reached (distinct people on those
 * sessions' registers, by their own department). Aggregates by department; the only names
 * are the gaps coordinators act on: trained people with no session held yet.
 */
import { listDepartments } from "~/models/department.server";
import { countStaffByDepartment, listCascadeSessions, listCascadeWorkshops, listRegistered } from "~/models/learning-insights.server";
import type { Queryable } from "~/utils/db.server";
import { addDays, isoDay } from "~/utils/dates";

export type FunnelRow = { departmentId: number | null; department: string; staff: number; trained: number; sessionsHeld: number; reached: number };
export type WaitingSession = { name: string; department: string; workshop: string; workshopId: number; dueOn: string; overdue: boolean; arranged: boolean };

export type CascadeFunnel = {
  workshops: number;
  rows: FunnelRow[];
  totals: Omit<FunnelRow, "departmentId" | "department">;
  departmentsWithoutTrained: string[];
  waiting: WaitingSession[];
};

export async function cascadeFunnel(q: Queryable, now = new Date()): Promise<CascadeFunnel> {
  const at = now.toISOString();
  const today = isoDay(at);
  const [departments, workshops, sessions, staff] = await Promise.all([listDepartments(q), listCascadeWorkshops(q, at), listCascadeSessions(q), countStaffByDepartment(q)]);
  const workshopIds = new Set(workshops.map((w) => w.id));
  const ours = sessions.filter((s) => workshopIds.has(s.parentId));
  const held = ours.filter((s) => s.status === "published" && s.startsAt <= at);
  const trainedRows = await listRegistered(q, [...workshopIds]);
  const reachedRows = await listRegistered(q, held.map((s) => s.id));
  const departmentOf = new Map(trainedRows.map((t) => [t.userId, t.departmentId]));

  const key = (id: number | null) => id ?? 0;
  const trained = new Map<number, Set<number>>();
  const reached = new Map<number, Set<number>>();
  const sessionsHeld = new Map<number, number>();
  const add = (m: Map<number, Set<number>>, dept: number | null, user: number) => m.set(key(dept), (m.get(key(dept)) ?? new Set()).add(user));
  for (const t of trainedRows) add(trained, t.departmentId, t.userId);
  for (const r of reachedRows) add(reached, r.departmentId, r.userId);
  for (const s of held) {
    const dept = key(departmentOf.get(s.organiserId) ?? null);
    sessionsHeld.set(dept, (sessionsHeld.get(dept) ?? 0) + 1);
  }

  const rows: FunnelRow[] = departments.map((d) => ({
    departmentId: d.id, department: d.name, staff: staff.get(d.id) ?? 0,
    trained: trained.get(d.id)?.size ?? 0, sessionsHeld: sessionsHeld.get(d.id) ?? 0, reached: reached.get(d.id)?.size ?? 0,
  }));
  if (trained.has(0) || reached.has(0) || sessionsHeld.has(0))
    rows.push({ departmentId: null, department: "No department", staff: staff.get(0) ?? 0, trained: trained.get(0)?.size ?? 0, sessionsHeld: sessionsHeld.get(0) ?? 0, reached: reached.get(0)?.size ?? 0 });
  const sum = (f: (r: FunnelRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const allReached = new Set(reachedRows.map((r) => r.userId));
  const allTrained = new Set(trainedRows.map((r) => r.userId));

  const names = new Map(departments.map((d) => [d.id, d.name]));
  const waiting: WaitingSession[] = [];
  for (const w of workshops) {
    const dueOn = addDays(isoDay(w.startsAt), w.cascadeWeeks * 7);
    for (const t of trainedRows.filter((r) => r.eventId === w.id)) {
      const theirs = ours.filter((s) => s.parentId === w.id && s.organiserId === t.userId);
      if (theirs.some((s) => held.includes(s))) continue;
      waiting.push({
        name: t.name, department: t.departmentId === null ? "No department" : names.get(t.departmentId) ?? "No department", workshop: w.title, workshopId: w.id,
        dueOn, overdue: dueOn < today, arranged: theirs.some((s) => s.status === "published"),
      });
    }
  }
  waiting.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.department.localeCompare(b.department) || a.name.localeCompare(b.name));

  return {
    workshops: workshops.length,
    rows,
    totals: { staff: sum((r) => r.staff), trained: allTrained.size, sessionsHeld: held.length, reached: allReached.size },
    departmentsWithoutTrained: rows.filter((r) => r.departmentId !== null && r.trained === 0).map((r) => r.department),
    waiting,
  };
}

/** The tables of the page and its CSV downloads. */
export const LEARNING_TABLES = ["funnel", "waiting"] as const;
export type LearningTable = (typeof LEARNING_TABLES)[number];

export function learningTable(f: CascadeFunnel, name: LearningTable): { caption: string; head: string[]; rows: (string | number)[][]; numeric: number[] } {
  if (name === "funnel")
    return {
      caption: "The skills cascade by department",
      head: ["Department", "Staff", "Key staff trained", "Team sessions held", "Staff reached", "Reached (%)"],
      rows: f.rows.map((r) => [r.department, r.staff, r.trained, r.sessionsHeld, r.reached, r.staff ? Math.floor((r.reached / r.staff) * 100) : 0]),
      numeric: [1, 2, 3, 4, 5],
    };
  return {
    caption: "Trained people with no team session held yet",
    head: ["Name", "Department", "Workshop", "Session due by", "Overdue", "Session arranged"],
    rows: f.waiting.map((w) => [w.name, w.department, w.workshop, w.dueOn, w.overdue ? "yes" : "no", w.arranged ? "yes" : "no"]),
    numeric: [],
  };
}
