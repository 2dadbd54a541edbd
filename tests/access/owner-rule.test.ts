/**
 * Defect 3 (issue 14) at the two doors pages come in by: the editor refuses an owner or
 * deputy who could not open the page (a field error from the edit command's checks), and
 * importing a content file that names one reports it as file:line: field, as
 * `npm run check-content` does without a database.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkContent } from "~/commands/import-check.server";
import { importContent } from "~/commands/import.server";
import { checkReferences } from "~/commands/edit.server";
import { findItemById, findItemBySlug } from "~/models/item.server";
import * as newItem from "~/routes/editor.new.$type";
import { formatProblem } from "~/schemas/front-matter";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createItem, createUser } from "../factories";
import { copyFixture, edit, scratchDir } from "../import/helpers";
import { buildWorld, editorData, editorValues, type World } from "../editor/world";

let w: World;
let outsider: { id: number; email: string };
beforeAll(async () => {
  w = await buildWorld();
  outsider = await createUser({ role: "champion", departmentId: w.finance.id, email: "fin.champion@riverside.test" });
});

describe("the editor refuses owners and deputies who could not open the page", () => {
  const restricted = { audience: "departments", audienceDepartments: ["housing"] };

  it("names the field when the owner is outside the audience, and when the deputy is", async () => {
    const db = await getDb();
    const owner = await checkReferences(db, w.champion, editorData("guide", { ...restricted, owner: outsider.email }));
    expect(owner.owner).toMatch(/^fin\.champion@riverside\.test cannot open this page: it is only for some departments/);
    const deputy = await checkReferences(db, w.champion, editorData("guide", { ...restricted, deputy: outsider.email }));
    expect(deputy.deputy).toMatch(/cannot open this page/);
    expect(deputy.owner).toBeUndefined();
    const roles = await checkReferences(db, w.champion, editorData("guide", { audience: "roles", audienceRoles: ["manager"], owner: w.staff.email }));
    expect(roles.owner).toMatch(/only for some roles/);
  });

  it("refuses a new owner with no account or a switched-off one, and accepts one in the audience", async () => {
    const db = await getDb();
    expect((await checkReferences(db, w.champion, editorData("guide", { owner: "no.one@riverside.test" }))).owner).toMatch(/no account/);
    const gone = await createUser({ role: "champion", departmentId: w.housing.id });
    await db.run("UPDATE users SET active = 0 WHERE id = ?", [gone.id]);
    expect((await checkReferences(db, w.champion, editorData("guide", { owner: gone.email }))).owner).toMatch(/switched-off/);
    expect(await checkReferences(db, w.champion, editorData("guide", { ...restricted, owner: w.manager.email }))).toEqual({});
  });

  it("an audience narrowed under an existing owner is refused on the owner field; an owner from a content file without an account may stay", async () => {
    const db = await getDb();
    const item = await createItem({ type: "guide", departmentId: w.housing.id, ownerEmail: outsider.email, deputyEmail: "signs.in.later@riverside.test" });
    const existing = (await findItemById(db, item.id))!;
    const narrowed = await checkReferences(db, w.champion, editorData("guide", { ...restricted, owner: outsider.email, deputy: "signs.in.later@riverside.test" }), existing);
    expect(narrowed.owner).toMatch(/cannot open this page/);
    expect(narrowed.deputy).toBeUndefined();
  });

  it("the editor page answers 400 with the field error", async () => {
    const { token, csrfToken } = await createSession(w.champion.id);
    const body = new URLSearchParams({ csrf: csrfToken });
    const values = editorValues("guide", { ...restricted, owner: outsider.email });
    for (const [k, v] of Object.entries(values)) {
      if (typeof v === "boolean") v && body.append(k, "on");
      else if (typeof v === "string") body.append(k, v);
      else if (Array.isArray(v)) v.forEach((one) => body.append(k, String(one)));
      else if (v && typeof v === "object") for (const [part, value] of Object.entries(v)) body.append(`${k}-${part}`, String(value));
    }
    const request = new Request("http://localhost/editor/new/guide", {
      method: "POST", body,
      headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    const res = (await newItem.action({ request, params: { type: "guide" }, context: {} })) as Response;
    expect(res.status).toBe(400);
    expect((await res.json()).errors.owner).toMatch(/cannot open this page/);
  });
});

describe("content files name owners who can open the page", () => {
  it("import and check-content report an owner or deputy outside the audience as file:line: field", async () => {
    const dir = copyFixture("content-basic");
    // Fay is a Finance champion; Chris is in Housing. The guide is for Housing only.
    edit(path.join(dir, "guides", "claim-mileage.md"), "department: finance\n", "department: finance\naudience:\n  departments: [housing]\ndeputy: chris.champion@testborough.gov.uk\n");
    const checked = (await checkContent(dir)).problems.map(formatProblem).join("\n");
    // The owner is on line 7 of the file; the deputy (Chris, in Housing) may open it.
    expect(checked).toMatch(/claim-mileage\.md:7: owner: fay\.finance@testborough\.gov\.uk cannot open this page/);
    expect(checked).not.toMatch(/claim-mileage\.md:\d+: deputy/);
    const report = await importContent({ contentDir: dir, now: new Date("2026-11-25T12:00:00Z"), assets: { dir: scratchDir("assets"), urlPrefix: "/imported/" } });
    expect(report.errors.map(formatProblem).join("\n")).toMatch(/claim-mileage\.md:\d+: owner: fay\.finance@testborough\.gov\.uk cannot open this page/);
    expect(await findItemBySlug(await getDb(), "guide", "claim-mileage")).toBeUndefined();
  });
});
