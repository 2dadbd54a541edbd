/**
 * Who is asking. Every loader and action calls `requireUser` (or `getOptionalUser` for
 * the few public pages) itself: Remix runs loaders in parallel and answers `?_data=`
 * requests directly, so a parent layout's check protects nothing.
 */
import { redirect } from "@remix-run/node";
import { findUserBySession, type SessionSight, type UserRow } from "~/models/user.server";
import { ukTodayIso } from "./dates";
import type { Viewer } from "~/access/audience.server";
import { can, recordDenied, type Action, type DepartmentGrant, type Entity, type GrantedPermission, type Resource } from "~/access/permissions.server";
import { getDb } from "./db.server";
import type { ReadingSettings } from "./reading-settings";
import { keepSessionAlive, sessionIdOf } from "./session.server";

export type SessionUser = Viewer & {
  departmentSlug: string | null;
  departmentName: string | null;
  jobTitle: string;
  csrfToken: string;
  grants: DepartmentGrant[];
  /** Permissions an administrator granted (publicity reviewer, information governance). */
  granted: GrantedPermission[];
  /** The shared device this session was opened on (decision 121), or null on a personal browser. */
  sharedDevice: { id: number; idleMinutes: number } | null;
  /**
   * The stored reading settings read with the session (null: none stored); absent when this
   * user was not read through a session (reading-settings.server.ts then reads them).
   */
  storedReading?: ReadingSettings | null;
  /** The change feed's newest id and the pre-election periods on, as the session look-up saw them (absent when not read through a session). */
  sight?: SessionSight;
};

function toSessionUser(
  user: UserRow, csrfToken: string, grants: DepartmentGrant[], granted: GrantedPermission[], sharedDevice: SessionUser["sharedDevice"] = null,
): SessionUser {
  return {
    grants, granted, sharedDevice,
    id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId,
    departmentSlug: user.departmentSlug, departmentName: user.departmentName, jobTitle: user.jobTitle, csrfToken,
  };
}

/**
 * Look-ups in flight, by session: a page's loaders run at the same time, each with its own
 * copy of the Request, and each asks who is signed in; they share one look-up (decision
 * 065, third pass). Forgotten as soon as it settles, so nothing is kept between pages.
 */
const inFlight = new Map<string, Promise<SessionUser | null>>();

export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return Promise.resolve(null);
  const pending = inFlight.get(sessionId);
  if (pending) return pending;
  const lookUp = userOfSession(sessionId).finally(() => {
    if (inFlight.get(sessionId) === lookUp) inFlight.delete(sessionId);
  });
  inFlight.set(sessionId, lookUp);
  return lookUp;
}

async function userOfSession(sessionId: string): Promise<SessionUser | null> {
  const user = await findUserBySession(await getDb(), sessionId, ukTodayIso());
  if (!user) return null;
  const { sharedDeviceId, deviceIdleMinutes } = user.session;
  // A session opened on a shared device that was revoked since (no idle minutes) has ended.
  if (sharedDeviceId !== null && deviceIdleMinutes === null) return null;
  const idleMs = deviceIdleMinutes !== null ? deviceIdleMinutes * 60_000 : undefined;
  if (!(await keepSessionAlive(user.session, new Date(), idleMs))) return null;
  if (!user.active) return null;
  const device = sharedDeviceId !== null && deviceIdleMinutes !== null ? { id: sharedDeviceId, idleMinutes: deviceIdleMinutes } : null;
  return { ...toSessionUser(user, user.session.csrfToken, user.grants, user.granted as GrantedPermission[], device), storedReading: user.reading, sight: user.sight };
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
}

/**
 * The signed-in user, who must hold `action:entity` (in some scope, or for `resource`).
 * Otherwise a 403, recorded in the audit log with the page asked for.
 */
export async function requireUserWith(request: Request, action: Action, entity: Entity, resource?: Resource): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action, entity, resource)) {
    recordDenied(user, `${action}:${entity}`, { path: new URL(request.url).pathname, method: request.method });
    throw new Response("You do not have permission to see this page.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/**
 * A same-origin path to go to after sign-in, or "/". Rejects anything a browser could
 * read as another host: "//host", "/\\host", encoded backslashes, control characters, schemes.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to) || /%5c|%2f%2f|%09|%0a|%0d|%00/i.test(to)) return fallback;
  try {
    const resolved = new URL(to, "http://intranet.invalid");
    if (resolved.host !== "intranet.invalid") return fallback;
  } catch {
    return fallback;
  }
  return to;
}
