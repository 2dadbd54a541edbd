/**
 * POST /admin/information-rights/export: the zip of an FOI export (a record) or a subject access
 * export (a person), for the buttons on /admin/information-rights (decision 163). A resource
 * route, because only a route without a page can answer with a file. Information-governance
 * officers only; every export is audited by the command.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { exportRecordForFoi, exportSubjectAccess } from "~/commands/information-rights.server";
import { requireIgOfficer } from "~/commands/retention.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest, notFound } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import type { Redaction } from "~/utils/redaction";
import { ROLES } from "~/utils/roles";
import { zipResponse } from "~/utils/zip.server";

const FoiForm = z.object({
  itemId: z.coerce.number({ message: "Choose a record" }).int().positive("Choose a record"),
  below: z.enum(["none", ...ROLES] as [Redaction, ...Redaction[]], { message: "Choose whose names to show" }),
});
const SarForm = z.object({ email: z.string().trim().toLowerCase().email().max(200) });

/** Opened by address (officers only), it is the page that holds the forms. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireIgOfficer(request);
  return redirect("/admin/information-rights");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIgOfficer(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  if (values.intent === "foi") {
    const parsed = FoiForm.safeParse(values);
    if (!parsed.success) throw badRequest("Choose a record and whose names to show.");
    const file = await exportRecordForFoi(user, parsed.data.itemId, parsed.data.below);
    return zipResponse(file.bytes, file.filename);
  }
  if (values.intent === "sar") {
    const parsed = SarForm.safeParse(values);
    if (!parsed.success) throw badRequest("Find the person on the information requests page first.");
    const file = await exportSubjectAccess(user, parsed.data.email);
    if (!file) throw notFound("There is no one with that email address on the intranet.");
    return zipResponse(file.bytes, file.filename);
  }
  throw badRequest("We did not understand that request.");
}
