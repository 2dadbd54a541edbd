/**
 * Issue 18, step 3: "briefed in person" counts (decision 123) and reading settings
 * (decision 122); the must-read summary's reading-age advice.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as ackItem from "~/routes/acknowledgements.$itemId";
import * as ackIndex from "~/routes/acknowledgements._index";
import * as ackCsv from "~/routes/acknowledgements.$itemId.export[.]csv";
import * as briefed from "~/routes/acknowledgements.$itemId_.briefed";
import * as teamBriefing from "~/routes/departments.$slug_.briefing";
import * as reading from "~/routes/me_.reading";
import { action as logoutAction } from "~/routes/logout";
import { loader as rootLoader } from "~/root";
import { listOutstandingRecipients } from "~/models/acknowledgement.server";
import { checkReadability, readingAgeOf } from "~/utils/readability";
import { decodeReading, readingAttributes } from "~/utils/reading-settings";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createDepartment, createItem, createUser } from "../factories";
import { parseCsv } from "../delivery/http";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;

async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
  let res: Response;
  try {
    res = await handler({ request, params, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    res = thrown;
  }
  const body = await res.text();
  return { status: res.status, headers: res.headers, location: res.headers.get("location"), body, json: () => JSON.parse(body) };
}

async function signedIn(userId: number, extraCookie = "") {
  const { token, csrfToken } = await createSession(userId);
  const cookie = `${SESSION_COOKIE}=${token}${extraCookie ? `; ${extraCookie}` : ""}`;
  return {
    csrfToken,
    cookie,
    get: (h: Handler, url: string, params: Record<string, string> = {}) => call(h, new Request(new URL(url, "http://localhost"), { headers: { cookie } }), params),
    post: (h: Handler, url: string, fields: [string, string][], params: Record<string, string> = {}) =>
      call(h, new Request(new URL(url, "http://localhost"), {
        method: "POST",
        headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["csrf", csrfToken], ...fields]),
      }), params),
  };
}

describe("briefed in person", () => {
  let depot: { id: number; slug: string };
  let item: { id: number };
  let crew: { id: number }[];
  let outsider: { id: number };
  let manager: { id: number };
  let online: { id: number };

  beforeAll(async () => {
    depot = await createDepartment({ name: "Depot crews", slug: "bp-depot" });
    const other = await createDepartment({ name: "Libraries", slug: "bp-libraries" });
    item = await createItem({ title: "New lifting rules", mustRead: true, targetDepartmentIds: [depot.id, other.id] });
    crew = [await createUser({ departmentId: depot.id, name: "Ali Crew" }), await createUser({ departmentId: depot.id, name: "Bo Crew" })];
    online = await createUser({ departmentId: depot.id, name: "Cy Online" });
    outsider = await createUser({ departmentId: other.id, name: "Di Library" });
    manager = await createUser({ departmentId: depot.id, role: "manager", name: "Mo Manager" });
    const db = await getDb();
    await db.run("INSERT INTO acknowledgements (item_id, user_id, version, acknowledged_at) VALUES (?, ?, 0, ?)", [item.id, online.id, "2026-12-01T10:00:00.000Z"]);
  });

  it("refuses bad input field by field and people outside the manager's team, storing nothing", async () => {
    const m = await signedIn(manager.id);
    const params = { itemId: String(item.id) };
    const empty = await m.post(briefed.action, `/acknowledgements/${item.id}/briefed`, [], params);
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.json().errors).sort()).toEqual(["briefedOn", "ledBy", "people", "place"]);
    const future = await m.post(briefed.action, `/acknowledgements/${item.id}/briefed`, [
      ["briefedOn-day", "1"], ["briefedOn-month", "1"], ["briefedOn-year", "2099"], ["place", "Canteen"], ["ledBy", "Mo"], ["people", String(crew[0].id)],
    ], params);
    expect(future.json().errors.briefedOn).toMatch(/today or in the past/);
    const foreign = await m.post(briefed.action, `/acknowledgements/${item.id}/briefed`, [
      ["briefedOn-day", "2"], ["briefedOn-month", "12"], ["briefedOn-year", "2026"], ["place", "Canteen"], ["ledBy", "Mo"], ["people", String(outsider.id)],
    ], params);
    expect(foreign.status).toBe(400);
    expect(foreign.json().errors.people).toMatch(/your team/);
    expect(foreign.json().values.place).toBe("Canteen");
    expect((await (await getDb()).get<{ n: number }>("SELECT COUNT(*) AS n FROM briefings"))!.n).toBe(0);
    const staff = await signedIn(crew[0].id);
    expect((await staff.get(briefed.loader, `/acknowledgements/${item.id}/briefed`, params)).status).toBe(403);
  });

  it("records a briefing: counted separately and together, in the CSV, audited, and reminders skip them", async () => {
    const m = await signedIn(manager.id);
    const params = { itemId: String(item.id) };
    const before = (await listOutstandingRecipients(await getDb(), item.id)).map((p) => p.id);
    expect(before).toEqual(expect.arrayContaining([crew[0].id, crew[1].id]));

    const ok = await m.post(briefed.action, `/acknowledgements/${item.id}/briefed`, [
      ["briefedOn-day", "2"], ["briefedOn-month", "12"], ["briefedOn-year", "2026"], ["place", "Depot canteen"], ["ledBy", "Mo Manager"],
      ["people", String(crew[0].id)], ["people", String(crew[1].id)],
    ], params);
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/acknowledgements/${item.id}/briefed?recorded=2`);

    const detail = (await m.get(ackItem.loader, `/acknowledgements/${item.id}`, params)).json();
    expect(detail.completion).toEqual([expect.objectContaining({ departmentName: "Depot crews", inScope: 4, confirmed: 1, briefed: 2, reached: 3, percent: 75 })]);
    expect(detail.outstanding.map((p: { name: string }) => p.name)).toEqual(["Mo Manager"]);
    const overview = (await m.get(ackIndex.loader, "/acknowledgements")).json();
    expect(overview.rows.find((r: { id: number }) => r.id === item.id)).toMatchObject({ confirmed: 1, briefed: 2, reached: 3, percent: 75 });

    const page = (await m.get(briefed.loader, `/acknowledgements/${item.id}/briefed`, params)).json();
    expect(page.briefings).toEqual([expect.objectContaining({ briefedOn: "2026-12-02", place: "Depot canteen", ledBy: "Mo Manager", attendees: 2, recordedByName: "Mo Manager" })]);

    const after = (await listOutstandingRecipients(await getDb(), item.id)).map((p) => p.id);
    expect(after).not.toContain(crew[0].id);
    expect(after).not.toContain(crew[1].id);
    expect(after).toContain(manager.id);

    const comms = await createUser({ role: "comms" });
    const csv = parseCsv((await (await signedIn(comms.id)).get(ackCsv.loader, `/acknowledgements/${item.id}/export.csv`, params)).body.replace(/^\uFEFF/, ""));
    const ali = csv.find((r) => r.Name === "Ali Crew")!;
    expect(ali).toMatchObject({ Status: "Briefed in person", "Briefed in person on": "2026-12-02" });
    expect(csv.find((r) => r.Name === "Cy Online")).toMatchObject({ Status: "Confirmed", "Briefed in person on": "" });

    const audit = await (await getDb()).get<{ detail_json: string }>("SELECT detail_json FROM audit_log WHERE action = 'briefing.record' AND entity_id = ?", [item.id]);
    expect(JSON.parse(audit!.detail_json)).toMatchObject({ briefedOn: "2026-12-02", people: 2 });
  });

  it("the printable team briefing carries a sign-off sheet with who is still to confirm", async () => {
    const m = await signedIn(manager.id);
    const d = (await m.get(teamBriefing.loader, `/departments/${depot.slug}/briefing`, { slug: depot.slug })).json();
    const sheet = d.sheets.find((s: { id: number }) => s.id === item.id);
    expect(sheet).toBeDefined();
    expect(sheet.people.filter((p: { confirmedAt: string | null; briefedOn: string | null }) => !p.confirmedAt && !p.briefedOn).map((p: { name: string }) => p.name)).toEqual(["Mo Manager"]);
    const staff = await signedIn(crew[0].id);
    expect((await staff.get(teamBriefing.loader, `/departments/${depot.slug}/briefing`, { slug: depot.slug })).json().sheets).toEqual([]);
  });
});

describe("reading settings", () => {
  it("are saved on the server for a signed-in person and put on <html> by the layout", async () => {
    const u = await createUser();
    const s = await signedIn(u.id);
    const bad = await s.post(reading.action, "/me/reading", [["textSize", "huge"], ["spacing", "wide"], ["contrast", "high"], ["motion", "reduce"]]);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json().errors)).toEqual(["textSize"]);
    const ok = await s.post(reading.action, "/me/reading", [["textSize", "larger"], ["spacing", "wide"], ["contrast", "high"], ["motion", "reduce"]]);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("set-cookie")).toBeNull();
    const root = (await s.get(rootLoader as Handler, "/")).json();
    expect(root.reading).toEqual({ textSize: "larger", spacing: "wide", contrast: "high", motion: "reduce" });
    expect(readingAttributes(root.reading)).toEqual({ "data-text-size": "larger", "data-spacing": "wide", "data-contrast": "high", "data-motion": "reduce" });
    // Another browser of the same person gets them too.
    expect((await (await signedIn(u.id)).get(reading.loader, "/me/reading")).json().settings.textSize).toBe("larger");
  });

  it("live in a browser-session cookie on a shared device, cleared by Done", async () => {
    const u = await createUser();
    const db = await getDb();
    const { lastID: deviceId } = await db.run("INSERT INTO shared_devices (label, idle_minutes, created_at) VALUES ('Kiosk', 5, ?)", [new Date().toISOString()]);
    const s = await signedIn(u.id);
    await db.run("UPDATE sessions SET shared_device_id = ? WHERE user_id = ?", [deviceId, u.id]);
    const ok = await s.post(reading.action, "/me/reading", [["textSize", "large"], ["spacing", "standard"], ["contrast", "high"], ["motion", "standard"]]);
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^intranet_reading=large\.standard\.high\.standard; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await db.get("SELECT 1 FROM reading_settings WHERE user_id = ?", [u.id])).toBeUndefined();
    const withCookie = await signedIn(u.id, cookie.split(";")[0]);
    await db.run("UPDATE sessions SET shared_device_id = ? WHERE user_id = ?", [deviceId, u.id]);
    expect((await withCookie.get(rootLoader as Handler, "/")).json().reading).toMatchObject({ textSize: "large", contrast: "high" });
    const done = await withCookie.post(logoutAction as Handler, "/logout", [["done", "1"]]);
    expect(done.headers.get("set-cookie")).toMatch(/intranet_reading=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect(decodeReading("huge.x.y.z")).toEqual(decodeReading(null));
  });
});

describe("a must-read's summary", () => {
  it("is flagged when it reads above age 12, only for must-reads", () => {
    const hard = "Notwithstanding the aforementioned organisational considerations, departmental representatives must familiarise themselves comprehensively with the revised occupational manual handling documentation.";
    expect(readingAgeOf(hard)).toBeGreaterThan(12);
    expect(checkReadability("Lift with care.", { summary: hard, mustRead: true }).advice.map((a) => a.rule)).toContain("summary-reading-age");
    expect(checkReadability("Lift with care.", { summary: hard }).advice.map((a) => a.rule)).not.toContain("summary-reading-age");
    expect(checkReadability("Lift with care.", { summary: "Bend your knees. Keep the load close.", mustRead: true }).advice.map((a) => a.rule)).not.toContain("summary-reading-age");
  });
});
