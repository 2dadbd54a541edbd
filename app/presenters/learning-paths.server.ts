/**
 * What the learning pages show (decision 132): paths the viewer may see, a path's steps as
 * a checklist with what the person actually did, the paths a person is on (/me,
 * /learning), and a manager's team in aggregate — counts, with the names of those who
 * have not started only on a required path.
 */
import { visibleItemsSql } from "~/access/audience.server";
import { canEditPath, canEnrolOther, canSeePath, mayFollowPath } from "~/access/learning-paths.server";
import type { Actor } from "~/access/permissions.server";
import {
  findPath, listEnrolledIds, listEnrolmentsOf, listGuidesByIds, listPaths, listProgressFacts, listSteps, listTeamOf,
  type LearnerRow, type PathRow, type ProgressFacts, type StepRow,
} from "~/models/learning-path.server";
import type { Queryable } from "~/utils/db.server";
import { EVENT_TYPE_LABELS } from "~/utils/event-types";
import { TASK_LABELS } from "~/utils/learning-paths";

export type PathState = "not-started" | "in-progress" | "complete";

/** When the person did the step, or null: the one place a step's kind meets the record. */
export function stepDoneAt(step: StepRow, userId: number, facts: ProgressFacts): string | null {
  switch (step.kind) {
    case "guide":
      return facts.guides.find((g) => g.userId === userId && g.itemId === step.itemId)?.at ?? null;
    case "event":
      return facts.attended.find((a) => a.userId === userId && a.eventType === step.eventType)?.at ?? null;
    case "task":
      if (step.task === "publish-guide") return facts.published.find((p) => p.userId === userId)?.at ?? null;
      if (step.task === "guide-reviewed") return facts.reviewed.find((p) => p.userId === userId)?.at ?? null;
      return facts.tasks.find((t) => t.userId === userId && t.stepId === step.id)?.at ?? null;
  }
}

export function progressOf(steps: readonly StepRow[], userId: number, facts: ProgressFacts): { done: number; total: number; state: PathState } {
  const done = steps.filter((s) => stepDoneAt(s, userId, facts) !== null).length;
  const total = steps.length;
  return { done, total, state: done === 0 ? "not-started" : done >= total ? "complete" : "in-progress" };
}

/** Is the person on the path: everyone the audience admits when it is required, else those enrolled. */
export function isOnPath(path: PathRow, person: { id: number; role: LearnerRow["role"]; departmentId: number | null }, enrolled: ReadonlySet<number>): boolean {
  if (!mayFollowPath(person, path)) return false;
  return path.required || enrolled.has(person.id);
}

export function stepDescription(step: StepRow): string {
  if (step.kind === "guide") return "Read the guide and confirm you have read it";
  if (step.kind === "event") return `Attend a ${step.eventType ? EVENT_TYPE_LABELS[step.eventType].toLowerCase() : "session"}`;
  return step.task ? TASK_LABELS[step.task] : "";
}

function presentPath(p: PathRow, viewer: Actor) {
  return {
    id: p.id, title: p.title, required: p.required, status: p.status, steps: p.steps, createdByName: p.createdByName, canEdit: canEditPath(viewer, p),
  };
}

export async function visiblePaths(q: Queryable, viewer: Actor) {
  return (await listPaths(q)).filter((p) => canSeePath(viewer, p));
}

/** The paths the person is on, with their progress (for /me and /learning). */
export async function myPaths(q: Queryable, user: Actor) {
  const paths = (await listPaths(q, ["published"])).filter((p) => mayFollowPath(user, p));
  const enrolledIn = new Set((await listEnrolmentsOf(q, user.id)).map((e) => e.pathId));
  const mine = paths.filter((p) => p.required || enrolledIn.has(p.id));
  const steps = await listSteps(q, mine.map((p) => p.id));
  const facts = await listProgressFacts(q, [user.id]);
  return mine.map((p) => ({ ...presentPath(p, user), progress: progressOf(steps.filter((s) => s.pathId === p.id), user.id, facts) }));
}

export type TeamSummary = {
  size: number;
  onPath: number;
  notStarted: number;
  inProgress: number;
  complete: number;
  /** Only where the path is required (never on an optional one). */
  notStartedNames: string[] | null;
  /** Direct reports the manager may still enrol (optional paths). */
  canEnrol: { id: number; name: string }[];
};

/** A manager's direct reports on this path, in aggregate. */
export function teamSummary(viewer: Actor, path: PathRow, steps: readonly StepRow[], team: readonly LearnerRow[], enrolled: ReadonlySet<number>, facts: ProgressFacts): TeamSummary {
  const on = team.filter((p) => isOnPath(path, p, enrolled));
  const states = on.map((p) => ({ p, state: progressOf(steps, p.id, facts).state }));
  const count = (s: PathState) => states.filter((x) => x.state === s).length;
  return {
    size: team.length,
    onPath: on.length,
    notStarted: count("not-started"),
    inProgress: count("in-progress"),
    complete: count("complete"),
    notStartedNames: path.required ? states.filter((x) => x.state === "not-started").map((x) => x.p.name) : null,
    canEnrol: path.required ? [] : team.filter((p) => !enrolled.has(p.id) && canEnrolOther(viewer, p, path)).map((p) => ({ id: p.id, name: p.name })),
  };
}

/** /learning/paths/:id: the path, its checklist for the viewer, and their team's progress. 404 when not theirs to see. */
export async function pathPage(q: Queryable, viewer: Actor, id: number) {
  const path = await findPath(q, id);
  if (!path || !canSeePath(viewer, path)) throw new Response("We could not find that learning path.", { status: 404, statusText: "Not Found" });
  const steps = await listSteps(q, [id]);
  const guides = await listGuidesByIds(q, steps.flatMap((s) => (s.itemId ? [s.itemId] : [])), visibleItemsSql(viewer));
  const enrolled = new Set(await listEnrolledIds(q, id));
  const team = await listTeamOf(q, viewer.id);
  const facts = await listProgressFacts(q, [viewer.id, ...team.map((t) => t.id)]);
  const onPath = isOnPath(path, viewer, enrolled);
  const checklist = steps.map((s) => {
    const guide = s.itemId ? guides.find((g) => g.id === s.itemId) ?? null : null;
    return {
      id: s.id, kind: s.kind, title: s.title, description: stepDescription(s), doneAt: stepDoneAt(s, viewer.id, facts),
      guide: guide ? { slug: guide.slug, title: guide.title } : null, guideMissing: s.kind === "guide" && !guide,
      eventType: s.eventType, selfConfirm: s.kind === "task" && s.task === "confirm",
    };
  });
  const progress = progressOf(steps, viewer.id, facts);
  return {
    path: { ...presentPath(path, viewer), descriptionHtml: path.descriptionHtml, audience: path.audience },
    checklist,
    progress,
    onPath,
    enrolled: enrolled.has(viewer.id),
    mayFollow: mayFollowPath(viewer, path),
    team: team.length ? teamSummary(viewer, path, steps, team, enrolled, facts) : null,
    everyoneCount: path.required ? null : enrolled.size,
  };
}
