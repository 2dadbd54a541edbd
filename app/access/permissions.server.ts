/**
 * Every permission check goes through `can` / `assertCan`. Permissions are named
 * `action:entity:scope`:
 *   - scope `any`: every record of that entity;
 *   - scope `own-department`: records of the person's home department or of a department
 *     they were granted (department_grants);
 *   - scope `own`: records the person wrote or owns.
 * Reading items is not a permission here: it is the audience rule (audience.server.ts),
 * applied everywhere items are shown.
 */
import { recordAudit } from "~/models/audit.server";
import type { Role } from "~/utils/roles";
import type { Viewer } from "./audience.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";

export type Action = "create" | "update" | "publish" | "review" | "archive" | "restore" | "read" | "manage" | "export";
export type Entity =
  | "announcement" | "policy" | "guide" | "glossary" | "user" | "department" | "channel" | "audit"
  | "insights" | "acknowledgements" | "settings" | "feedback" | "search-insights"
  | "campaign" | "comms-request" | "public-account" | "comms-calendar" | "access-code"
  | "event" | "learning" | "learning-path" | "accessibility-report";
export type Scope = "any" | "own-department" | "own";
export type Permission = `${Action}:${Entity}:${Scope}`;

const CONTENT: Entity[] = ["announcement", "policy", "guide"];
const all = (actions: Action[], entities: Entity[], scope: Scope): Permission[] =>
  actions.flatMap((a) => entities.map((e) => `${a}:${e}:${scope}` as Permission));

const STAFF: Permission[] = ["create:feedback:own"];
const CHAMPION: Permission[] = [
  ...STAFF, ...all(["create", "update"], ["guide"], "own-department"), "read:feedback:own",
  // Learning paths (issue 19, decision 132): champions build paths and keep the ones they made.
  ...all(["create", "update"], ["learning-path"], "own"),
];
const MANAGER: Permission[] = [
  ...CHAMPION,
  ...all(["create", "update"], ["announcement"], "own-department"),
  "read:acknowledgements:own-department",
  "export:acknowledgements:own-department",
  ...all(["create", "update", "read"], ["campaign"], "own-department"),
  // Access codes for their own team's people without a council email (issue 18).
  "manage:access-code:own-department",
  ...all(["create", "update"], ["event"], "own-department"),
];
const COMMS: Permission[] = [
  ...MANAGER,
  ...all(["create", "update", "publish", "review", "archive", "restore"], CONTENT, "any"),
  ...all(["create", "update", "archive"], ["glossary"], "any"),
  "read:insights:any", "read:search-insights:any", "read:acknowledgements:any", "export:acknowledgements:any",
  "read:feedback:any",
  ...all(["create", "update", "read"], ["campaign"], "any"),
  "manage:comms-request:any", "manage:public-account:any", "read:comms-calendar:any",
  ...all(["create", "update"], ["event"], "any"),
  "manage:learning:any",
  ...all(["create", "update"], ["learning-path"], "any"),
  // Accessibility problems people report (issue 22, decision 164): the comms team works through them.
  "manage:accessibility-report:any",
];
const ADMIN: Permission[] = [
  ...COMMS,
  ...all(["manage"], ["user", "department", "channel", "settings", "access-code"], "any"),
  "read:audit:any", "export:audit:any",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  staff: new Set(STAFF),
  champion: new Set(CHAMPION),
  manager: new Set(MANAGER),
  comms: new Set(COMMS),
  admin: new Set(ADMIN),
};

export type DepartmentGrant = { departmentId: number; canPublishUnreviewed: boolean };

/**
 * Permissions an administrator grants to a person whatever their role (issue 22):
 * `publicity-reviewer` approves publicity during pre-election periods (typically the
 * monitoring officer); `information-governance` runs the retention schedule, disposal,
 * legal holds and information-rights exports.
 */
export const GRANTABLE_PERMISSIONS = ["publicity-reviewer", "information-governance"] as const;
export type GrantedPermission = (typeof GRANTABLE_PERMISSIONS)[number];
export const GRANTABLE_LABELS: Record<GrantedPermission, string> = {
  "publicity-reviewer": "Publicity reviewer (approves publicity in pre-election periods)",
  "information-governance": "Information governance (retention, disposal, legal holds, information requests)",
};

/** The person as permission checks see them. */
export type Actor = Viewer & { grants?: DepartmentGrant[]; granted?: GrantedPermission[]; extraPermissions?: readonly Permission[] };

/** Does the person hold a permission an administrator granted them? */
export function holdsPermission(actor: Actor | null, permission: GrantedPermission): boolean {
  return !!actor && (actor.granted ?? []).includes(permission);
}

/**
 * The `learning` permission an admin grants one person (learning_grants, decision 130):
 * coordinating events, learning paths and mentoring, as communications editors do. Kept in
 * its own table (migration 130 comes before permission_grants' CHECK list); loaded into
 * `extraPermissions` by the pages that need it (`learningActor`).
 */
export const LEARNING_GRANT: readonly Permission[] = ["manage:learning:any", "create:event:any", "update:event:any"];

/** What a check may be about: a record's department and author/owner. */
export type Resource = { departmentId?: number | null; authorId?: number | null; ownerEmail?: string | null };

export function departmentsOf(actor: Actor): number[] {
  const ids = new Set<number>((actor.grants ?? []).map((g) => g.departmentId));
  if (actor.departmentId !== null) ids.add(actor.departmentId);
  return [...ids];
}

/**
 * May `actor` do `action` on `entity`? With a resource, the scope is checked against it;
 * without one, the question is "in some scope" (e.g. may they see the New guide button).
 */
export function can(actor: Actor | null, action: Action, entity: Entity, resource?: Resource): boolean {
  if (!actor) return false;
  const granted = ROLE_PERMISSIONS[actor.role];
  if (granted.has(`${action}:${entity}:any`) || actor.extraPermissions?.includes(`${action}:${entity}:any`)) return true;
  if (granted.has(`${action}:${entity}:own-department`)) {
    if (!resource) return true;
    if (resource.departmentId != null && departmentsOf(actor).includes(resource.departmentId)) return true;
  }
  if (granted.has(`${action}:${entity}:own`)) {
    if (!resource) return true;
    if (resource.authorId != null && resource.authorId === actor.id) return true;
    if (resource.ownerEmail && resource.ownerEmail.toLowerCase() === actor.email.toLowerCase()) return true;
  }
  return false;
}

/**
 * Publishing without review: comms editors and admins always; champions and managers
 * only in a department where an admin granted it.
 */
export function canPublishWithoutReview(actor: Actor | null, entity: Entity, resource: Resource): boolean {
  if (!actor) return false;
  if (can(actor, "publish", entity, resource)) return true;
  if (!can(actor, "update", entity, resource)) return false;
  return (actor.grants ?? []).some((g) => g.canPublishUnreviewed && g.departmentId === resource.departmentId);
}

export class AuthorizationError extends Error {
  constructor(readonly permission: string) {
    super(`Not allowed: ${permission}`);
  }
}

/** The same person denied the same thing is recorded once a minute, so a reload loop cannot flood the log. */
const DENIAL_QUIET_MS = 60_000;
const recentDenials = new Map<string, number>();

/**
 * Writes an `access.denied` audit entry. It does not wait for the write (callers may be
 * synchronous, or inside a transaction that holds the write queue); a failed write is logged.
 */
export function recordDenied(actor: Actor | null, permission: string, detail: Record<string, unknown> = {}): void {
  const key = `${actor?.id ?? "anonymous"}|${permission}|${JSON.stringify(detail)}`;
  const now = Date.now();
  if ((recentDenials.get(key) ?? 0) > now - DENIAL_QUIET_MS) return;
  if (recentDenials.size > 5000) recentDenials.clear();
  recentDenials.set(key, now);
  void getDb()
    .then((db) => recordAudit(db, { actorId: actor?.id ?? null, action: "access.denied", detail: { permission, role: actor?.role ?? null, ...detail } }))
    .catch((err) => log.error("could not record denied access", { error: String(err) }));
}

/**
 * Throws a 403 response when not allowed, and records the denial in the audit log (use
 * 404 instead when the record's existence is itself private).
 */
export function assertCan(actor: Actor | null, action: Action, entity: Entity, resource?: Resource): void {
  if (!can(actor, action, entity, resource)) {
    recordDenied(actor, `${action}:${entity}`, resource?.departmentId != null ? { departmentId: resource.departmentId } : {});
    throw new Response("You do not have permission to do that.", { status: 403, statusText: "Forbidden" });
  }
}
