/**
 * Learning paths (issue 19, decision 132): building a path and its steps, enrolling
 * (oneself, or a direct report by their manager), and the two confirmations a person gives
 * (a guide read, a task done). Each change is one transaction. Progress is not written
 * here: it is read from what people do (presenters/learning-paths.server.ts).
 */
import { canSeeItem } from "~/access/audience.server";
import { canCreatePath, canEditPath, canEnrolOther, canSeePath, mayFollowPath } from "~/access/learning-paths.server";
import { recordDenied, type Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import {
  confirmGuideRead, confirmTask, deleteStep, enrol, findLearner, findPath, findStep, insertPath, insertStep, leavePath, listSteps, setPathAudience,
  setStepPosition, updatePath, type PathFields, type StepRow,
} from "~/models/learning-path.server";
import { getDb, type Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { renderMarkdown } from "~/utils/markdown.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export class PathProblem extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

/** A rule the person ran into as the status and message a page shows; anything else is rethrown. */
export function pathProblem(err: unknown): { status: number; message: string } {
  if (err instanceof PathProblem) return { status: err.status, message: err.message };
  throw err;
}

export type PathInput = Omit<PathFields, "descriptionHtml"> & { audienceDepartmentIds: number[]; audienceRoles: Role[] };

async function pathToEdit(q: Queryable, actor: Actor, id: number) {
  const path = await findPath(q, id);
  if (!path || !canEditPath(actor, path)) throw new PathProblem("We could not find that learning path.", 404);
  return path;
}

/** Creates (id null) or saves a path. */
export async function savePath(actor: Actor, id: number | null, input: PathInput, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (id === null && !canCreatePath(actor)) {
      recordDenied(actor, "create:learning-path");
      throw new PathProblem("You may not build learning paths.", 403);
    }
    const fields: PathFields = { ...input, descriptionHtml: renderMarkdown(input.descriptionMd).html };
    let pathId: number;
    if (id === null) pathId = await insertPath(tx, fields, actor.id, at);
    else {
      pathId = (await pathToEdit(tx, actor, id)).id;
      await updatePath(tx, pathId, fields, at);
    }
    await setPathAudience(tx, pathId, input.audience === "departments" ? input.audienceDepartmentIds : [], input.audience === "roles" ? input.audienceRoles : []);
    await recordAudit(tx, { actorId: actor.id, action: id === null ? "learning-path.create" : "learning-path.update", entityType: "learning-path", entityId: pathId, detail: { status: input.status, required: input.required } }, at);
    return pathId;
  });
}

export type StepInput = Omit<StepRow, "id" | "pathId" | "position">;

export async function addStep(actor: Actor, pathId: number, step: StepInput, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    await pathToEdit(tx, actor, pathId);
    if (step.kind === "guide") {
      const item = step.itemId ? await findItemById(tx, step.itemId) : undefined;
      if (!item || item.type !== "guide" || !canSeeItem(actor, await getAudienceFacts(tx, item))) throw new PathProblem("Choose a guide from the list.");
      if (!step.title) step = { ...step, title: `Read “${item.title}”`.slice(0, 200) };
    }
    return insertStep(tx, pathId, step, at);
  });
}

export async function removeStep(actor: Actor, pathId: number, stepId: number): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await pathToEdit(tx, actor, pathId);
    const step = await findStep(tx, stepId);
    if (!step || step.pathId !== pathId) throw new PathProblem("That step is not on this path.", 404);
    await deleteStep(tx, stepId);
  });
}

/** Moves a step one place up or down (swaps positions with its neighbour). */
export async function moveStep(actor: Actor, pathId: number, stepId: number, direction: "up" | "down"): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await pathToEdit(tx, actor, pathId);
    const steps = await listSteps(tx, [pathId]);
    const i = steps.findIndex((s) => s.id === stepId);
    if (i < 0) throw new PathProblem("That step is not on this path.", 404);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= steps.length) return;
    // Positions renumbered 1..n so gaps left by removed steps never stop a move.
    const order = steps.map((s) => s.id);
    [order[i], order[j]] = [order[j], order[i]];
    for (const [n, sid] of order.entries()) await setStepPosition(tx, sid, n + 1);
  });
}

async function followablePath(q: Queryable, user: Actor, pathId: number) {
  const path = await findPath(q, pathId);
  if (!path || !canSeePath(user, path)) throw new PathProblem("We could not find that learning path.", 404);
  if (!mayFollowPath(user, path)) throw new PathProblem("This learning path is not open to you.", 409);
  return path;
}

export async function enrolSelf(user: Actor, pathId: number, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await followablePath(tx, user, pathId);
    await enrol(tx, pathId, user.id, user.id, now.toISOString());
  });
}

export async function leaveOptionalPath(user: Actor, pathId: number): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const path = await followablePath(tx, user, pathId);
    if (path.required) throw new PathProblem("This learning path is required for you, so you cannot leave it.", 409);
    await leavePath(tx, pathId, user.id);
  });
}

/** A manager enrols one of their direct reports; the person is told by email (outbox). */
export async function enrolTeamMember(manager: Actor, pathId: number, userId: number, now = new Date()): Promise<{ name: string }> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const path = await findPath(tx, pathId);
    if (!path || !canSeePath(manager, path)) throw new PathProblem("We could not find that learning path.", 404);
    const person = await findLearner(tx, userId);
    if (!person || !canEnrolOther(manager, person, path)) throw new PathProblem("You can enrol only people in your team whom the path is for.", 403);
    if (await enrol(tx, pathId, userId, manager.id, at)) {
      await queueKnowledgeMail(
        tx,
        {
          purpose: "alert", dedupeKey: `learning-path:${pathId}:enrolled:${userId}`, userId, subject: `Learning path: ${path.title}`,
          lines: [`${manager.name} put you on the learning path ${path.title}. Your checklist ticks itself off as you go.`],
          link: { text: "See the learning path", path: `/learning/paths/${pathId}` },
        },
        at,
      );
      await recordAudit(tx, { actorId: manager.id, action: "learning-path.enrol", entityType: "learning-path", entityId: pathId, detail: { userId } }, at);
    }
    return { name: person.name };
  });
}

/** "I have read this guide", from a guide step of a path the person may see; the guide must be theirs to open. */
export async function confirmGuideStep(user: Actor, pathId: number, stepId: number, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await followablePath(tx, user, pathId);
    const step = await findStep(tx, stepId);
    if (!step || step.pathId !== pathId || step.kind !== "guide" || !step.itemId) throw new PathProblem("That step is not a guide on this path.", 404);
    const item = await findItemById(tx, step.itemId);
    if (!item || !canSeeItem(user, await getAudienceFacts(tx, item))) throw new PathProblem("That guide is not available to you.", 409);
    await confirmGuideRead(tx, user.id, item.id, now.toISOString());
  });
}

/** Ticks off a task the person does themselves (task = confirm). Automatic tasks tick off from what happens. */
export async function confirmTaskStep(user: Actor, pathId: number, stepId: number, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await followablePath(tx, user, pathId);
    const step = await findStep(tx, stepId);
    if (!step || step.pathId !== pathId || step.kind !== "task") throw new PathProblem("That step is not a task on this path.", 404);
    if (step.task !== "confirm") throw new PathProblem("This step ticks itself off when it happens.", 409);
    await confirmTask(tx, stepId, user.id, now.toISOString());
  });
}
