/**
 * The one place a request body becomes a form: urlencoded and multipart, as browsers send
 * them. Browsers' multipart boundaries carry capitals, and a boundary is case-sensitive.
 */
import { describe, expect, it } from "vitest";
import { readForm, SMALL_FORM, uploadForm } from "~/utils/request-body.server";

function multipart(boundary: string, parts: { name: string; value: string; fileName?: string }[]): Request {
  const body =
    parts
      .map((p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"\r\nContent-Type: application/octet-stream` : ""}\r\n\r\n${p.value}\r\n`,
      )
      .join("") + `--${boundary}--\r\n`;
  return new Request("http://localhost/x", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body });
}

describe("readForm", () => {
  it.each(["----WebKitFormBoundaryX7qAbCdEfGh12345", "----formdata-undici-012345678901", "MixedCaseBoundary"])("reads multipart with the boundary %s", async (boundary) => {
    const form = await readForm(multipart(boundary, [{ name: "title", value: "Hello" }, { name: "files", value: "plain text", fileName: "Notes.txt" }]), uploadForm(1024 * 1024));
    expect(form.get("title")).toBe("Hello");
    const file = form.get("files") as File;
    expect(file.name).toBe("Notes.txt");
    expect(await file.text()).toBe("plain text");
  });

  it("reads urlencoded forms, whatever the case of the media type", async () => {
    const request = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8" }, body: "a=1&b=%C3%A9" });
    const form = await readForm(request, SMALL_FORM);
    expect([form.get("a"), form.get("b")]).toEqual(["1", "é"]);
  });

  it("answers 400 for multipart it cannot read, and 415 for other bodies", async () => {
    const broken = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=abc" }, body: "not multipart" });
    await expect(readForm(broken, SMALL_FORM)).rejects.toMatchObject({ status: 400 });
    const json = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expect(readForm(json, SMALL_FORM)).rejects.toMatchObject({ status: 415 });
  });
});
