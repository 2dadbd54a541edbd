/** Browsers' multipart boundaries mix upper and lower case; the form reader must keep them as sent (found by tests/e2e/documents.test.ts). */
import { expect, test } from "vitest";
import { readForm, uploadForm } from "~/utils/request-body.server";

test("a multipart form with a mixed-case boundary is read", async () => {
  const boundary = "----WebKitFormBoundaryAbCdEfGh12345678";
  const body = [`--${boundary}`, 'Content-Disposition: form-data; name="title"', "", "Round sheet", `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="a.txt"', "Content-Type: text/plain", "", "Hello", `--${boundary}--`, ""].join("\r\n");
  const request = new Request("http://localhost/editor/1/documents", { method: "POST", headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` }, body });
  const form = await readForm(request, uploadForm(1024 * 1024));
  expect(form.get("title")).toBe("Round sheet");
  expect(await (form.get("file") as File).text()).toBe("Hello");
});
