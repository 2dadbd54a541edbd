/**
 * The SCIM 2.0 service at /scim/v2 (issue 20, decision 142): Users and Groups for the
 * council's identity provider, built on the SCIMMY library (schemas, filters, PatchOp,
 * list responses and error messages per RFC 7643/7644) and its Express routers (the
 * endpoints). server.js mounts `createScimRouter()` before the pages; it is an entry point
 * like a route: it reads models and writes only through app/commands/scim.server.ts.
 *
 * Before the library sees a request: the bearer token is checked (401 otherwise), the
 * body is read as JSON (a body that is not JSON gets a SCIM error with scimType
 * invalidSyntax), and the quirks of Microsoft Entra ID's requests are normalised
 * ("False" for false, members removed by value).
 */
import express, { type NextFunction, type Request, type Response } from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import {
  authenticateScimToken, scimCreateUser, scimDeleteGroup, scimRemoveUser, scimReplaceUser, scimWriteGroup,
  type ScimContext, type ScimResult, type ScimUserInput,
} from "~/commands/scim.server";
import { listGroupsOfUsers, listScimGroupMembers, listScimGroups, listScimUsers, type ScimGroupLookup, type ScimUserLookup, type ScimUserRow } from "~/models/scim.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Largest request body (a group with a few thousand members is well under it). */
const BODY_LIMIT = "1mb";

type Filterable = { filter?: { match: (values: object[]) => object[] } & Array<Record<string, unknown>> };

function scimError(status: number, scimType: string | null, detail: string): InstanceType<typeof SCIMMY.Types.Error> {
  return new SCIMMY.Types.Error(status, scimType as never, detail);
}

function orThrow<T extends object>(result: ScimResult<T>): T {
  if (!result.ok) throw scimError(result.status, result.scimType, result.detail);
  return result;
}

function numericId(id: string | undefined): number {
  if (!id || !/^[1-9]\d{0,11}$/.test(id)) throw scimError(404, null, `Resource ${id} not found`);
  return Number(id);
}

/**
 * A filter the database answers directly: one `eq` on a listed attribute (what identity
 * providers send: `userName eq "…"`, `externalId eq "…"`); anything else is matched by
 * the library over the list.
 */
function simpleLookup<K extends string>(filter: Filterable["filter"], keys: Record<string, K>): Partial<Record<K, string>> | null {
  if (!filter || filter.length !== 1) return null;
  const out: Partial<Record<K, string>> = {};
  for (const [attribute, expression] of Object.entries(filter[0])) {
    const key = keys[attribute.toLowerCase()];
    if (!key || !Array.isArray(expression) || String(expression[0]).toLowerCase() !== "eq" || typeof expression[1] !== "string") return null;
    out[key] = expression[1];
  }
  return out;
}

/* ---- Users ---- */

function userResource(u: ScimUserRow, groups: { id: number; displayName: string }[]) {
  return {
    id: String(u.id),
    externalId: u.externalId ?? undefined,
    userName: u.email,
    displayName: u.name,
    name: { formatted: u.name },
    title: u.jobTitle || undefined,
    active: !!u.active,
    emails: [{ value: u.email, type: "work", primary: true }],
    groups: groups.map((g) => ({ value: String(g.id), display: g.displayName, $ref: undefined })),
    meta: { created: new Date(u.createdAt), lastModified: new Date(u.updatedAt) },
    [ENTERPRISE]: {
      ...(u.departmentName ? { department: u.departmentName } : {}),
      ...(u.managerId ? { manager: { value: String(u.managerId) } } : {}),
    },
  };
}

async function readUsers(resource: { id?: string } & Filterable): Promise<object | object[]> {
  const db = await getDb();
  let by: ScimUserLookup | null = {};
  if (resource.id) by = { id: numericId(resource.id) };
  else if (resource.filter) {
    const simple = simpleLookup(resource.filter, { username: "userName", externalid: "externalId", id: "id" } as const);
    by = simple ? { userName: simple.userName, externalId: simple.externalId, id: simple.id === undefined ? undefined : /^\d{1,12}$/.test(simple.id) ? Number(simple.id) : -1 } : null;
  }
  const rows = await listScimUsers(db, by ?? {});
  const groups = await listGroupsOfUsers(db, rows.map((r) => r.id));
  const resources = rows.map((r) => userResource(r, groups.get(r.id) ?? []));
  if (resource.id) {
    if (!resources[0]) throw scimError(404, null, `Resource ${resource.id} not found`);
    return resources[0];
  }
  return by === null && resource.filter ? resource.filter.match(resources) : resources;
}

type UserData = {
  userName?: string; displayName?: string; title?: string; active?: boolean; externalId?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  emails?: { value?: string; type?: string; primary?: boolean }[];
  [ENTERPRISE]?: { department?: string; manager?: { value?: string } };
};

const EMAIL = /^[^@\s]{1,100}@[^@\s]{1,150}\.[^@\s]{1,50}$/;

/** What the provider sent, as the intranet's fields; a value the intranet cannot hold is a 400 invalidValue. */
function userInput(data: UserData, replacing: boolean): ScimUserInput {
  const emails = data.emails ?? [];
  const email = [data.userName, emails.find((e) => e.primary)?.value, emails.find((e) => e.type === "work")?.value, emails[0]?.value]
    .find((v): v is string => typeof v === "string" && EMAIL.test(v.trim()));
  if (!email) throw scimError(400, "invalidValue", "userName (or a work email) must be an email address: the intranet reaches people by email");
  const given = [data.name?.givenName, data.name?.familyName].filter(Boolean).join(" ");
  const name = (data.displayName || data.name?.formatted || given || email).trim().slice(0, 120);
  const jobTitle = (data.title ?? "").trim();
  if (jobTitle.length > 120) throw scimError(400, "invalidValue", "title must be 120 characters or fewer");
  const enterprise = data[ENTERPRISE];
  const rawManager = enterprise?.manager?.value;
  if (rawManager !== undefined && rawManager !== "" && !/^[1-9]\d{0,11}$/.test(rawManager))
    throw scimError(400, "invalidValue", `manager.value must be the id of a User here, not "${rawManager}"`);
  return {
    email: email.trim().toLowerCase(),
    name,
    jobTitle,
    active: data.active ?? true,
    externalId: data.externalId?.trim() || null,
    department: enterprise?.department ?? undefined,
    // PUT and PATCH send the whole person: no manager means none. A new person without one keeps none.
    managerId: rawManager ? Number(rawManager) : replacing ? null : undefined,
  };
}

/* ---- Groups ---- */

async function readGroups(resource: { id?: string } & Filterable): Promise<object | object[]> {
  const db = await getDb();
  let by: ScimGroupLookup | null = {};
  if (resource.id) by = { id: numericId(resource.id) };
  else if (resource.filter) {
    const simple = simpleLookup(resource.filter, { displayname: "displayName", externalid: "externalId", id: "id" } as const);
    by = simple ? { displayName: simple.displayName, externalId: simple.externalId, id: simple.id === undefined ? undefined : /^\d{1,12}$/.test(simple.id) ? Number(simple.id) : -1 } : null;
  }
  const groups = await listScimGroups(db, by ?? {});
  const members = await listScimGroupMembers(db, groups.map((g) => g.id));
  const resources = groups.map((g) => ({
    id: String(g.id),
    externalId: g.externalId ?? undefined,
    displayName: g.displayName,
    members: (members.get(g.id) ?? []).map((m) => ({ value: String(m.id), display: m.name, type: "User" })),
    meta: { created: new Date(g.createdAt) },
  }));
  if (resource.id) {
    if (!resources[0]) throw scimError(404, null, `Resource ${resource.id} not found`);
    return resources[0];
  }
  return by === null && resource.filter ? resource.filter.match(resources) : resources;
}

type GroupData = { displayName?: string; externalId?: string; members?: { value?: string; type?: string }[] };

function groupInput(data: GroupData) {
  const displayName = (data.displayName ?? "").trim();
  if (!displayName || displayName.length > 200) throw scimError(400, "invalidValue", "displayName must be 1 to 200 characters");
  const memberIds = (data.members ?? []).map((m) => {
    if (m.type && m.type !== "User") throw scimError(400, "invalidValue", "Only Users can be members here (no nested groups)");
    if (!m.value || !/^[1-9]\d{0,11}$/.test(m.value)) throw scimError(400, "invalidValue", `The member "${m.value ?? ""}" is not a User here`);
    return Number(m.value);
  });
  return { displayName, externalId: data.externalId?.trim() || null, memberIds };
}

/* ---- the service ---- */

let declared = false;

function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .egress(async (resource) => readUsers(resource as never) as never)
    .ingress(async (resource, data, ctx: ScimContext) => {
      const replacing = !!resource.id;
      const input = userInput(data as UserData, replacing);
      const { id } = orThrow(replacing ? await scimReplaceUser(numericId(resource.id), input, ctx) : await scimCreateUser(input, ctx));
      return readUsers({ id: String(id) }) as never;
    })
    .degress(async (resource, ctx: ScimContext) => {
      orThrow(await scimRemoveUser(numericId(resource.id), ctx));
    });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress(async (resource) => readGroups(resource as never) as never)
    .ingress(async (resource, data, ctx: ScimContext) => {
      const input = groupInput(data as GroupData);
      const { id } = orThrow(await scimWriteGroup(resource.id ? numericId(resource.id) : null, input, ctx));
      return readGroups({ id: String(id) }) as never;
    })
    .degress(async (resource, ctx: ScimContext) => {
      orThrow(await scimDeleteGroup(numericId(resource.id), ctx));
    });
}

function sendError(res: Response, status: number, scimType: string | null, detail: string): void {
  res.status(status).type("application/scim+json").send(JSON.stringify(new SCIMMY.Messages.Error({ status, scimType, detail } as never)));
}

/** "Bearer scim_…" → the token's id in res.locals, or a 401 SCIM error. */
async function requireToken(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const tokenId = await authenticateScimToken(match?.[1]);
    if (tokenId === null) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="scim"');
      return sendError(res, 401, null, "A directory sync token is needed: Authorization: Bearer <token> (an administrator makes one at /admin/directory-sync)");
    }
    res.locals.scimTokenId = tokenId;
    next();
  } catch (err) {
    next(err);
  }
}

const truthy = (v: unknown) => (typeof v === "string" && /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : v);

/**
 * Microsoft Entra ID sends booleans as "True"/"False", a manager as a bare id, and removes
 * group members with a value list instead of a filtered path; all are read as the RFC means them.
 */
function normaliseEntra(req: Request, _res: Response, next: NextFunction): void {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    if ("active" in body) body.active = truthy(body.active);
    if (Array.isArray(body.Operations)) {
      const ops: unknown[] = [];
      for (const op of body.Operations as Record<string, unknown>[]) {
        if (!op || typeof op !== "object") {
          ops.push(op);
          continue;
        }
        const path = typeof op.path === "string" ? op.path : undefined;
        if (path?.toLowerCase() === "active") op.value = truthy(op.value);
        // The manager as a bare id ("value": "42") rather than { "value": "42" }.
        if (path && /(^|:)manager$/i.test(path) && typeof op.value === "string") op.value = { value: op.value };
        if (!path && op.value && typeof op.value === "object" && "active" in (op.value as object))
          (op.value as Record<string, unknown>).active = truthy((op.value as Record<string, unknown>).active);
        if (String(op.op).toLowerCase() === "remove" && path?.toLowerCase() === "members" && Array.isArray(op.value)) {
          for (const m of op.value as { value?: unknown }[])
            if (m && typeof m.value === "string") ops.push({ op: "remove", path: `members[value eq ${JSON.stringify(m.value)}]` });
          continue;
        }
        ops.push(op);
      }
      body.Operations = ops;
    }
  }
  next();
}

/** The Express router server.js mounts at /scim/v2. */
export function createScimRouter(): express.Router {
  declareResources();
  const scim = new SCIMMYRouters({
    type: "bearer",
    // Checked by requireToken before the library's routers; nothing to add (no /Me: a token is not a person).
    handler: () => undefined as unknown as string,
    context: (req) => ({ tokenId: (req.res?.locals.scimTokenId as number) ?? 0 }) satisfies ScimContext,
    baseUri: () => {
      const url = getEnv().PUBLIC_URL;
      return url ? url.replace(/\/$/, "") : (undefined as unknown as string);
    },
  });
  // Bulk is off: each request is one transaction, and a bulk request would not be.
  SCIMMY.Config.set({ bulk: { supported: false }, sort: { supported: true }, filter: { supported: true, maxResults: 200 }, patch: { supported: true } });

  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  router.use(requireToken);
  router.use(express.json({ type: ["application/scim+json", "application/json"], limit: BODY_LIMIT }));
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === "entity.parse.failed") return sendError(res, 400, "invalidSyntax", "The request body is not valid JSON");
    if (err.type === "entity.too.large") return sendError(res, 413, null, `The request body is larger than ${BODY_LIMIT}`);
    if (err.status && err.status < 500) return sendError(res, err.status, "invalidSyntax", err.message);
    next(err);
  });
  router.use((req, res, next) => {
    const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
    if (hasBody && !req.is(["application/scim+json", "application/json"]))
      return sendError(res, 400, "invalidSyntax", "Send the body as application/scim+json (or application/json)");
    next();
  });
  router.use(normaliseEntra);
  router.use(scim as unknown as express.Router);
  // The library answers its own errors; anything else is logged and answered as a SCIM 500.
  router.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    log.error("scim request failed", { error: String(err?.stack ?? err) });
    if (!res.headersSent) sendError(res, 500, null, "Something went wrong on the intranet's side");
  });
  return router;
}
