/**
 * Access codes (issue 18): issue one and in bulk (CSV problems by line, nothing partial),
 * hashed, single use, expiry, revoke by re-issue, the one message for every wrong case,
 * throttling per account, the audit trail, sign-in by employee number afterwards, and
 * accounts without email (the outbox refuses them; the completion list and CSV say so).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as issueAction, loader as issueLoader } from "~/routes/access-codes._index";
import { action as redeemAction } from "~/routes/login_.code";
import { action as loginAction } from "~/routes/login";
import { CODE_WRONG, expireAccessCodes, issueAccessCodes, normaliseCode } from "~/commands/access-codes.server";
import { enqueueMessage } from "~/models/outbox.server";
import { parseEmployeeCsv } from "~/schemas/access-codes";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { createDepartment, createUser, requestAs } from "../factories";
import { call, ORIGIN, post } from "../auth/route-harness";

let depot: { id: number };
let office: { id: number };
let manager: { id: number };
let admin: { id: number };
let staff: { id: number };

const body = (o: { body: string }) => JSON.parse(o.body);
const enc = new TextEncoder();

async function formAs(userId: number, url: string, fields: Record<string, string>): Promise<Request> {
  const probe = await requestAs(userId, url);
  const user = await getOptionalUser(probe);
  return post(`${ORIGIN}${url}`, { csrf: user!.csrfToken, ...fields }, { cookie: probe.headers.get("cookie")!, origin: ORIGIN });
}

async function csvAs(userId: number, csv: string | Uint8Array, departmentId: number): Promise<Request> {
  const probe = await requestAs(userId, "/access-codes");
  const user = await getOptionalUser(probe);
  const form = new FormData();
  form.set("csrf", user!.csrfToken);
  form.set("intent", "csv");
  form.set("departmentId", String(departmentId));
  form.set("file", new File([(typeof csv === "string" ? enc.encode(csv) : csv) as Uint8Array<ArrayBuffer>], "team.csv", { type: "text/csv" }));
  const encoded = new Response(form);
  return new Request(`${ORIGIN}/access-codes`, {
    method: "POST", body: await encoded.arrayBuffer(),
    headers: { cookie: probe.headers.get("cookie")!, origin: ORIGIN, "content-type": encoded.headers.get("content-type")! },
  });
}

const redeem = (fields: Record<string, string>, ip = "198.51.100.7") => call(redeemAction, post(`${ORIGIN}/login/code`, fields, { origin: ORIGIN }), {}, { clientIp: ip });

async function audits(action: string) {
  return (await getDb()).all<{ entityId: number; detail: string }>("SELECT entity_id AS entityId, detail_json AS detail FROM audit_log WHERE action = ? ORDER BY id", [action]);
}

beforeAll(async () => {
  depot = await createDepartment({ slug: "depot", name: "Waste depot" });
  office = await createDepartment({ slug: "office", name: "Office" });
  manager = await createUser({ role: "manager", departmentId: depot.id });
  admin = await createUser({ role: "admin", departmentId: office.id });
  staff = await createUser({ role: "staff", departmentId: depot.id });
});

describe("issuing", () => {
  it("lets a manager issue for their own department only, and not staff at all", async () => {
    expect((await call(issueLoader, await requestAs(staff.id, "/access-codes"), {})).status).toBe(403);
    const refused = await call(issueAction, await formAs(manager.id, "/access-codes", { intent: "one", employeeNumber: "E900", name: "Ola Office", departmentId: String(office.id) }), {});
    expect(refused.status).toBe(400);
    expect(body(refused).errors.form).toMatch(/own department/);
    const ok = await call(issueAction, await formAs(manager.id, "/access-codes", { intent: "one", employeeNumber: "e 1001", name: "Dee Driver", departmentId: String(depot.id) }), {});
    expect(ok.status).toBe(200);
    const letter = body(ok).letters[0];
    expect(letter).toMatchObject({ name: "Dee Driver", employeeNumber: "E1001" });
    expect(letter.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(letter.qrSvg).toMatch(/^<svg/);
    expect(body(ok).signInUrl).toBe("http://localhost/login/code");
    // Hashed: the code is nowhere in the database.
    const db = await getDb();
    const stored = await db.all<{ code_hash: string }>("SELECT code_hash FROM access_codes");
    expect(JSON.stringify(stored)).not.toContain(normaliseCode(letter.code));
    const person = await db.get<{ email: string; email_missing: number }>("SELECT email, email_missing FROM users WHERE employee_number = 'E1001'");
    expect(person).toEqual({ email: "employee-e1001@no-email.invalid", email_missing: 1 });
    expect((await audits("access-code.issue")).length).toBeGreaterThan(0);
  });

  it("issues a team from a CSV, or reports every bad line and issues nothing", async () => {
    const db = await getDb();
    const before = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM access_codes"))!.n;
    const bad = await call(issueAction, await csvAs(manager.id, "Employee number,Name\nE2001,Ann Able\n,No Number\nE2001,Ann Again\nE2004\nE20!5,Bad Char\n\"E2006,Unclosed\n", depot.id), {});
    expect(bad.status).toBe(400);
    const errors: string[] = body(bad).csvErrors;
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^team\.csv: Line 3: Enter the employee number/),
      expect.stringMatching(/Line 4: employee number E2001 is also on line 2/),
      expect.stringMatching(/Line 5: expected 2 or 3 columns/),
      expect.stringMatching(/Line 6: Employee number can only use/),
      expect.stringMatching(/Line 7: a quotation mark is opened but never closed/),
    ]));
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM access_codes"))!.n).toBe(before);
    expect(await db.get("SELECT id FROM users WHERE employee_number = 'E2001'")).toBeUndefined();

    const unreadable = await call(issueAction, await csvAs(manager.id, new Uint8Array([0xff, 0xfe, 0x00, 0x41]), depot.id), {});
    expect(body(unreadable).csvErrors[0]).toMatch(/could not be read as text/);

    const good = await call(issueAction, await csvAs(manager.id, "\uFEFFE3001,Bo Bin,Loader\r\nE3002,\"Cy, Crew\",Driver\r\n", depot.id), {});
    expect(good.status).toBe(200);
    expect(body(good).letters.map((l: { name: string }) => l.name)).toEqual(["Bo Bin", "Cy, Crew"]);
  });

  it("refuses the whole batch when one number belongs to someone in another department", async () => {
    await issueAccessCodes({ id: admin.id, email: "a@x", name: "A", role: "admin", departmentId: office.id }, office.id, [{ employeeNumber: "E4001", name: "Os Office" }]);
    const res = await call(issueAction, await csvAs(manager.id, "E4002,New Person\nE4001,Os Office\n", depot.id), {});
    expect(res.status).toBe(400);
    expect(body(res).csvErrors[0]).toMatch(/E4001: this employee number belongs to someone outside your department/);
    expect(await (await getDb()).get("SELECT id FROM users WHERE employee_number = 'E4002'")).toBeUndefined();
  });

  it("parses quoted fields and line numbers of multi-line cells", () => {
    const r = parseEmployeeCsv(enc.encode('E1,"Name, with comma"\nE2,"Two\nlines"\nE3,Three,Title,extra\n'));
    expect(r).toEqual({ ok: false, errors: ["Line 4: expected 2 or 3 columns (employee number, full name, and optionally job title), found 4."] });
  });
});

describe("redeeming", () => {
  async function fresh(number: string) {
    const r = await issueAccessCodes({ id: manager.id, email: "m@x", name: "M", role: "manager", departmentId: depot.id }, depot.id, [{ employeeNumber: number, name: `Person ${number}` }]);
    if (!r.ok) throw new Error(r.errors.join());
    return r.letters[0];
  }

  it("checks the code, then sets a passphrase, signs in, and the code works only once", async () => {
    const letter = await fresh("E5001");
    const step1 = await redeem({ intent: "check", employeeNumber: "e5001", code: letter.code.toLowerCase().replace(/-/g, " ") });
    expect(step1.status).toBe(200);
    expect(body(step1).step).toBe("choose");
    const weak = await redeem({ intent: "choose", employeeNumber: "E5001", code: letter.code, passphrase: "short", passphraseAgain: "short" });
    expect(body(weak).errors.passphrase).toMatch(/12 characters/);
    const pin = await redeem({ intent: "choose", employeeNumber: "E5001", code: letter.code, kind: "pin", pin: "482913", pinAgain: "482913" });
    expect(body(pin).step).toBe("choose"); // no PIN on a personal device: the passphrase field is what counts
    const done = await redeem({ intent: "choose", employeeNumber: "E5001", code: letter.code, passphrase: "gravel lantern otter", passphraseAgain: "gravel lantern otter" });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    const again = await redeem({ intent: "check", employeeNumber: "E5001", code: letter.code });
    expect(again.status).toBe(401);
    expect(body(again).errors.form).toBe(CODE_WRONG);
    expect((await audits("access-code.redeem")).length).toBe(1);

    // Afterwards: employee number and passphrase on the ordinary sign-in page.
    const login = await call(loginAction, post(`${ORIGIN}/login`, { email: "e5001", password: "gravel lantern otter" }, { origin: ORIGIN }), {});
    expect(login.status).toBe(302);
  });

  it("gives one message for a wrong code, a wrong number, an expired, a revoked and a reused code", async () => {
    const revoked = await fresh("E6001");
    await fresh("E6001"); // re-issued: the first letter is revoked
    const expired = await fresh("E6002");
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect(await expireAccessCodes(later)).toBeGreaterThan(0);
    const right = await fresh("E6003");
    const cases = [
      { employeeNumber: "E6001", code: revoked.code },
      { employeeNumber: "E6003", code: "AAAA-BBBB-CCCC" },
      { employeeNumber: "E9999", code: right.code },
      { employeeNumber: "E6002", code: expired.code },
      { employeeNumber: "%%", code: right.code },
    ];
    for (const [n, c] of cases.entries()) {
      const res = await redeem({ intent: "check", ...c }, `203.0.113.${n + 1}`);
      expect(res.status, JSON.stringify(c)).toBe(401);
      expect(body(res).errors).toEqual({ form: CODE_WRONG });
    }
    expect((await audits("access-code.revoke")).length).toBeGreaterThan(0);
    expect((await audits("access-code.expire")).some((a) => JSON.parse(a.detail).code)).toBe(true);
  });

  it("locks an employee number after five wrong codes, even with the right one after", async () => {
    const letter = await fresh("E7001");
    for (let i = 0; i < 5; i++) expect((await redeem({ intent: "check", employeeNumber: "E7001", code: `WRONG-${i}` }, `192.0.2.${i + 10}`)).status).toBe(401);
    const locked = await redeem({ intent: "check", employeeNumber: "E7001", code: letter.code }, "192.0.2.99");
    expect(locked.status).toBe(429);
    expect(body(locked).errors.form).toMatch(/Too many tries/);
  });

  it("answers malformed input with field messages", async () => {
    const res = await redeem({ intent: "check", employeeNumber: "", code: "" });
    expect(res.status).toBe(400);
    expect(Object.keys(body(res).errors).sort()).toEqual(["code", "employeeNumber"]);
  });
});

describe("accounts without email", () => {
  it("are never queued email", async () => {
    const db = await getDb();
    const person = await db.get<{ id: number }>("SELECT id FROM users WHERE employee_number = 'E1001'");
    expect(await enqueueMessage(db, { kind: "email", purpose: "reminder", dedupeKey: "no-email-test", userId: person!.id })).toBe(false);
    const withEmail = await createUser({ departmentId: depot.id });
    expect(await enqueueMessage(db, { kind: "email", purpose: "reminder", dedupeKey: "email-test", userId: withEmail.id })).toBe(true);
  });

  it("say 'no email' on their account page", async () => {
    const { loader } = await import("~/routes/account");
    const db = await getDb();
    const person = await db.get<{ id: number }>("SELECT id FROM users WHERE employee_number = 'E5001'");
    const res = await call(loader, await requestAs(person!.id, "/account"), {});
    expect(body(res).me).toMatchObject({ email: null, employeeNumber: "E5001" });
  });
});
