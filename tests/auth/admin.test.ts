/**
 * The admin pages through their loaders and actions: invite with a one-time link, role,
 * department and grant changes (each audited), switching accounts off (which ends their
 * sessions), the guard rails, departments and channels (never deleted), the audit log's
 * filters and its formula-safe CSV, and bad input (field errors with values kept, 413).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as setPasswordAction, loader as setPasswordLoader } from "~/routes/set-password.$token";
import { action as inviteAction } from "~/routes/admin.users.new";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { action as departmentsAction } from "~/routes/admin.departments._index";
import { action as departmentAction } from "~/routes/admin.departments.$id";
import { action as channelsAction } from "~/routes/admin.channels._index";
import { action as channelAction } from "~/routes/admin.channels.$id";
import { loader as auditLoader } from "~/routes/admin.audit._index";
import { loader as auditCsvLoader } from "~/routes/admin.audit[.]csv";
import { signIn } from "~/commands/sign-in.server";
import { recordAudit } from "~/models/audit.server";
import { getOptionalUser } from "~/utils/auth.server";
import { neutraliseCell } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { getSession, SESSION_COOKIE } from "~/utils/session.server";
import { createDepartment, createUser, requestAs } from "../factories";
import { call, ORIGIN, post } from "./route-harness";

let admin: { id: number; email: string };
let housing: { id: number; slug: string };
let planning: { id: number; slug: string };

async function asAdmin(url: string, fields?: Record<string, string>, extra: Record<string, string> = {}): Promise<Request> {
  if (!fields) return requestAs(admin.id, url);
  const probe = await requestAs(admin.id, url);
  const user = await getOptionalUser(probe);
  return post(`${ORIGIN}${url}`, { csrf: user!.csrfToken, ...fields }, { cookie: probe.headers.get("cookie")!, origin: ORIGIN, ...extra });
}

const json = async (o: { body: string }) => JSON.parse(o.body);

async function audits(action: string, entityId?: number) {
  const db = await getDb();
  return db.all<{ actorId: number | null; detail: string }>(
    `SELECT actor_id AS actorId, detail_json AS detail FROM audit_log WHERE action = ? ${entityId ? "AND entity_id = ?" : ""} ORDER BY id`,
    entityId ? [action, entityId] : [action],
  );
}

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing-a", name: "Housing" });
  planning = await createDepartment({ slug: "planning-a", name: "Planning" });
  admin = await createUser({ role: "admin", departmentId: housing.id, email: "the.admin@riverside.test" });
});

describe("inviting someone", () => {
  it("creates the account, shows a one-time link once, and the link sets a password that signs them in", async () => {
    const res = await call(inviteAction, await asAdmin("/admin/users/new", { email: "New.Starter@Riverside.test", name: "New Starter", role: "champion", departmentId: String(housing.id), jobTitle: "Officer" }), {});
    expect(res.status).toBe(200);
    const data = await json(res);
    expect(data.invited.link).toMatch(/^http:\/\/localhost\/set-password\/[A-Za-z0-9_-]{43}$/);
    const token = data.invited.link.split("/").pop();
    const page = await call(setPasswordLoader, new Request(`${ORIGIN}/set-password/${token}`), { token });
    expect(page.status).toBe(200);
    expect(await json(page)).toMatchObject({ valid: true, email: "new.starter@riverside.test", invite: true });

    const weak = await call(setPasswordAction, post(`${ORIGIN}/set-password/${token}`, { password: "Riverside2026!", confirmPassword: "Riverside2026!" }, { origin: ORIGIN }), { token });
    expect(weak.status).toBe(400);
    expect((await json(weak)).errors.password).toMatch(/council/);

    const done = await call(setPasswordAction, post(`${ORIGIN}/set-password/${token}`, { password: "kettle umbrella sparrow", confirmPassword: "kettle umbrella sparrow" }, { origin: ORIGIN }), { token });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    const again = await call(setPasswordLoader, new Request(`${ORIGIN}/set-password/${token}`), { token });
    expect(again.status).toBe(410);
    const signedIn = await signIn(new Request(`${ORIGIN}/login`), "new.starter@riverside.test", "kettle umbrella sparrow", "192.0.2.50");
    expect(signedIn.ok).toBe(true);
    expect((await audits("user.invited", data.invited.id))[0].actorId).toBe(admin.id);
  });

  it("keeps what was typed and says what is wrong, field by field", async () => {
    const res = await call(inviteAction, await asAdmin("/admin/users/new", { email: "not-an-email", name: "", role: "overlord", departmentId: "abc", jobTitle: "Typed title" }), {});
    expect(res.status).toBe(400);
    const data = await json(res);
    expect(Object.keys(data.errors).sort()).toEqual(["departmentId", "email", "name", "role"]);
    expect(data.values).toMatchObject({ email: "not-an-email", jobTitle: "Typed title" });
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    await createUser({ email: "taken@riverside.test" });
    const res = await call(inviteAction, await asAdmin("/admin/users/new", { email: "TAKEN@riverside.test", name: "Someone", role: "staff" }), {});
    expect(res.status).toBe(400);
    expect((await json(res)).errors.email).toMatch(/already has an account/);
  });

  it("answers an oversized form with 413 and a message, never a 500", async () => {
    const res = await call(inviteAction, await asAdmin("/admin/users/new", { email: "big@riverside.test", name: "x".repeat(200_000), role: "staff" }), {});
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/larger than this form accepts/);
  });

  it("answers a body it cannot read with 400", async () => {
    const probe = await requestAs(admin.id, "/admin/users/new");
    const bad = new Request(`${ORIGIN}/admin/users/new`, {
      method: "POST", headers: { cookie: probe.headers.get("cookie")!, origin: ORIGIN, "content-type": "multipart/form-data; boundary=nope" }, body: "garbage",
    });
    expect((await call(inviteAction, bad, {})).status).toBe(400);
  });
});

describe("changing a person's access", () => {
  it("changes role and home department, audits each change, and the new role applies at once", async () => {
    const person = await createUser({ role: "staff", departmentId: housing.id });
    const theirRequest = await requestAs(person.id, "/");
    const res = await call(userAction, await asAdmin(`/admin/users/${person.id}`, { intent: "access", name: "Renamed Person", jobTitle: "Lead", role: "manager", departmentId: String(planning.id) }), { id: String(person.id) });
    expect(res.status).toBe(200);
    const me = await getOptionalUser(theirRequest);
    expect(me).toMatchObject({ role: "manager", departmentId: planning.id, name: "Renamed Person" });
    expect(JSON.parse((await audits("user.role-changed", person.id))[0].detail)).toEqual({ from: "staff", to: "manager" });
    expect(JSON.parse((await audits("user.department-changed", person.id))[0].detail)).toEqual({ from: housing.id, to: planning.id });
  });

  it("grants a department with or without publishing rights, changes it, removes it; all audited", async () => {
    const person = await createUser({ role: "champion", departmentId: housing.id });
    const req = (fields: Record<string, string>) => asAdmin(`/admin/users/${person.id}`, fields);
    expect((await call(userAction, await req({ intent: "grant", grantDepartmentId: String(planning.id) }), { id: String(person.id) })).status).toBe(200);
    let me = await getOptionalUser(await requestAs(person.id, "/"));
    expect(me?.grants).toEqual([{ departmentId: planning.id, canPublishUnreviewed: false }]);
    await call(userAction, await req({ intent: "grant", grantDepartmentId: String(planning.id), canPublishUnreviewed: "on" }), { id: String(person.id) });
    me = await getOptionalUser(await requestAs(person.id, "/"));
    expect(me?.grants).toEqual([{ departmentId: planning.id, canPublishUnreviewed: true }]);
    await call(userAction, await req({ intent: "revoke", departmentId: String(planning.id) }), { id: String(person.id) });
    me = await getOptionalUser(await requestAs(person.id, "/"));
    expect(me?.grants).toEqual([]);
    expect((await audits("user.grant-added", person.id)).length).toBe(1);
    expect(JSON.parse((await audits("user.grant-changed", person.id))[0].detail)).toMatchObject({ canPublishUnreviewed: true, before: { canPublishUnreviewed: false } });
    expect((await audits("user.grant-removed", person.id)).length).toBe(1);
  });

  it("switching an account off ends all its sessions at once and stops sign-in; switching on lets them sign in again", async () => {
    const person = await createUser({ role: "staff", departmentId: housing.id });
    const a = await requestAs(person.id, "/");
    const b = await requestAs(person.id, "/");
    const off = await call(userAction, await asAdmin(`/admin/users/${person.id}`, { intent: "deactivate" }), { id: String(person.id) });
    expect(off.status).toBe(200);
    expect(await getSession(a)).toBeNull();
    expect(await getSession(b)).toBeNull();
    const refused = await signIn(new Request(`${ORIGIN}/login`), person.email, "correct horse battery staple", "192.0.2.51");
    expect(refused).toMatchObject({ ok: false, status: 401 });
    if (!refused.ok) expect(refused.message).toMatch(/switched off/);
    expect(JSON.parse((await audits("user.deactivated", person.id))[0].detail)).toEqual({ sessionsEnded: 2 });
    await call(userAction, await asAdmin(`/admin/users/${person.id}`, { intent: "reactivate" }), { id: String(person.id) });
    expect((await signIn(new Request(`${ORIGIN}/login`), person.email, "correct horse battery staple", "192.0.2.52")).ok).toBe(true);
  });

  it("keeps the guard rails: no switching yourself off, no removing your own or the last admin role", async () => {
    const self = await call(userAction, await asAdmin(`/admin/users/${admin.id}`, { intent: "deactivate" }), { id: String(admin.id) });
    expect((await json(self)).errors.form).toMatch(/your own account/);
    const demote = await call(userAction, await asAdmin(`/admin/users/${admin.id}`, { intent: "access", name: "Admin", role: "staff", departmentId: "" }), { id: String(admin.id) });
    expect((await json(demote)).errors.role).toMatch(/your own administrator role/);
    const me = await getOptionalUser(await requestAs(admin.id, "/"));
    expect(me?.role).toBe("admin");
  });

  it("makes a new set-password link that replaces the earlier one", async () => {
    const person = await createUser({ role: "staff", departmentId: housing.id });
    const first = await json(await call(userAction, await asAdmin(`/admin/users/${person.id}`, { intent: "reset-link" }), { id: String(person.id) }));
    const second = await json(await call(userAction, await asAdmin(`/admin/users/${person.id}`, { intent: "reset-link" }), { id: String(person.id) }));
    const t1 = first.link.split("/").pop();
    const t2 = second.link.split("/").pop();
    expect((await call(setPasswordLoader, new Request(`${ORIGIN}/set-password/${t1}`), { token: t1 })).status).toBe(410);
    expect((await call(setPasswordLoader, new Request(`${ORIGIN}/set-password/${t2}`), { token: t2 })).status).toBe(200);
  });

  it("lists and searches people; a bad id is 404, not 500", async () => {
    await createUser({ name: "Zebedee Quartermaine", departmentId: planning.id });
    const list = await json(await call(usersLoader, await asAdmin("/admin/users?q=quarterm&status=all"), {}));
    expect(list.users.map((u: { name: string }) => u.name)).toEqual(["Zebedee Quartermaine"]);
    const odd = await call(usersLoader, await asAdmin("/admin/users?q=%25_%5C&role=emperor&page=-4"), {});
    expect(odd.status).toBe(200);
    for (const id of ["0", "abc", "99999999", "1e3", "-1"]) expect((await call(userLoader, await asAdmin(`/admin/users/${id}`), { id })).status).toBe(404);
  });
});

describe("departments and channels", () => {
  it("creates a department with its default channel, renames and archives it; nothing is deleted", async () => {
    const made = await call(departmentsAction, await asAdmin("/admin/departments", { name: "Parks & Open Spaces" }), {});
    expect(made.status).toBe(302);
    const id = Number(made.location!.match(/\/admin\/departments\/(\d+)/)![1]);
    const db = await getDb();
    expect(await db.get("SELECT slug, name FROM departments WHERE id = ?", [id])).toEqual({ slug: "parks-open-spaces", name: "Parks & Open Spaces" });
    expect(await db.get("SELECT slug, is_default AS isDefault FROM channels WHERE department_id = ?", [id])).toEqual({ slug: "parks-open-spaces-news", isDefault: 1 });
    await call(departmentAction, await asAdmin(`/admin/departments/${id}`, { intent: "rename", name: "Parks", description: "Green spaces" }), { id: String(id) });
    await call(departmentAction, await asAdmin(`/admin/departments/${id}`, { intent: "archive" }), { id: String(id) });
    const row = await db.get<{ name: string; archivedAt: string | null }>("SELECT name, archived_at AS archivedAt FROM departments WHERE id = ?", [id]);
    expect(row?.name).toBe("Parks");
    expect(row?.archivedAt).toBeTruthy();
    const dup = await call(departmentsAction, await asAdmin("/admin/departments", { name: "Parks again", slug: "parks-open-spaces" }), {});
    expect((await json(dup)).errors.slug).toMatch(/already uses/);
    const badSlug = await call(departmentsAction, await asAdmin("/admin/departments", { name: "X", slug: "Not A Slug!" }), {});
    expect((await json(badSlug)).errors.slug).toMatch(/lower-case/);
    expect((await audits("department.created", id)).length).toBe(1);
    expect((await audits("department.renamed", id)).length).toBe(1);
    expect((await audits("department.archived", id)).length).toBe(1);
  });

  it("creates, renames and archives a channel, but not a department's default channel", async () => {
    const made = await call(channelsAction, await asAdmin("/admin/channels", { name: "Corporate: Health & Safety", isMandatory: "on" }), {});
    expect(made.status).toBe(302);
    const id = Number(made.location!.match(/(\d+)/)![1]);
    await call(channelAction, await asAdmin(`/admin/channels/${id}`, { intent: "rename", name: "Health and safety" }), { id: String(id) });
    const archived = await call(channelAction, await asAdmin(`/admin/channels/${id}`, { intent: "archive" }), { id: String(id) });
    expect(archived.status).toBe(200);
    const db = await getDb();
    const row = await db.get<{ name: string; isMandatory: number; archivedAt: string | null; departmentId: number | null }>(
      "SELECT name, is_mandatory AS isMandatory, archived_at AS archivedAt, department_id AS departmentId FROM channels WHERE id = ?", [id]);
    expect(row).toMatchObject({ name: "Health and safety", isMandatory: 0, departmentId: null });
    expect(row?.archivedAt).toBeTruthy();
    const defaultChannel = await db.get<{ id: number }>("SELECT id FROM channels WHERE is_default = 1 LIMIT 1");
    const refused = await call(channelAction, await asAdmin(`/admin/channels/${defaultChannel!.id}`, { intent: "archive" }), { id: String(defaultChannel!.id) });
    expect((await json(refused)).errors.form).toMatch(/default channel/);
  });
});

describe("the audit log", () => {
  beforeAll(async () => {
    const db = await getDb();
    const sneaky = await createUser({ name: "=cmd|' /C calc'!A0", email: "sneaky@riverside.test" });
    await recordAudit(db, { actorId: sneaky.id, action: "test.formula", detail: {} }, "2026-03-30T12:00:00.000Z");
    await recordAudit(db, { actorId: admin.id, action: "test.formula", detail: { note: "=HYPERLINK(\"http://evil.example\",\"x\")" } }, "2026-03-29T12:00:00.000Z");
    await recordAudit(db, { actorId: null, action: "test.formula", detail: { note: "@SUM(A1)" } }, "2026-10-25T23:30:00.000Z");
  });

  it("filters by action family, person and UK dates, and pages", async () => {
    const all = await json(await call(auditLoader, await asAdmin("/admin/audit?action=test"), {}));
    expect(all.total).toBe(3);
    const byPerson = await json(await call(auditLoader, await asAdmin("/admin/audit?action=test.formula&actor=the.admin"), {}));
    expect(byPerson.total).toBe(1);
    // 23:30 UTC on 25 October is 23:30 in the UK (GMT again), so it is on the 25th.
    const day = await json(await call(auditLoader, await asAdmin("/admin/audit?action=test&from=2026-10-25&to=2026-10-25"), {}));
    expect(day.total).toBe(1);
    const sign = await json(await call(auditLoader, await asAdmin("/admin/audit?action=sign-in"), {}));
    expect(sign.entries.every((e: { action: string }) => e.action.startsWith("sign-in."))).toBe(true);
  });

  it("says which filter is wrong and keeps it, rather than failing", async () => {
    const res = await call(auditLoader, await asAdmin("/admin/audit?from=2026-02-30&to-day=yesterday&to-month=3&to-year=2026&action=%3Cscript%3E"), {});
    expect(res.status).toBe(200);
    const data = await json(res);
    expect(data.errors).toEqual({ action: "Choose an action from the list", from: "From date must be a real date", to: "To date must be a real date" });
    // What was typed comes back, box by box; an address from before the boxes is read into them.
    expect(data.values.to).toEqual({ day: "yesterday", month: "3", year: "2026" });
    expect(data.values.from).toEqual({ day: "30", month: "02", year: "2026" });
    // A 2-digit year is said as such.
    const short = await json(await call(auditLoader, await asAdmin("/admin/audit?from-day=1&from-month=3&from-year=26"), {}));
    expect(short.errors).toEqual({ from: "From date must include a year with 4 numbers, like 2027" });
  });

  it("exports CSV with formula cells neutralised and numbers left as numbers; the export is itself audited", async () => {
    const res = await call(auditCsvLoader, await asAdmin("/admin/audit.csv?action=test.formula"), {});
    expect(res.status).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_email,actor_name,action,entity_type,entity_id,detail");
    expect(lines).toHaveLength(4);
    expect(lines.join("\n")).not.toMatch(/(^|,)"?[=@+-]/m);
    expect(res.body).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(lines[1]).toMatch(/^\d+,/);
    expect((await audits("audit.exported")).length).toBeGreaterThan(0);
  });

  it.each([
    ["=1+1", "'=1+1"], ["+44 20", "'+44 20"], ["-2", "'-2"], ["@SUM(A1)", "'@SUM(A1)"], ["\tx", "'\tx"], ["\rx", "'\rx"],
    ["plain", "plain"], ["", ""], [-5, -5], [42, 42], [null, ""],
  ])("neutralises %j as %j", (input, expected) => {
    expect(neutraliseCell(input as string | number | null)).toEqual(expected);
  });

  it("is closed to everyone but administrators, and the refusal is audited", async () => {
    const comms = await createUser({ role: "comms", departmentId: housing.id });
    const res = await call(auditLoader, await requestAs(comms.id, "/admin/audit"), {});
    expect(res.status).toBe(403);
    await new Promise((r) => setTimeout(r, 50));
    const denied = await audits("access.denied");
    expect(denied.some((d) => d.actorId === comms.id && JSON.parse(d.detail).path === "/admin/audit")).toBe(true);
  });
});

describe("sign-in events in the audit log", () => {
  it("records success and failure with the address", async () => {
    const person = await createUser({ departmentId: housing.id });
    await signIn(new Request(`${ORIGIN}/login`), person.email, "wrong password entirely", "203.0.113.9");
    await signIn(new Request(`${ORIGIN}/login`), person.email, "correct horse battery staple", "203.0.113.9");
    const failure = (await audits("sign-in.failure", person.id)).map((a) => JSON.parse(a.detail));
    const success = (await audits("sign-in.success", person.id)).map((a) => JSON.parse(a.detail));
    expect(failure[0]).toMatchObject({ address: "203.0.113.9", method: "password", reason: "wrong-password" });
    expect(success[0]).toMatchObject({ address: "203.0.113.9", method: "password" });
    expect(SESSION_COOKIE).toBe("intranet_session");
  });
});
