/**
 * Attachments (issue 21): type by content, every refused case names the file and stores
 * nothing, images re-encoded without metadata, replacing keeps the address and earlier
 * versions, and every download asks the item's audience (also after it is restricted).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { attachFile, documentsOfItem, editorAttachments, openFile, replaceFile, updateFileDetails } from "~/commands/attachments.server";
import { createFromEditor } from "~/commands/edit.server";
import { runWorkflowAction } from "~/commands/workflow.server";
import { loader as fileLoader } from "~/routes/files.$id.$name";
import { action as documentsAction, loader as documentsLoader } from "~/routes/editor.$id.documents";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { checkUpload } from "~/utils/uploads.server";
import { createUser, requestAs } from "../factories";
import { buildWorld, editorData, editorFormBody, editorValues, type World } from "../editor/world";
import { action as editAction } from "~/routes/editor.$id._index";
import { loader as historyLoader } from "~/routes/editor.$id.history";
import { HTML_PAGE, makeDocx, makeExe, makeJpeg, makePdf, makePng, makePolyglotPdf, makeXlsx, SVG_WITH_SCRIPT } from "./fixtures";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

async function counts() {
  const db = await getDb();
  const n = async (t: string) => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n;
  return { blobs: await n("file_blobs"), attachments: await n("attachments"), versions: await n("attachment_versions") };
}

describe("type by content", () => {
  it.each([
    ["form.pdf", () => makePdf(["Hello"]), "pdf"],
    ["letter.docx", () => makeDocx(["Dear tenant"]), "docx"],
    ["rota.xlsx", async () => makeXlsx(), "xlsx"],
    ["map.png", () => makePng(), "png"],
    ["photo.JPG", () => makeJpeg(), "jpeg"],
    ["bins.csv", async () => Buffer.from("street,day\nHigh St,Monday\n"), "csv"],
    ["notes.txt", async () => Buffer.from("Plain words.\n"), "txt"],
  ])("accepts %s", async (name, make, kind) => {
    const checked = await checkUpload(name, await make());
    expect(checked).toMatchObject({ ok: true, file: { kind } });
  });

  const refused: Array<[string, string, () => Promise<Buffer>, RegExp]> = [
    ["renamed executable", "timesheet.pdf", async () => makeExe(), /timesheet\.pdf: this is a program/],
    ["executable as a document", "minutes.docx", async () => makeExe(), /minutes\.docx: this is a program/],
    ["polyglot PDF/HTML", "form.pdf", makePolyglotPdf, /form\.pdf: this PDF also contains web page code/],
    ["SVG with script", "logo.svg", async () => SVG_WITH_SCRIPT, /logo\.svg: this file contains web page code/],
    ["SVG named as an image", "logo.png", async () => SVG_WITH_SCRIPT, /logo\.png: this file contains web page code/],
    ["HTML named as text", "notes.txt", async () => HTML_PAGE, /notes\.txt: this file contains web page code/],
    ["content and name disagree", "letter.docx", () => makePdf(["x"]), /letter\.docx: the name says “\.docx” but the content is a PDF/],
    ["image named as PDF", "scan.pdf", () => makePng(), /scan\.pdf: the name says “\.pdf” but the content is a PNG image/],
    ["plain zip", "files.zip", async () => Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)]), /files\.zip: /],
    ["empty", "blank.txt", async () => Buffer.alloc(0), /blank\.txt: the file is empty/],
  ];
  it.each(refused)("refuses a %s, naming the file", async (_case, name, make, message) => {
    const checked = await checkUpload(name, await make());
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(message);
  });

  it("refuses a file over the limit, naming it and the limit", async () => {
    const checked = await checkUpload("big.txt", Buffer.alloc(3 * 1024 * 1024, "a"), 2 * 1024 * 1024);
    expect(checked).toEqual({ ok: false, message: expect.stringMatching(/^big\.txt: the file is larger than 2 MB/) });
  });

  it("re-encodes images: metadata and anything appended are gone", async () => {
    const jpeg = Buffer.concat([await makeJpeg(), Buffer.from("TRAILING-PAYLOAD")]);
    expect(jpeg.includes("SECRET-GPS-MARKER")).toBe(true);
    const checked = await checkUpload("photo.jpg", jpeg);
    if (!checked.ok) throw new Error(checked.message);
    expect(checked.file.bytes.includes("SECRET-GPS-MARKER")).toBe(false);
    expect(checked.file.bytes.includes("TRAILING-PAYLOAD")).toBe(false);
  });
});

describe("attaching through the editor's page", () => {
  it("stores nothing for a refused file and says why, by name", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Refusals" }), "save");
    const before = await counts();
    for (const [name, bytes] of [["run.pdf", makeExe()], ["page.txt", HTML_PAGE], ["logo.svg", SVG_WITH_SCRIPT]] as const) {
      const result = await attachFile(w.comms, itemId, { fileName: name, bytes, title: "A file", alt: "" });
      expect(result).toEqual({ ok: false, errors: { file: expect.stringContaining(`${name}:`) } });
    }
    expect(await counts()).toEqual(before);
  });

  it("needs a title, and a description for an image", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Needs alt" }), "save");
    const result = await attachFile(w.comms, itemId, { fileName: "map.png", bytes: await makePng(), title: "", alt: " " });
    expect(result).toEqual({ ok: false, errors: { title: expect.stringMatching(/title/), alt: expect.stringMatching(/Describe the image/) } });
  });

  it("posts multipart from the page; refusals come back as field errors; the list shows type, size and date", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Upload route" }), "save");
    const { token, csrfToken } = await createSession(w.comms.id);
    const cookie = `${SESSION_COOKIE}=${token}`;
    const page = await documentsLoader({ request: new Request(`http://localhost/editor/${itemId}/documents`, { headers: { cookie } }), params: { id: String(itemId) }, context: {} });
    expect(page.status).toBe(200);
    const post = async (name: string, bytes: Buffer, title: string) => {
      const form = new FormData();
      form.set("csrf", csrfToken);
      form.set("intent", "attach");
      form.set("title", title);
      form.set("file", new Blob([new Uint8Array(bytes)]), name);
      try {
        const request = new Request(`http://localhost/editor/${itemId}/documents`, { method: "POST", body: form, headers: { cookie, origin: "http://localhost" } });
        return await documentsAction({ request, params: { id: String(itemId) }, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const bad = await post("form.pdf", await makePolyglotPdf(), "Form");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Record<string, string> }).errors.file).toMatch(/^form\.pdf: /);
    const good = await post("Parking permit form.pdf", await makePdf(["Parking permit"]), "Parking permit application");
    expect(good.status).toBe(302);
    const db = await getDb();
    const docs = await documentsOfItem(db, itemId);
    expect(docs).toEqual([
      expect.objectContaining({ title: "Parking permit application", type: "PDF", href: expect.stringMatching(/^\/files\/\d+\/Parking-permit-form\.pdf$/), size: expect.stringMatching(/KB|bytes/) }),
    ]);
  });

  it("replacing keeps the address and the earlier versions", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Replacing" }), "save");
    const first = await attachFile(w.comms, itemId, { fileName: "rota.pdf", bytes: await makePdf(["Week 1"]), title: "Rota", alt: "" });
    if (!first.ok) throw new Error("not attached");
    const replaced = await replaceFile(w.comms, first.attachmentId, { fileName: "rota.pdf", bytes: await makePdf(["Week 2"]) });
    expect(replaced).toMatchObject({ ok: true, attachmentId: first.attachmentId });
    const panel = await editorAttachments(await getDb(), { id: itemId, type: "guide", mustRead: 0 });
    expect(panel.files).toHaveLength(1);
    expect(panel.files[0].href).toBe(`/files/${first.attachmentId}/rota.pdf`);
    expect(panel.files[0].versions).toEqual([expect.objectContaining({ number: 1, href: `/files/${first.attachmentId}/rota.pdf?v=1` })]);
    const old = await openFile(w.comms, String(first.attachmentId), "1");
    const current = await openFile(w.comms, String(first.attachmentId), null);
    expect(old.bytes.equals(current.bytes)).toBe(false);
    expect(await updateFileDetails(w.comms, first.attachmentId, "", "")).toMatchObject({ ok: false, errors: { [`title-${first.attachmentId}`]: expect.any(String) } });
    // The item's history lists every version with its date, the current one at its unchanging address.
    const history = await (await historyLoader({ request: await requestAs(w.comms.id, `/editor/${itemId}/history`), params: { id: String(itemId) }, context: {} })).json();
    expect(history.files).toEqual([
      expect.objectContaining({
        title: "Rota",
        versions: [
          expect.objectContaining({ number: 2, current: true, href: `/files/${first.attachmentId}/rota.pdf`, date: expect.stringMatching(/\d{4}/) }),
          expect.objectContaining({ number: 1, current: false, href: `/files/${first.attachmentId}/rota.pdf?v=1`, date: expect.stringMatching(/\d{4}/) }),
        ],
      }),
    ]);
  });

  it("publishing is refused while an image has no description (the editor's field error on the text)", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Image without words" }), "save");
    const image = await attachFile(w.comms, itemId, { fileName: "map.png", bytes: await makePng(), title: "Map", alt: "A map" });
    if (!image.ok) throw new Error("not attached");
    const db = await getDb();
    await db.run("UPDATE attachments SET alt = '' WHERE id = ?", [image.attachmentId]);
    const { token, csrfToken } = await createSession(w.comms.id);
    const body = editorFormBody(editorValues("guide", { title: "Image without words" }), { csrf: csrfToken, baseRevision: "1", intent: "publish" });
    const request = new Request(`http://localhost/editor/${itemId}`, {
      method: "POST", body, headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    const answer = await editAction({ request, params: { id: String(itemId) }, context: {} });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errors: Record<string, string> }).errors.body).toMatch(/Describe this image before publishing.*map\.png/);
  });

  it("says an HTML version is expected for a PDF or Word file on a policy or a must-read", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("policy", { title: "Policy with a PDF", reference: "HS-150" }), "save");
    await attachFile(w.comms, itemId, { fileName: "policy.pdf", bytes: await makePdf(["Policy"]), title: "The policy", alt: "" });
    const panel = await editorAttachments(await getDb(), { id: itemId, type: "policy", mustRead: 0 });
    expect(panel.needsHtmlVersion).toBe(true);
    // On a must-read too (a Word file), but not on an ordinary guide, nor for a spreadsheet.
    const guide = await createFromEditor(w.comms, editorData("guide", { title: "Must-read with a letter" }), "save");
    await attachFile(w.comms, guide.itemId, { fileName: "letter.docx", bytes: await makeDocx(["Dear colleague"]), title: "The letter", alt: "" });
    expect((await editorAttachments(await getDb(), { id: guide.itemId, type: "guide", mustRead: 1 })).needsHtmlVersion).toBe(true);
    expect((await editorAttachments(await getDb(), { id: guide.itemId, type: "guide", mustRead: 0 })).needsHtmlVersion).toBe(false);
    const sheet = await createFromEditor(w.comms, editorData("guide", { title: "Must-read with a rota" }), "save");
    await attachFile(w.comms, sheet.itemId, { fileName: "rota.xlsx", bytes: await makeXlsx(), title: "The rota", alt: "" });
    expect((await editorAttachments(await getDb(), { id: sheet.itemId, type: "guide", mustRead: 1 })).needsHtmlVersion).toBe(false);
  });

  it("staff who may not write the page cannot attach", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Not yours" }), "publish");
    await expect(attachFile(w.staff, itemId, { fileName: "a.txt", bytes: Buffer.from("x"), title: "A", alt: "" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("downloads ask the audience every time", () => {
  it("404 for people outside the audience (also after the item is restricted later), headers for everyone else", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Open then restricted" }), "publish");
    const attached = await attachFile(w.comms, itemId, { fileName: "plan.pdf", bytes: await makePdf(["Evacuation plan"]), title: "Plan", alt: "" });
    const image = await attachFile(w.comms, itemId, { fileName: "map.png", bytes: await makePng(), title: "Map", alt: "Map of the site" });
    if (!attached.ok || !image.ok) throw new Error("not attached");
    const financeStaff = await createUser({ role: "staff", departmentId: w.finance.id });
    const get = async (userId: number, id: number, name: string) => {
      try {
        return await fileLoader({ request: await requestAs(userId, `/files/${id}/${name}`), params: { id: String(id), name }, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const open = await get(financeStaff.id, attached.attachmentId, "plan.pdf");
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("application/pdf");
    expect(open.headers.get("content-disposition")).toMatch(/^attachment; filename="plan\.pdf"/);
    expect(open.headers.get("x-content-type-options")).toBe("nosniff");
    expect(open.headers.get("cache-control")).toBe("private, no-store");
    expect(open.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    const img = await get(financeStaff.id, image.attachmentId, "map.png");
    expect(img.headers.get("content-disposition")).toMatch(/^inline/);
    expect(img.headers.get("content-type")).toBe("image/png");

    // Restricted later to Housing: Finance staff get 404 for both files; Housing staff still open them.
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.run("UPDATE items SET audience = 'departments' WHERE id = ?", [itemId]);
      await tx.run("INSERT INTO item_audience_departments (item_id, department_id) VALUES (?, ?)", [itemId, w.housing.id]);
    });
    expect((await get(financeStaff.id, attached.attachmentId, "plan.pdf")).status).toBe(404);
    expect((await get(financeStaff.id, image.attachmentId, "map.png")).status).toBe(404);
    expect((await get(w.staff.id, attached.attachmentId, "plan.pdf")).status).toBe(200);
    // Every role: inside Housing, opened; outside it, a 404, except comms and admins, who open everything live.
    for (const role of ["staff", "champion", "manager", "comms", "admin"] as const) {
      const inside = await createUser({ role, departmentId: w.housing.id });
      const outside = await createUser({ role, departmentId: w.finance.id });
      expect((await get(inside.id, attached.attachmentId, "plan.pdf")).status, `${role} in Housing`).toBe(200);
      expect((await get(outside.id, attached.attachmentId, "plan.pdf")).status, `${role} in Finance`).toBe(role === "comms" || role === "admin" ? 200 : 404);
    }
    // Earlier versions are for editors only; a made-up id is the same 404.
    expect((await get(w.staff.id, attached.attachmentId, "plan.pdf?v=1")).status).toBe(404);
    await expect(openFile(w.staff, String(attached.attachmentId), "1")).rejects.toMatchObject({ status: 404 });
    expect((await get(w.staff.id, 999_999, "nothing.pdf")).status).toBe(404);

    // Archived: the files are kept (editors still open them), readers get 404.
    await runWorkflowAction(w.comms, itemId, { intent: "archive" });
    expect((await get(w.staff.id, attached.attachmentId, "plan.pdf")).status).toBe(404);
    expect((await get(w.comms.id, attached.attachmentId, "plan.pdf")).status).toBe(200);
  });

  it("drafts' files are for their editors only", async () => {
    const { itemId } = await createFromEditor(w.champion, editorData("guide", { title: "Draft with a file" }), "save");
    const attached = await attachFile(w.champion, itemId, { fileName: "draft.txt", bytes: Buffer.from("draft words"), title: "Draft", alt: "" });
    if (!attached.ok) throw new Error("not attached");
    await expect(openFile(w.staff, String(attached.attachmentId), null)).rejects.toMatchObject({ status: 404 });
    expect((await openFile(w.champion, String(attached.attachmentId), null)).bytes.toString()).toBe("draft words");
  });
});
