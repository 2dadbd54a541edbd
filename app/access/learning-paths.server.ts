/**
 * Who may see, build and follow learning paths (issue 19, decision 132). Seeing a path is
 * the items' audience rule (`audienceAdmits`, the same function) plus its status: drafts
 * and archived paths only for those who may edit them. Building: communications editors
 * (any path), champions and managers (the paths they made), holders of the `learning`
 * grant (any). Being on a path: the audience admits the person; a required path holds
 * everyone its audience admits, an optional one those enrolled.
 * A manager's team is their direct reports (the reporting line of the staff directory).
 */
import type { Role } from "~/utils/roles";
import { audienceAdmits } from "./audience.server";
import { canCoordinateLearning } from "./events.server";
import { can, type Actor } from "./permissions.server";

export type PathAccessFacts = {
  status: "draft" | "published" | "archived";
  audience: "everyone" | "departments" | "roles";
  audienceDepartmentIds: readonly number[];
  audienceRoles: readonly Role[];
  createdBy: number | null;
};

export function canCreatePath(actor: Actor | null): boolean {
  return can(actor, "create", "learning-path") || canCoordinateLearning(actor);
}

export function canEditPath(actor: Actor | null, path: PathAccessFacts): boolean {
  if (!actor) return false;
  return can(actor, "update", "learning-path", { authorId: path.createdBy }) || canCoordinateLearning(actor);
}

export function canSeePath(viewer: Actor | null, path: PathAccessFacts): boolean {
  if (!viewer) return false;
  if (canEditPath(viewer, path)) return true;
  return path.status === "published" && audienceAdmits(viewer, path);
}

/** May this person be on the path (enrol, be enrolled, be counted)? */
export function mayFollowPath(person: { role: Role; departmentId: number | null }, path: PathAccessFacts): boolean {
  return path.status === "published" && audienceAdmits(person, path);
}

/** May `manager` enrol `person`: a direct report, whom the path's audience admits. */
export function canEnrolOther(manager: Actor | null, person: { role: Role; departmentId: number | null; managerId: number | null }, path: PathAccessFacts): boolean {
  return !!manager && person.managerId === manager.id && mayFollowPath(person, path);
}

/** /insights/learning: the comms team (read:insights) and learning coordinators (the `learning` grant). */
export function canSeeLearningInsights(actor: Actor | null): boolean {
  return can(actor, "read", "insights") || canCoordinateLearning(actor);
}
