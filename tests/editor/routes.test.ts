/** The editor's routes as the browser calls them: sign-in, permissions (404 for what you may not see), CSRF, field errors, 409 on conflict. */
import { beforeAll, describe, expect, test } from "vitest";
import * as editorHome from "~/routes/editor._index";
import * as reviewQueue from "~/routes/editor.review";
import * as newItem from "~/routes/editor.new.$type";
import * as editItem from "~/routes/editor.$id._index";
import * as preview from "~/routes/editor.preview";
import * as history from "~/routes/editor.$id.history";
import * as compare from "~/routes/editor.$id.compare";
import * as workflow from "~/routes/editor.$id.workflow";
import { findItemById } from "~/models/item.server";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { buildWorld, editorFormBody, editorValues, type World } from "./world";
import type { Actor } from "~/access/permissions.server";
import type { EditorValues } from "~/schemas/editor";

let w: World;
const sessions = new Map<number, { token: string; csrfToken: string }>();
beforeAll(async () => {
  w = await buildWorld();
});

async function session(actor: Actor) {
  if (!sessions.has(actor.id)) sessions.set(actor.id, await createSession(actor.id));
  return sessions.get(actor.id)!;
}

async function get(actor: Actor | null, path: string): Promise<Request> {
  const headers = new Headers();
  if (actor) headers.set("cookie", `${SESSION_COOKIE}=${(await session(actor)).token}`);
  return new Request(`http://localhost${path}`, { headers });
}

/** A form post as the editor sends it, with the session's CSRF token unless `csrf` says otherwise. */
async function post(actor: Actor, path: string, fields: Record<string, string | string[]>, options: { csrf?: string | null } = {}): Promise<Request> {
  const s = await session(actor);
  const body = new URLSearchParams();
  const csrf = options.csrf === undefined ? s.csrfToken : options.csrf;
  if (csrf !== null) body.append("csrf", csrf);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return new Request(`http://localhost${path}`, {
    method: "POST", body,
    headers: { cookie: `${SESSION_COOKIE}=${s.token}`, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
  });
}

function formOf(values: EditorValues): Record<string, string | string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of editorFormBody(values)) (out[k] ??= []).push(v);
  return out;
}

/** Runs a loader or action and returns its Response, thrown or returned. */
async function call(fn: (args: never) => Promise<unknown>, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await fn({ request, params, context: {} } as never);
    return result as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("who may use the editor", () => {
  test("signed-out visitors go to sign in", async () => {
    const res = await call(editorHome.loader, await get(null, "/editor"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Feditor/);
  });

  test.each([
    ["staff", 403],
    ["champion", 200],
    ["manager", 200],
    ["comms", 200],
    ["admin", 200],
  ] as const)("%s opening /editor: %i", async (role, status) => {
    expect((await call(editorHome.loader, await get(w[role], "/editor"))).status).toBe(status);
  });

  test.each([
    ["champion", 403],
    ["manager", 403],
    ["comms", 200],
  ] as const)("%s opening the review queue: %i", async (role, status) => {
    expect((await call(reviewQueue.loader, await get(w[role], "/editor/review"))).status).toBe(status);
  });

  test.each([
    ["champion", "guide", 200],
    ["champion", "announcement", 403],
    ["champion", "policy", 403],
    ["manager", "announcement", 200],
    ["comms", "policy", 200],
    ["comms", "leaflet", 404],
  ] as const)("%s opening /editor/new/%s: %i", async (role, type, status) => {
    expect((await call(newItem.loader, await get(w[role], `/editor/new/${type}`), { type })).status).toBe(status);
  });

  test("a guide template fills the body", async () => {
    const res = await call(newItem.loader, await get(w.champion, "/editor/new/guide?template=faq"), { type: "guide" });
    const data = await res.json();
    expect(data.values.body).toContain("## Who can ask for this?");
    expect(data.values.owner).toBe(w.champion.email);
  });
});

describe("creating and editing", () => {
  let id: number;

  test("a post without the CSRF token is refused", async () => {
    const res = await call(newItem.action, await post(w.champion, "/editor/new/guide", formOf(editorValues("guide")), { csrf: "wrong" }), { type: "guide" });
    expect(res.status).toBe(403);
  });

  test("errors come back per field with everything typed, status 400", async () => {
    const typed = editorValues("guide", { title: "", body: "My long careful text…", reviewBy: "2020-01-01", tags: "damp, mould" });
    const res = await call(newItem.action, await post(w.champion, "/editor/new/guide", { ...formOf(typed), intent: "submit" }), { type: "guide" });
    expect(res.status).toBe(400);
    const data = await res.json();
    expect(data.errors).toMatchObject({ title: "Enter a title", reviewBy: expect.stringMatching(/after the last reviewed/) });
    expect(data.values).toMatchObject({ body: "My long careful text…", tags: "damp, mould" });
  });

  test("a department the champion does not write for is a field error", async () => {
    const res = await call(newItem.action, await post(w.champion, "/editor/new/guide", formOf(editorValues("guide", { department: "finance" }))), { type: "guide" });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.department).toMatch(/your own departments/);
  });

  test("save and send for review: redirected to the editor with a message", async () => {
    const res = await call(newItem.action, await post(w.champion, "/editor/new/guide", { ...formOf(editorValues("guide", { title: "Tenancy sign-up checklist" })), intent: "submit" }), { type: "guide" });
    expect(res.status).toBe(302);
    const match = /^\/editor\/(\d+)\?done=submitted$/.exec(res.headers.get("location") ?? "");
    expect(match).not.toBeNull();
    id = Number(match![1]);
    const db = await getDb();
    expect((await findItemById(db, id))!.status).toBe("in-review");
  });

  test.each([
    ["staff", 404],
    ["champion of another department", 404],
    ["manager", 200],
    ["comms", 200],
  ] as const)("%s opening the item in the editor: %i", async (who, status) => {
    const actor = who === "champion of another department" ? { ...w.champion, id: (await createOtherChampion()).id } : w[who as "staff" | "manager" | "comms"];
    expect((await call(editItem.loader, await get(actor, `/editor/${id}`), { id: String(id) })).status).toBe(status);
  });

  test("odd ids are 404, not errors", async () => {
    for (const bad of ["abc", "0x1", "99999999", "-1", "1e3"])
      expect((await call(editItem.loader, await get(w.comms, `/editor/${bad}`), { id: bad })).status).toBe(404);
  });

  test("the edit page carries the revision it is based on, and shows the reviewer's buttons", async () => {
    const data = await (await call(editItem.loader, await get(w.comms, `/editor/${id}`), { id: String(id) })).json();
    expect(data).toMatchObject({ baseRevision: 1, state: "in-review", values: { title: "Tenancy sign-up checklist" } });
    expect(data.allowed).toEqual(expect.arrayContaining(["publish", "request-changes"]));
    const champ = await (await call(editItem.loader, await get(w.champion, `/editor/${id}`), { id: String(id) })).json();
    expect(champ.allowed).not.toContain("publish");
  });

  test("a second editor saving an out-of-date form gets 409 with both versions compared; nothing is lost", async () => {
    const ok = await call(editItem.action, await post(w.manager, `/editor/${id}`, { ...formOf(editorValues("guide", { title: "Tenancy sign-up checklist", body: "Manager's version." })), baseRevision: "1", intent: "save" }), { id: String(id) });
    expect(ok.status).toBe(302);
    const clash = await call(editItem.action, await post(w.champion, `/editor/${id}`, { ...formOf(editorValues("guide", { title: "Tenancy sign-up checklist", body: "Champion's version." })), baseRevision: "1", intent: "save" }), { id: String(id) });
    expect(clash.status).toBe(409);
    const data = await clash.json();
    expect(data.conflict).toMatchObject({ current: 2, theirs: 3, currentBy: "Morgan Manager" });
    expect(data.values.body).toBe("Champion's version.");
    const removed = data.conflict.comparison.body.filter((p: { removed?: boolean }) => p.removed).map((p: { value: string }) => p.value).join("");
    const added = data.conflict.comparison.body.filter((p: { added?: boolean }) => p.added).map((p: { value: string }) => p.value).join("");
    expect(removed).toContain("Manager");
    expect(added).toContain("Champion");
  });

  test("history lists every save with who, when, where from and note; compare shows a diff", async () => {
    const data = await (await call(history.loader, await get(w.champion, `/editor/${id}/history`), { id: String(id) })).json();
    expect(data.revisions.map((r: { number: number; by: string; source: string; note: string }) => [r.number, r.by, r.source, r.note])).toEqual([
      [3, "Chris Champion", "Web editor", "conflicting save"],
      [2, "Morgan Manager", "Web editor", ""],
      [1, "Chris Champion", "Web editor", ""],
    ]);
    const diff = await call(compare.loader, await get(w.champion, `/editor/${id}/compare?from=1&to=2`), { id: String(id) });
    expect(diff.status).toBe(200);
    expect((await diff.json()).comparison.identical).toBe(false);
    expect((await call(compare.loader, await get(w.champion, `/editor/${id}/compare?from=1&to=77`), { id: String(id) })).status).toBe(404);
    expect((await call(compare.loader, await get(w.staff, `/editor/${id}/compare?from=1&to=2`), { id: String(id) })).status).toBe(404);
  });

  test("sending back without a comment is a field error; with one it works", async () => {
    const bad = await call(workflow.action, await post(w.comms, `/editor/${id}/workflow`, { intent: "request-changes", comment: "  " }), { id: String(id) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.comment).toBe("Say what needs to change");
    const good = await call(workflow.action, await post(w.comms, `/editor/${id}/workflow`, { intent: "request-changes", comment: "Add the key safe code process." }), { id: String(id) });
    expect(good.headers.get("location")).toBe(`/editor/${id}?done=request-changes`);
    const page = await (await call(editItem.loader, await get(w.champion, `/editor/${id}`), { id: String(id) })).json();
    expect(page.changeRequest).toMatchObject({ by: "Casey Comms", comment: "Add the key safe code process." });
  });

  test("a champion cannot publish by posting the workflow form directly", async () => {
    await call(workflow.action, await post(w.champion, `/editor/${id}/workflow`, { intent: "submit" }), { id: String(id) });
    const res = await call(workflow.action, await post(w.champion, `/editor/${id}/workflow`, { intent: "publish" }), { id: String(id) });
    expect(res.status).toBe(403);
    const unknown = await call(workflow.action, await post(w.comms, `/editor/${id}/workflow`, { intent: "delete" }), { id: String(id) });
    expect(unknown.status).toBe(400);
  });

  test("restore from the history page makes a new revision", async () => {
    const res = await call(workflow.action, await post(w.champion, `/editor/${id}/workflow`, { intent: "restore", revision: "1" }), { id: String(id) });
    expect(res.headers.get("location")).toBe(`/editor/${id}?done=restored`);
    const data = await (await call(history.loader, await get(w.champion, `/editor/${id}/history`), { id: String(id) })).json();
    expect(data.revisions[0]).toMatchObject({ number: 4, source: "Restored", note: "Restored from revision 1" });
  });

  test("an oversized form is a 413, not a crash", async () => {
    const s = await session(w.champion);
    const big = new Request(`http://localhost/editor/${id}`, {
      method: "POST", body: "x".repeat(10),
      headers: { cookie: `${SESSION_COOKIE}=${s.token}`, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded", "content-length": "5000000" },
    });
    expect((await call(editItem.action, big, { id: String(id) })).status).toBe(413);
  });
});

describe("preview", () => {
  test("renders through the sanitiser: no script survives", async () => {
    const body = "## Hello\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) **bold**";
    const res = await call(preview.action, await post(w.champion, "/editor/preview", { type: "guide", live: "1", body }));
    const { html } = await res.json();
    expect(html).toContain('<h2 id="h-hello">Hello</h2>');
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  test("without JavaScript, the whole form comes back filled in with the preview", async () => {
    const values = editorValues("guide", { title: "Half-written", body: "Some *text*" });
    const res = await call(preview.action, await post(w.champion, "/editor/preview", { ...formOf(values), intent: "preview" }));
    const data = await res.json();
    expect(data).toMatchObject({ live: false, html: "<p>Some <em>text</em></p>\n", values: { title: "Half-written", body: "Some *text*" }, canSubmit: true });
  });

  test("previewing an item you cannot edit is 404; previewing a type you cannot write is 403", async () => {
    const db = await getDb();
    const row = await db.get<{ id: number }>("SELECT id FROM items WHERE type = 'guide' LIMIT 1");
    expect((await call(preview.action, await post(w.staff, "/editor/preview", { type: "guide", itemId: String(row!.id), body: "x" }))).status).toBe(404);
    expect((await call(preview.action, await post(w.champion, "/editor/preview", { type: "policy", body: "x" }))).status).toBe(403);
    expect((await call(preview.action, await post(w.champion, "/editor/preview", { type: "guide", body: "x" }, { csrf: null }))).status).toBe(403);
  });
});

let other: { id: number } | undefined;
async function createOtherChampion() {
  if (other) return other;
  const { createUser } = await import("../factories");
  other = await createUser({ role: "champion", departmentId: w.finance.id });
  return other;
}
