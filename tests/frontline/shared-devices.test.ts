/**
 * Shared devices (issue 18, decision 121): an admin marks the browser (signed cookie),
 * PIN sign-in only there, sessions tied to the device with its short idle time-out,
 * revoking ends them, no-store on every answer, the whose-session data for the bar.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action as devicesAction, loader as devicesLoader } from "~/routes/admin.devices";
import { action as loginAction } from "~/routes/login";
import { action as redeemAction } from "~/routes/login_.code";
import { action as logoutAction } from "~/routes/logout";
import { loader as rootLoader } from "~/root";
import { handleDataRequest } from "~/entry.server";
import { issueAccessCodes } from "~/commands/access-codes.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { DEVICE_COOKIE, sharedDeviceOf } from "~/utils/shared-device.server";
import { SESSION_COOKIE } from "~/utils/session.server";
import { createDepartment, createUser, requestAs } from "../factories";
import { call, ORIGIN, post } from "../auth/route-harness";

let admin: { id: number };
let depot: { id: number };
let deviceCookie = "";

const body = (o: { body: string }) => JSON.parse(o.body);

async function asAdmin(fields: Record<string, string>): Promise<Request> {
  const probe = await requestAs(admin.id, "/admin/devices");
  const user = await getOptionalUser(probe);
  return post(`${ORIGIN}/admin/devices`, { csrf: user!.csrfToken, ...fields }, { cookie: probe.headers.get("cookie")!, origin: ORIGIN });
}

function cookieFrom(res: Response | { headers: Headers }, name: string): string {
  const all = res.headers.get("set-cookie") ?? "";
  const m = new RegExp(`${name}=([^;]*)`).exec(all);
  return m ? `${name}=${m[1]}` : "";
}

async function raw(handler: (a: never) => unknown, request: Request): Promise<Response> {
  try {
    return (await handler({ request, params: {}, context: { clientIp: "127.0.0.1" } } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  depot = await createDepartment({ slug: "sd-depot" });
  admin = await createUser({ role: "admin", departmentId: depot.id });
});

describe("marking a device", () => {
  it("sets a signed, long-lived device cookie from the admin page; forged or revoked ones do not count", async () => {
    const bad = await call(devicesAction, await asAdmin({ intent: "mark", label: "", idleMinutes: "0" }), {});
    expect(Object.keys(body(bad).errors).sort()).toEqual(["idleMinutes", "label"]);
    const res = await raw(devicesAction, await asAdmin({ intent: "mark", label: "Depot tablet", idleMinutes: "5" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/intranet_device=\d+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=34560000/);
    deviceCookie = cookieFrom(res, DEVICE_COOKIE);
    expect(await sharedDeviceOf(new Request(ORIGIN, { headers: { cookie: deviceCookie } }))).toMatchObject({ label: "Depot tablet", idleMinutes: 5 });
    const forged = deviceCookie.replace(/\.(.)/, (_m, c) => `.${c === "A" ? "B" : "A"}`);
    expect(await sharedDeviceOf(new Request(ORIGIN, { headers: { cookie: forged } }))).toBeNull();
    const list = await call(devicesLoader, await requestAs(admin.id, "/admin/devices"), {});
    expect(body(list).devices.map((d: { label: string }) => d.label)).toContain("Depot tablet");
    const staff = await createUser({ departmentId: depot.id });
    expect((await call(devicesLoader, await requestAs(staff.id, "/admin/devices"), {})).status).toBe(403);
  });
});

describe("on a shared device", () => {
  let pinPerson = "";

  it("a code is redeemed for a PIN (only here), and employee number + PIN signs in with a browser-session cookie", async () => {
    const r = await issueAccessCodes({ id: admin.id, email: "a@x", name: "A", role: "admin", departmentId: depot.id }, depot.id, [{ employeeNumber: "K100", name: "Kit Kiosk" }]);
    if (!r.ok) throw new Error(r.errors.join());
    pinPerson = "K100";
    const weak = await call(redeemAction, post(`${ORIGIN}/login/code`, { intent: "choose", employeeNumber: "K100", code: r.letters[0].code, kind: "pin", pin: "123456", pinAgain: "123456" }, { origin: ORIGIN, cookie: deviceCookie }), {});
    expect(body(weak).errors.pin).toMatch(/harder to guess/);
    const res = await raw(redeemAction, post(`${ORIGIN}/login/code`, { intent: "choose", employeeNumber: "K100", code: r.letters[0].code, kind: "pin", pin: "583920", pinAgain: "583920" }, { origin: ORIGIN, cookie: deviceCookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).not.toMatch(/Max-Age/);

    const login = await raw(loginAction, post(`${ORIGIN}/login`, { email: "K100", password: "583920" }, { origin: ORIGIN, cookie: deviceCookie }));
    expect(login.status).toBe(302);
    expect(login.headers.get("set-cookie")).not.toMatch(/Max-Age/);
    const session = cookieFrom(login, SESSION_COOKIE);
    const user = await getOptionalUser(new Request(ORIGIN, { headers: { cookie: `${session}; ${deviceCookie}` } }));
    expect(user?.sharedDevice).toMatchObject({ idleMinutes: 5 });
    const root = await call(rootLoader, new Request(ORIGIN, { headers: { cookie: `${session}; ${deviceCookie}` } }), {});
    expect(body(root).user).toMatchObject({ name: "Kit Kiosk", sharedDevice: { idleMinutes: 5 } });

    // The same PIN on a personal browser is refused (a PIN is not a password).
    const elsewhere = await call(loginAction, post(`${ORIGIN}/login`, { email: pinPerson, password: "583920" }, { origin: ORIGIN }), {});
    expect(elsewhere.status).toBe(401);
  });

  it("ends the session after the device's idle minutes, and on Done (clearing what the browser kept)", async () => {
    const login = await raw(loginAction, post(`${ORIGIN}/login`, { email: "K100", password: "583920" }, { origin: ORIGIN, cookie: deviceCookie }));
    const session = cookieFrom(login, SESSION_COOKIE);
    const cookie = `${session}; ${deviceCookie}`;
    const db = await getDb();
    const six = new Date(Date.now() - 6 * 60_000).toISOString();
    await db.run("UPDATE sessions SET last_seen_at = ? WHERE shared_device_id IS NOT NULL", [six]);
    expect(await getOptionalUser(new Request(ORIGIN, { headers: { cookie } }))).toBeNull();

    const again = cookieFrom(await raw(loginAction, post(`${ORIGIN}/login`, { email: "K100", password: "583920" }, { origin: ORIGIN, cookie: deviceCookie })), SESSION_COOKIE);
    const user = await getOptionalUser(new Request(ORIGIN, { headers: { cookie: `${again}; ${deviceCookie}` } }));
    const done = await raw(logoutAction, post(`${ORIGIN}/logout`, { csrf: user!.csrfToken, done: "1" }, { origin: ORIGIN, cookie: `${again}; ${deviceCookie}` }));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/login");
    expect(done.headers.get("clear-site-data")).toBe('"cache", "storage"');
    expect(await getOptionalUser(new Request(ORIGIN, { headers: { cookie: `${again}; ${deviceCookie}` } }))).toBeNull();
  });

  it("sends no-store on every loader answer there", () => {
    const shared = handleDataRequest(new Response("{}"), { request: new Request(ORIGIN, { headers: { cookie: deviceCookie } }) });
    expect(shared.headers.get("cache-control")).toBe("no-store");
    const personal = handleDataRequest(new Response("{}"), { request: new Request(ORIGIN) });
    expect(personal.headers.get("cache-control")).toBeNull();
  });

  it("revoking the device ends its sessions and its cookie stops counting", async () => {
    const login = await raw(loginAction, post(`${ORIGIN}/login`, { email: "K100", password: "583920" }, { origin: ORIGIN, cookie: deviceCookie }));
    const cookie = `${cookieFrom(login, SESSION_COOKIE)}; ${deviceCookie}`;
    const id = deviceCookie.split("=")[1].split(".")[0];
    const res = await raw(devicesAction, await asAdmin({ intent: "revoke", id }));
    expect(res.status).toBe(302);
    expect(await getOptionalUser(new Request(ORIGIN, { headers: { cookie } }))).toBeNull();
    expect(await sharedDeviceOf(new Request(ORIGIN, { headers: { cookie: deviceCookie } }))).toBeNull();
    const audit = await (await getDb()).all<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'shared-device.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(["shared-device.mark", "shared-device.revoke"]);
  });
});
