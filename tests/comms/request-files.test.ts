/**
 * Files on a request to the communications team: sent with the form (multipart, no JavaScript
 * needed) or added later by either side; checked by content; none stored when any is refused;
 * downloadable only by the requester and the team, with the headers every stored file has.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as requestPage from "~/routes/comms-requests.$id";
import * as requestFile from "~/routes/comms-requests.$id.files.$fileId";
import * as newRequest from "~/routes/comms-requests.new";
import { getDb } from "~/utils/db.server";
import { session } from "../delivery/http";
import { makeExe, makePdf, makePng } from "../documents/fixtures";
import { createUser } from "../factories";

type Session = Awaited<ReturnType<typeof session>>;
let requester: Session;
let colleague: Session;
let comms: Session;

const FORM = {
  kind: "social-media", title: "Bin collection changes at Christmas", whatAndWhy: "Collections move by a day over Christmas.",
  audience: "All residents", keyDates: "From 20 December", serviceApprover: "Wyn Waste, Head of Waste", links: "", department: "",
};

beforeAll(async () => {
  requester = await session((await createUser({ email: "rhi.requester@riverside.test" })).id);
  colleague = await session((await createUser({ email: "cole.colleague@riverside.test" })).id);
  comms = await session((await createUser({ role: "comms", email: "cai.comms@riverside.test" })).id);
});

const fileCount = async () => Number((await (await getDb()).get<{ n: number }>("SELECT COUNT(*) AS n FROM comms_request_files"))!.n);

describe("files on a request to the communications team", () => {
  it("refuses the whole form when one file is refused, naming it, and keeps the typed answers", async () => {
    const res = await requester.postFiles(newRequest.action, "/comms-requests/new", FORM, [
      { field: "files", fileName: "calendar.pdf", bytes: await makePdf(["Christmas collections"]) },
      { field: "files", fileName: "calendar.pdf.exe", bytes: makeExe() },
    ]);
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual({ files: expect.stringMatching(/^calendar\.pdf\.exe: this is a program/) });
    expect(res.json().values.title).toBe(FORM.title);
    expect(await fileCount()).toBe(0);
    // More than five at once: refused as a whole.
    const many = await requester.postFiles(newRequest.action, "/comms-requests/new", FORM, [1, 2, 3, 4, 5, 6].map((n) => ({ field: "files", fileName: `p${n}.png`, bytes: Buffer.alloc(10, n) })));
    expect(many.json().errors).toEqual({ files: "Attach at most 5 files at a time" });
    // A field error elsewhere says the files must be chosen again.
    const missing = await requester.postFiles(newRequest.action, "/comms-requests/new", { ...FORM, title: "" }, [{ field: "files", fileName: "calendar.pdf", bytes: await makePdf(["x"]) }]);
    expect(missing.json()).toMatchObject({ errors: { title: expect.any(String) }, hadFiles: true });
    expect(await fileCount()).toBe(0);
  });

  it("stores the files with the request and lets only the requester and the team download them", async () => {
    const res = await requester.postFiles(newRequest.action, "/comms-requests/new", FORM, [
      { field: "files", fileName: "Christmas calendar.pdf", bytes: await makePdf(["Christmas collections"]) },
      { field: "files", fileName: "", bytes: Buffer.alloc(0) }, // an input left empty
    ]);
    expect(res.status).toBe(302);
    const id = /\/comms-requests\/(\d+)/.exec(res.location!)![1];
    const page = (await requester.get(requestPage.loader, `/comms-requests/${id}`, { id })).json();
    expect(page.files).toEqual([expect.objectContaining({ name: "Christmas-calendar.pdf", type: "PDF" })]);
    const href = page.files[0].href as string;
    const fileId = /files\/(\d+)$/.exec(href)![1];
    for (const who of [requester, comms]) {
      const file = await who.get(requestFile.loader, href, { id, fileId });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("application/pdf");
      expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="Christmas-calendar\.pdf"/);
      expect(file.headers.get("x-content-type-options")).toBe("nosniff");
      expect(file.headers.get("cache-control")).toBe("private, no-store");
      expect(file.body.startsWith("%PDF")).toBe(true);
    }
    expect((await colleague.get(requestFile.loader, href, { id, fileId })).status).toBe(404);
    // A file id of another request is not reachable through this one.
    const other = await requester.post(newRequest.action, "/comms-requests/new", { ...FORM, title: "Another" });
    const otherId = /\/comms-requests\/(\d+)/.exec(other.location!)![1];
    expect((await requester.get(requestFile.loader, `/comms-requests/${otherId}/files/${fileId}`, { id: otherId, fileId })).status).toBe(404);

    // The team adds a file later; it shows in the conversation, and a refused one changes nothing.
    const added = await comms.postFiles(requestPage.action, `/comms-requests/${id}`, { intent: "files" }, [{ field: "files", fileName: "draft post.png", bytes: await makePng() }], { id });
    expect(added.location).toBe(`/comms-requests/${id}?done=files`);
    const none = await comms.postFiles(requestPage.action, `/comms-requests/${id}`, { intent: "files" }, [], { id });
    expect(none.json().errors).toEqual({ files: "Choose a file to attach" });
    const after = (await requester.get(requestPage.loader, `/comms-requests/${id}`, { id })).json();
    expect(after.files.map((f: { name: string }) => f.name)).toEqual(["Christmas-calendar.pdf", "draft-post.png"]);
    expect(after.messages.at(-1).body).toBe("Attached: draft-post.png");
    const image = await requester.get(requestFile.loader, after.files[1].href, { id, fileId: /files\/(\d+)$/.exec(after.files[1].href)![1] });
    expect(image.headers.get("content-disposition")).toMatch(/^inline;/);
    // A colleague cannot add files to someone else's request.
    expect((await colleague.postFiles(requestPage.action, `/comms-requests/${id}`, { intent: "files" }, [{ field: "files", fileName: "x.png", bytes: await makePng() }], { id })).status).toBe(404);
  });
});
