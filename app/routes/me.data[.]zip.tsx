/**
 * /me/data.zip (POST): everything the intranet holds about the signed-in person, as a zip
 * of JSON and a readable page (decision 163: the subject access export's self-service
 * subset, from the personal-data register). Audited. A GET goes back to /me.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { exportOwnData } from "~/commands/information-rights.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { zipResponse } from "~/utils/zip.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/me#your-data");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const file = await exportOwnData(user);
  return zipResponse(file.bytes, file.filename);
}
