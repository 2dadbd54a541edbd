/**
 * Directory sync (SCIM 2.0, issue 20, decision 142) as a real HTTP conversation: the
 * service's router (the one server.js mounts) listens on a free port, and the test replays
 * what Microsoft Entra ID sends while provisioning: create, get by filter, PATCH
 * replace/add/remove (with its "False" and "Replace" spellings), deactivate, group
 * membership changes. Responses are read back through the RFC 7643 schema definitions
 * (SCIMMY's, inbound direction, which refuses missing required attributes and wrong types)
 * and checked against RFC 7644's message shapes. Bad tokens get 401; malformed bodies a
 * SCIM error with scimType, and nothing partial is written.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import SCIMMY from "scimmy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimToken, revokeScimToken } from "~/commands/scim.server";
import { ensureProfiles } from "~/commands/people.server";
import { createScimRouter } from "~/scim/service.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { createSession } from "~/utils/session.server";
import { createChannel, createDepartment, createItem, createUser } from "../factories";
import { listFollowerIds } from "~/models/follow.server";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let server: Server;
let base = "";
let token = "";
let housing: { id: number; slug: string; name: string };
let planning: { id: number; slug: string; name: string };
let admin: { id: number };

const adminActor = async () => {
  const db = await getDb();
  return (await db.get<any>("SELECT id, email, name, role, department_id AS departmentId FROM users WHERE id = ?", [admin.id]))!;
};

async function scim(method: string, path: string, body?: unknown, opts: { token?: string | null; raw?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined || opts.raw !== undefined) headers["content-type"] = opts.type ?? "application/scim+json";
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", auth: res.headers.get("www-authenticate"), body: text ? JSON.parse(text) : undefined };
}

/** A User resource as RFC 7643 defines it (required attributes, types), and our own promises. */
function expectUser(resource: any) {
  expect(resource.schemas).toContain(USER_SCHEMA);
  expect(typeof resource.id).toBe("string");
  expect(resource.meta?.resourceType).toBe("User");
  expect(() => new SCIMMY.Schemas.User(resource, "in")).not.toThrow();
}

function expectError(res: { status: number; type: string; body: any }, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.type).toContain("application/scim+json");
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe("string");
}

/** What Entra ID posts for a new user (attribute mappings as shipped). */
const entraUser = (upn: string, over: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA, ENTERPRISE],
  externalId: upn.split("@")[0],
  userName: upn,
  active: true,
  displayName: "Morgan Price",
  title: "Housing Officer",
  emails: [{ primary: true, type: "work", value: upn }],
  name: { formatted: "Morgan Price", familyName: "Price", givenName: "Morgan" },
  [ENTERPRISE]: { department: "Housing" },
  ...over,
});

const countRows = async (sql: string, params: unknown[] = []) => (await (await getDb()).get<{ n: number }>(sql, params))!.n;

beforeAll(async () => {
  process.env.OIDC_ROLE_MAP = "Intranet Champions=champion,Intranet Admins=admin";
  process.env.OIDC_DEPARTMENT_MAP = "Planning Staff=planning";
  resetEnvForTests();
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  planning = await createDepartment({ slug: "planning", name: "Planning" });
  admin = await createUser({ name: "Ada Admin", role: "admin", departmentId: planning.id });
  await ensureProfiles();
  const made = await createScimToken(await adminActor());
  if (!made.ok) throw new Error("no token");
  token = made.token;
  const app = express();
  app.use("/scim/v2", createScimRouter());
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.OIDC_ROLE_MAP;
  delete process.env.OIDC_DEPARTMENT_MAP;
  resetEnvForTests();
  await new Promise((r) => server.close(r));
});

describe("tokens", () => {
  it("answers 401 with a SCIM error and WWW-Authenticate to no token, a wrong one and a revoked one", async () => {
    for (const bad of [null, "nonsense", "scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const res = await scim("GET", "/scim/v2/Users", undefined, { token: bad });
      expectError(res, 401);
      expect(res.auth).toMatch(/^Bearer/);
    }
    const second = await createScimToken(await adminActor());
    if (!second.ok) throw new Error("no second token");
    expect((await scim("GET", "/scim/v2/ServiceProviderConfig", undefined, { token: second.token })).status).toBe(200);
    const db = await getDb();
    const id = (await db.get<{ id: number }>("SELECT id FROM scim_tokens ORDER BY id DESC LIMIT 1"))!.id;
    expect(await revokeScimToken(await adminActor(), id)).toBe(true);
    expectError(await scim("GET", "/scim/v2/Users", undefined, { token: second.token }), 401);
    // Stored only as a hash; the audit log says who made and revoked it.
    expect(await countRows("SELECT COUNT(*) AS n FROM scim_tokens WHERE token_hash = ?", [second.token])).toBe(0);
    expect(await countRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'directory-sync.token-revoked' AND actor_id = ?", [admin.id])).toBe(1);
  });

  it("describes itself: bearer tokens, PATCH and filters, no bulk", async () => {
    const res = await scim("GET", "/scim/v2/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.body.patch.supported).toBe(true);
    expect(res.body.filter.supported).toBe(true);
    expect(res.body.bulk.supported).toBe(false);
    expect(res.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
    const types = await scim("GET", "/scim/v2/ResourceTypes");
    expect(types.body.Resources.map((r: any) => r.name).sort()).toEqual(["Group", "User"]);
  });
});

describe("the provisioning conversation", () => {
  let morganId = "";

  it("creates a joiner, then finds them by userName and by externalId", async () => {
    const missing = await scim("GET", `/scim/v2/Users?filter=${encodeURIComponent('userName eq "morgan.price@riverside.test"')}`);
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });

    const created = await scim("POST", "/scim/v2/Users", entraUser("Morgan.Price@riverside.test"));
    expect(created.status).toBe(201);
    expectUser(created.body);
    expect(created.body).toMatchObject({ userName: "morgan.price@riverside.test", displayName: "Morgan Price", title: "Housing Officer", active: true, externalId: "Morgan.Price" });
    expect(created.body[ENTERPRISE].department).toBe("Housing");
    morganId = created.body.id;

    const db = await getDb();
    const row = await db.get<any>("SELECT u.name, u.department_id AS departmentId, u.password_hash AS hash, p.handle FROM users u JOIN people_profiles p ON p.user_id = u.id WHERE u.id = ?", [Number(morganId)]);
    expect(row).toMatchObject({ name: "Morgan Price", departmentId: housing.id, hash: null, handle: "morgan-price" });

    for (const filter of ['userName eq "MORGAN.PRICE@riverside.test"', 'externalId eq "Morgan.Price"']) {
      const found = await scim("GET", `/scim/v2/Users?filter=${encodeURIComponent(filter)}`);
      expect(found.body.totalResults).toBe(1);
      expectUser(found.body.Resources[0]);
      expect(found.body.Resources[0].id).toBe(morganId);
    }
    const one = await scim("GET", `/scim/v2/Users/${morganId}`);
    expect(one.status).toBe(200);
    expectUser(one.body);
    expect(await countRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.created' AND entity_id = ?", [Number(morganId)])).toBe(1);
  });

  it("refuses a second account with the same userName (409 uniqueness), writing nothing", async () => {
    const before = await countRows("SELECT COUNT(*) AS n FROM users");
    expectError(await scim("POST", "/scim/v2/Users", entraUser("morgan.price@riverside.test", { externalId: "other" })), 409, "uniqueness");
    expect(await countRows("SELECT COUNT(*) AS n FROM users")).toBe(before);
  });

  it("applies PATCH replace, add and remove as Entra ID sends them", async () => {
    const manager = await scim("POST", "/scim/v2/Users", entraUser("rhiannon.evans@riverside.test", { displayName: "Rhiannon Evans", externalId: "rhiannon", title: "Housing Manager" }));
    expect(manager.status).toBe(201);
    const patched = await scim("PATCH", `/scim/v2/Users/${morganId}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "title", value: "Senior Housing Officer" },
        { op: "Replace", path: "displayName", value: "Morgan Price-Jones" },
        { op: "Add", path: `${ENTERPRISE}:manager`, value: manager.body.id },
      ],
    });
    expect(patched.status).toBe(200);
    expectUser(patched.body);
    expect(patched.body).toMatchObject({ title: "Senior Housing Officer", displayName: "Morgan Price-Jones" });
    expect(patched.body[ENTERPRISE].manager.value).toBe(manager.body.id);
    const db = await getDb();
    expect(await db.get<any>("SELECT manager_id AS m FROM people_profiles WHERE user_id = ?", [Number(morganId)])).toEqual({ m: Number(manager.body.id) });

    const removed = await scim("PATCH", `/scim/v2/Users/${morganId}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: `${ENTERPRISE}:manager` }] });
    expect(removed.status).toBe(200);
    expect(removed.body[ENTERPRISE]?.manager).toBeUndefined();
    expect(await db.get<any>("SELECT manager_id AS m FROM people_profiles WHERE user_id = ?", [Number(morganId)])).toEqual({ m: null });
  });

  it("moves a mover: new department, pages of the old one handed over, default channels follow", async () => {
    const db = await getDb();
    const housingNews = await createChannel({ slug: "housing-news", name: "Housing news", departmentId: housing.id, isDefault: true });
    const planningNews = await createChannel({ slug: "planning-news", name: "Planning news", departmentId: planning.id, isDefault: true });
    const guide = await createItem({ type: "guide", departmentId: housing.id, ownerEmail: "morgan.price@riverside.test", deputyEmail: "rhiannon.evans@riverside.test" });
    const follows = async (channelId: number) => (await listFollowerIds(db, channelId)).includes(Number(morganId));
    expect(await follows(housingNews.id)).toBe(true);

    const moved = await scim("PATCH", `/scim/v2/Users/${morganId}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: `${ENTERPRISE}:department`, value: "Planning" }] });
    expect(moved.status).toBe(200);
    expect(moved.body[ENTERPRISE].department).toBe("Planning");
    expect((await db.get<any>("SELECT department_id AS d FROM users WHERE id = ?", [Number(morganId)]))!.d).toBe(planning.id);
    expect(await follows(planningNews.id)).toBe(true);
    expect(await follows(housingNews.id)).toBe(false);
    const owner = await db.get<any>("SELECT owner_email AS o FROM items WHERE id = ?", [guide.id]);
    expect(owner!.o).toBe("rhiannon.evans@riverside.test");
    expect(await countRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.department-changed' AND entity_id = ? AND detail_json LIKE '%directory-sync%'", [Number(morganId)])).toBe(1);
  });

  it("switches a leaver off ('False'), ends their sessions and hands their pages over", async () => {
    const db = await getDb();
    const rhiannon = (await db.get<{ id: number }>("SELECT id FROM users WHERE email = 'rhiannon.evans@riverside.test'"))!.id;
    const guide = await createItem({ type: "guide", departmentId: housing.id, ownerEmail: "rhiannon.evans@riverside.test" });
    await createUser({ name: "Cara Champion", role: "champion", departmentId: housing.id });
    await createSession(rhiannon);
    await createSession(rhiannon);
    expect(await countRows("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", [rhiannon])).toBe(2);

    const off = await scim("PATCH", `/scim/v2/Users/${rhiannon}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await countRows("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", [rhiannon])).toBe(0);
    expect((await db.get<any>("SELECT owner_email AS o FROM items WHERE id = ?", [guide.id]))!.o).not.toBe("rhiannon.evans@riverside.test");
    const audit = await db.get<any>("SELECT detail_json AS d FROM audit_log WHERE action = 'user.deactivated' AND entity_id = ?", [rhiannon]);
    expect(JSON.parse(audit!.d)).toMatchObject({ sessionsEnded: 2, source: "directory-sync" });
    // Still listed to the provider (it may switch them on again), never in the directory.
    expect((await scim("GET", `/scim/v2/Users/${rhiannon}`)).body.active).toBe(false);
    expect(await countRows("SELECT COUNT(*) AS n FROM people_changes WHERE user_id = ?", [rhiannon])).toBeGreaterThan(0);

    const on = await scim("PATCH", `/scim/v2/Users/${rhiannon}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: "True" } }] });
    expect(on.body.active).toBe(true);
  });

  it("never switches off the last administrator", async () => {
    const res = await scim("PATCH", `/scim/v2/Users/${admin.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] });
    expectError(res, 400, "mutability");
    expect((await (await getDb()).get<any>("SELECT active FROM users WHERE id = ?", [admin.id]))!.active).toBe(1);
  });

  it("maps groups to roles and departments with the sign-in maps, and follows membership changes", async () => {
    const db = await getDb();
    const created = await scim("POST", "/scim/v2/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Intranet Champions", externalId: "g-1", members: [] });
    expect(created.status).toBe(201);
    expect(created.body.schemas).toContain("urn:ietf:params:scim:schemas:core:2.0:Group");
    const groupId = created.body.id;

    const add = await scim("PATCH", `/scim/v2/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: morganId }] }] });
    expect([200, 204]).toContain(add.status);
    expect((await db.get<any>("SELECT role FROM users WHERE id = ?", [Number(morganId)]))!.role).toBe("champion");
    const user = await scim("GET", `/scim/v2/Users/${morganId}`);
    expect(user.body.groups).toEqual([expect.objectContaining({ value: groupId, display: "Intranet Champions" })]);

    const byName = await scim("GET", `/scim/v2/Groups?filter=${encodeURIComponent('displayName eq "Intranet Champions"')}&excludedAttributes=members`);
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0].members).toBeUndefined();

    // Entra ID's way of removing a member: the value list, not a filtered path.
    const remove = await scim("PATCH", `/scim/v2/Groups/${groupId}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ value: morganId }] }] });
    expect([200, 204]).toContain(remove.status);
    expect((await db.get<any>("SELECT role FROM users WHERE id = ?", [Number(morganId)]))!.role).toBe("staff");

    const staffGroup = await scim("POST", "/scim/v2/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Planning Staff", members: [{ value: morganId }] });
    expect(staffGroup.status).toBe(201);
    expect((await db.get<any>("SELECT department_id AS d FROM users WHERE id = ?", [Number(morganId)]))!.d).toBe(planning.id);

    expect((await scim("DELETE", `/scim/v2/Groups/${groupId}`)).status).toBe(204);
    expectError(await scim("GET", `/scim/v2/Groups/${groupId}`), 404);
  });

  it("refuses a group with a member who is not a User here, writing nothing", async () => {
    const before = await countRows("SELECT COUNT(*) AS n FROM scim_groups");
    expectError(await scim("POST", "/scim/v2/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Ghosts", members: [{ value: "999999" }] }), 400, "invalidValue");
    expect(await countRows("SELECT COUNT(*) AS n FROM scim_groups")).toBe(before);
  });

  it("pages through Users with startIndex and count", async () => {
    for (let i = 0; i < 5; i++) await scim("POST", "/scim/v2/Users", entraUser(`page${i}@riverside.test`, { externalId: `page${i}`, displayName: `Page ${i}` }));
    const all = await scim("GET", "/scim/v2/Users?startIndex=1&count=100");
    const total = all.body.totalResults;
    expect(total).toBeGreaterThanOrEqual(8);
    const page = await scim("GET", "/scim/v2/Users?startIndex=3&count=2");
    expect(page.body).toMatchObject({ schemas: [LIST], totalResults: total, startIndex: 3, itemsPerPage: 2 });
    expect(page.body.Resources.map((r: any) => r.id)).toEqual(all.body.Resources.slice(2, 4).map((r: any) => r.id));
    const filtered = await scim("GET", `/scim/v2/Users?filter=${encodeURIComponent('displayName sw "Page"')}`);
    expect(filtered.body.totalResults).toBe(5);
  });

  it("deletes (the provider's hard delete): switched off, no longer listed, 404 after", async () => {
    const made = await scim("POST", "/scim/v2/Users", entraUser("temp.worker@riverside.test", { externalId: "temp" }));
    expect((await scim("DELETE", `/scim/v2/Users/${made.body.id}`)).status).toBe(204);
    expectError(await scim("GET", `/scim/v2/Users/${made.body.id}`), 404);
    const db = await getDb();
    expect((await db.get<any>("SELECT active FROM users WHERE id = ?", [Number(made.body.id)]))!.active).toBe(0);
    // Provisioned again later: the same account comes back.
    const again = await scim("POST", "/scim/v2/Users", entraUser("temp.worker@riverside.test", { externalId: "temp" }));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(made.body.id);
    expect(again.body.active).toBe(true);
  });
});

describe("malformed requests", () => {
  it("answers a body that is not JSON with invalidSyntax", async () => {
    expectError(await scim("POST", "/scim/v2/Users", undefined, { raw: '{"userName": "x@riverside.test",' }), 400, "invalidSyntax");
    expectError(await scim("POST", "/scim/v2/Users", undefined, { raw: "userName=x", type: "application/x-www-form-urlencoded" }), 400, "invalidSyntax");
  });

  it("answers missing or wrong attributes with invalidValue, and writes nothing", async () => {
    const before = await countRows("SELECT COUNT(*) AS n FROM users");
    expectError(await scim("POST", "/scim/v2/Users", { schemas: [USER_SCHEMA], displayName: "No Name" }), 400, "invalidValue");
    expectError(await scim("POST", "/scim/v2/Users", { schemas: [USER_SCHEMA], userName: "not-an-email" }), 400, "invalidValue");
    expectError(await scim("POST", "/scim/v2/Users", { schemas: [USER_SCHEMA], userName: "x@riverside.test", active: "maybe" }), 400, "invalidValue");
    expectError(await scim("POST", "/scim/v2/Users", entraUser("y@riverside.test", { [ENTERPRISE]: { manager: { value: "boss" } } })), 400, "invalidValue");
    expect(await countRows("SELECT COUNT(*) AS n FROM users")).toBe(before);
  });

  it("answers bad PatchOps and filters with their scimType, and leaves the person as they were", async () => {
    const db = await getDb();
    const morgan = (await db.get<any>("SELECT id, name, job_title AS t FROM users WHERE email = 'morgan.price@riverside.test'"))!;
    expectError(await scim("PATCH", `/scim/v2/Users/${morgan.id}`, { Operations: [{ op: "replace", path: "title", value: "x" }] }), 400, "invalidSyntax");
    expectError(await scim("PATCH", `/scim/v2/Users/${morgan.id}`, { schemas: [PATCH], Operations: [{ op: "explode", path: "title" }] }), 400, "invalidSyntax");
    // The first operation is fine, the second is not: neither is kept.
    expectError(
      await scim("PATCH", `/scim/v2/Users/${morgan.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Changed" }, { op: "replace", path: `${ENTERPRISE}:manager`, value: "999999" }] }),
      400, "invalidValue",
    );
    expect(await db.get<any>("SELECT name, job_title AS t FROM users WHERE id = ?", [morgan.id])).toEqual({ name: morgan.name, t: morgan.t });
    for (const filter of ['userName zz "x"', '(userName eq "x"'])
      expectError(await scim("GET", `/scim/v2/Users?filter=${encodeURIComponent(filter)}`), 400, "invalidFilter");
    expectError(await scim("GET", "/scim/v2/Users/abc"), 404);
    expectError(await scim("GET", "/scim/v2/Nothing"), 404);
  });
});
