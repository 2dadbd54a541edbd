/**
 * A browser's multipart boundary has capitals ("----WebKitFormBoundaryAbC…"), and a
 * boundary is case-sensitive: readForm must hand it on as sent (a photo upload from
 * Chromium was refused as unreadable while the boundary was lower-cased).
 */
import { describe, expect, it } from "vitest";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

describe("readForm and multipart boundaries", () => {
  it("reads a form whose boundary has capital letters", async () => {
    const boundary = "----WebKitFormBoundaryAbCdEfGh12345678";
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="intent"', "", "photo", `--${boundary}`,
      'Content-Disposition: form-data; name="photo"; filename="me.png"', "Content-Type: image/png", "", "PNGDATA", `--${boundary}--`, ""].join("\r\n");
    const request = new Request("http://localhost/x", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body });
    const form = await readForm(request, SMALL_FORM);
    expect(form.get("intent")).toBe("photo");
    const file = form.get("photo") as File;
    expect(file.name).toBe("me.png");
    expect(await file.text()).toBe("PNGDATA");
  });
});
