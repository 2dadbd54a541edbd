/**
 * Calls every route module's loader and action directly, as Remix would, for the route
 * matrix and the CSRF tests. Routes are read from app/routes at test time (with the same
 * enumerator as the security walk), so a route added later is covered without editing
 * these tests; a module that fails to import is skipped and reported.
 */
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { ROLES } from "~/utils/roles";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createChannel, createDepartment, createItem, createPolicyVersion, createUser } from "../factories";
import { listRoutes, ROUTES_DIR, type RouteInfo } from "../security/support";

export type ItemType = "announcement" | "policy" | "guide";
export type Kind = "own" | "other" | "restricted";
export const KINDS: Kind[] = ["own", "other", "restricted"];
export const MARKER = "ZqRestrictedMarker7731";
export const ORIGIN = "http://localhost";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
export type LoadedRoute = RouteInfo & { loader?: Handler; action?: Handler };

export type Seed = {
  departments: { own: { id: number; slug: string }; other: { id: number; slug: string } };
  channels: { own: { id: number; slug: string }; other: { id: number; slug: string } };
  items: Record<ItemType, Record<Kind, { id: number; slug: string; departmentId: number }>>;
  people: Record<Role, { id: number; email: string; name: string; role: Role; departmentId: number; cookie: string; csrf: string }>;
  otherPerson: { id: number };
};

/** Two departments, a channel in each, five people (one per role) in the first, and for each type an item of each kind. */
export async function seed(): Promise<Seed> {
  const own = await createDepartment({ slug: "matrix-own", name: "Matrix Own" });
  const other = await createDepartment({ slug: "matrix-other", name: "Matrix Other" });
  const ownChannel = await createChannel({ slug: "matrix-own-news", departmentId: own.id, isDefault: true });
  const otherChannel = await createChannel({ slug: "matrix-other-news", departmentId: other.id, isDefault: true });
  const people = {} as Seed["people"];
  for (const role of ROLES) {
    const u = await createUser({ role, departmentId: own.id, email: `${role}@matrix.test`, name: `Matrix ${role}` });
    const { token, csrfToken } = await createSession(u.id);
    people[role] = { id: u.id, email: u.email, name: `Matrix ${role}`, role, departmentId: own.id, cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfToken };
  }
  const otherPerson = await createUser({ role: "staff", departmentId: other.id, email: "other@matrix.test" });
  const items = {} as Seed["items"];
  for (const type of ["announcement", "policy", "guide"] as ItemType[]) {
    items[type] = {} as Seed["items"][ItemType];
    for (const kind of KINDS) {
      const departmentId = kind === "own" ? own.id : other.id;
      const restricted = kind === "restricted";
      const created = await createItem({
        type, slug: `${type}-${kind}`, title: restricted ? `Restricted ${type} ${MARKER}` : `${kind} ${type}`,
        summary: restricted ? `Summary ${MARKER}` : `A ${kind} ${type}`, body: restricted ? `Body with ${MARKER}.` : "Plain body.",
        departmentId, audience: restricted ? "departments" : "everyone", audienceDepartmentIds: restricted ? [other.id] : [],
        channelIds: type === "announcement" ? [kind === "own" ? ownChannel.id : otherChannel.id] : [],
        targetDepartmentIds: type === "announcement" ? [departmentId] : [],
        reference: type === "policy" ? `MX-${kind}` : null,
        ownerEmail: type === "announcement" ? null : restricted ? "other@matrix.test" : people.champion.email,
        lastReviewedOn: type === "guide" ? "2026-01-10" : null, reviewBy: type === "guide" ? "2027-01-10" : null,
        tags: type === "guide" ? ["matrix"] : [],
      });
      if (type === "policy") {
        await createPolicyVersion(created.id, { version: 1, body: restricted ? `Version one ${MARKER}` : "Version one.", whatChanged: "First version" });
        await createPolicyVersion(created.id, { version: 2, body: restricted ? `Version two ${MARKER}` : "Version two.", whatChanged: "Second version" });
      }
      items[type][kind] = { id: created.id, slug: created.slug, departmentId };
    }
  }
  return {
    departments: { own, other }, channels: { own: ownChannel, other: otherChannel }, items, people, otherPerson,
  };
}

/** The route modules, imported; those that fail to import are listed in `skipped`. */
export async function loadRoutes(): Promise<{ routes: LoadedRoute[]; skipped: string[] }> {
  const routes: LoadedRoute[] = [];
  const skipped: string[] = [];
  for (const info of listRoutes()) {
    if (!info.hasLoader && !info.hasAction) continue;
    try {
      const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, info.file))) as { loader?: Handler; action?: Handler };
      routes.push({ ...info, loader: mod.loader, action: mod.action });
    } catch (err) {
      skipped.push(`${info.file}: ${String(err instanceof Error ? err.message : err).split("\n")[0]}`);
    }
  }
  if (skipped.length) console.log(`Route modules that failed to import and were skipped:\n  ${skipped.join("\n  ")}`);
  return { routes, skipped };
}

/** The same route with an item that does not exist: a restricted item must look exactly like this. */
export function missingSample(route: RouteInfo, sample: Sample): Sample {
  const params = { ...sample.params };
  for (const [k, v] of Object.entries(params)) if (v === String(sample.itemId)) params[k] = "987654321";
  for (const [k] of Object.entries(params)) if (k === "slug") params[k] = "no-such-item-here";
  return { ...sample, label: `${sample.type}:missing`, kind: undefined, itemId: undefined, params };
}

export type Sample = { label: string; params: Record<string, string>; kind?: Kind; type?: ItemType; itemId?: number; entity?: "department" | "channel" | "user" | "item" | "type" | "other" };

const TYPE_BY_SEGMENT: Record<string, ItemType> = { announcements: "announcement", policies: "policy", guides: "guide" };

/** Sample values for a route's params, from the seeded data; an empty list means "no sample known". */
export function samplesFor(route: RouteInfo, s: Seed): Sample[] {
  if (route.params.length === 0) return [{ label: "-", params: {} }];
  const segments = route.pattern.split("/").filter(Boolean);
  const first = segments[0];
  const fill = (values: Record<string, string>) => Object.fromEntries(route.params.map((p) => [p, values[p] ?? values["*"] ?? "1"]));
  const itemType = TYPE_BY_SEGMENT[first];
  if (itemType && route.params[0] === "slug")
    return KINDS.map((kind) => ({ label: `${itemType}:${kind}`, kind, type: itemType, itemId: s.items[itemType][kind].id, entity: "item", params: fill({ slug: s.items[itemType][kind].slug }) }));
  if (first === "departments" && route.params[0] === "slug")
    return (["own", "other"] as const).map((kind) => ({ label: `department:${kind}`, kind, entity: "department", params: fill({ slug: s.departments[kind].slug }) }));
  if (first === "channels" && route.params[0] === "slug")
    return (["own", "other"] as const).map((kind) => ({ label: `channel:${kind}`, kind, entity: "channel", params: fill({ slug: s.channels[kind].slug }) }));
  if (first === "admin" && route.params[0] === "id") {
    const what = segments[1];
    const ids =
      what === "users" ? { own: s.people.staff.id, other: s.otherPerson.id }
      : what === "departments" ? { own: s.departments.own.id, other: s.departments.other.id }
      : what === "channels" ? { own: s.channels.own.id, other: s.channels.other.id }
      : null;
    if (ids) return (["own", "other"] as const).map((kind) => ({ label: `${what}:${kind}`, kind, entity: "other", params: fill({ id: String(ids[kind]) }) }));
  }
  if (first === "people" && route.params[0] === "handle")
    return [{ label: "person:staff", entity: "user", params: fill({ handle: String(s.people.staff.id) }) }, { label: "person:other", entity: "user", params: fill({ handle: String(s.otherPerson.id) }) }];
  if (route.params.includes("type") && first === "editor")
    return (["announcement", "policy", "guide"] as ItemType[]).map((type) => ({ label: `new:${type}`, type, entity: "type", params: fill({ type }) }));
  const idParam = route.params.find((p) => p === "id" || p === "itemId");
  if (idParam) {
    const out: Sample[] = [];
    for (const type of ["announcement", "policy", "guide"] as ItemType[])
      for (const kind of KINDS) out.push({ label: `${type}:${kind}`, kind, type, itemId: s.items[type][kind].id, entity: "item", params: fill({ [idParam]: String(s.items[type][kind].id) }) });
    return out;
  }
  if (route.params.includes("token")) return [{ label: "token", entity: "other", params: fill({ token: "not-a-real-token-0123456789abcdefghijklmnop" }) }];
  if (route.params.includes("*")) return [{ label: "splat", entity: "other", params: fill({ "*": "no-such-page-here" }) }];
  return [];
}

export function urlFor(route: RouteInfo, params: Record<string, string>): string {
  let url = route.pattern;
  for (const [k, v] of Object.entries(params)) url = url.replace(k === "*" ? "*" : `:${k}`, encodeURIComponent(v));
  return `${ORIGIN}${url}`;
}

export type Outcome = { status: number; location: string | null; body: string; error?: string };

/** Runs a loader or action and reports what the browser would get. A thrown non-Response is a 500. */
export async function call(handler: Handler, request: Request, params: Record<string, string>, context: Record<string, unknown> = { clientIp: "127.0.0.1" }): Promise<Outcome> {
  let result: unknown;
  try {
    result = await handler({ request, params, context } as LoaderFunctionArgs);
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("location"), body: await thrown.text().catch(() => "") };
    return { status: 500, location: null, body: "", error: String(thrown instanceof Error ? thrown.stack ?? thrown.message : thrown) };
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("location"), body: await result.text().catch(() => "") };
  return { status: 200, location: null, body: JSON.stringify(result ?? null) };
}

export function get(url: string, cookie?: string): Request {
  return new Request(url, { headers: cookie ? { cookie } : {} });
}

export function post(url: string, fields: Record<string, string>, headers: Record<string, string>): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Counts rows, to prove a refused request changed nothing. */
export async function tableCounts(): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'audit_log', 'schema_migrations') AND name NOT LIKE 'sqlite_%'")).map((t) => t.name);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t}"`))?.n ?? 0;
  return counts;
}
