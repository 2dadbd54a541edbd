/**
 * /editor/new/guide/word and /editor/new/policy/word: "Start from a Word document". The
 * document becomes a draft (its pictures attached), which opens in the editor with the
 * readability advice, so a champion can distil it into a guide. Plain multipart form.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { can } from "~/access/permissions.server";
import { departmentsForType } from "~/commands/edit.server";
import { draftFromWord } from "~/commands/word-import.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, HintAndError } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { readForm, uploadForm } from "~/utils/request-body.server";
import { uploadLimitBytes } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `New ${data.type} from a Word document` : "Page not found");

function typeFrom(param: string | undefined): "guide" | "policy" {
  if (param !== "guide" && param !== "policy") throw notFound();
  return param;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const type = typeFrom(params.type);
  if (!can(user, "create", type)) throw forbidden();
  const departments = (await departmentsForType(await getDb(), user, type)).map((d) => ({ slug: d.slug, name: d.name, mine: d.id === user.departmentId }));
  return json({ type, departments, csrfToken: user.csrfToken, limitMb: Math.round(uploadLimitBytes() / 1024 / 1024) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, uploadForm(uploadLimitBytes()));
  // The form's origin and token first: a forged post learns nothing, not even which types exist.
  assertCsrf(request, form, user.csrfToken);
  const type = typeFrom(params.type);
  if (!can(user, "create", type)) throw forbidden();
  const file = form.get("file");
  const department = String(form.get("department") ?? "").slice(0, 100);
  const reference = String(form.get("reference") ?? "").slice(0, 40);
  const input = file && typeof file !== "string" ? { fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()) } : { fileName: "", bytes: Buffer.alloc(0) };
  const result = await draftFromWord(user, type, { ...input, department, reference });
  if (!result.ok) {
    // Problems with fields this page does not show (a long title, say) are told as form-wide messages.
    const shown = new Set(["file", "department", "reference"]);
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(result.errors)) if (shown.has(k)) errors[k] = v; else errors.form ??= v;
    return json({ errors, values: { department, reference } }, { status: 400 });
  }
  return redirect(`/editor/${result.itemId}?done=from-word${result.imagesWithoutAlt ? "-describe" : ""}`);
}

export default function NewFromWord() {
  const { type, departments, csrfToken, limitMb } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors: Record<string, string> = answer?.errors ?? {};
  const chosen = answer?.values.department ?? departments.find((d) => d.mine)?.slug ?? "";
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: `New ${type}`, to: `/editor/new/${type}` }, { label: "From a Word document" }]} />
      <h1>Start a {type} from a Word document</h1>
      <p>
        We turn the document into a draft: headings, lists, tables and links are kept; fonts and colours are not. Pictures are attached to the
        draft. Nothing is published: check the draft, make it shorter and plainer, then send it for review.
      </p>
      <ErrorSummary errors={errors} fields={["file", "department", "reference"]} />
      <Form method="post" encType="multipart/form-data">
        <CsrfField token={csrfToken} />
        <div className={`form-group${errors.file ? " form-group--error" : ""}`}>
          <label htmlFor="file">Word document</label>
          <HintAndError id="file" hint={`A .docx file, up to ${limitMb} MB.`} error={errors.file} />
          <input id="file" name="file" type="file" accept=".docx" aria-describedby={`file-hint${errors.file ? " file-error" : ""}`} aria-invalid={errors.file ? true : undefined} />
        </div>
        <div className={`form-group${errors.department ? " form-group--error" : ""}`}>
          <label htmlFor="department">Department</label>
          <HintAndError id="department" error={errors.department} />
          <select id="department" name="department" defaultValue={chosen} aria-invalid={errors.department ? true : undefined} aria-describedby={errors.department ? "department-error" : undefined}>
            <option value="">Choose a department</option>
            {departments.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        {type === "policy" ? (
          <div className={`form-group${errors.reference ? " form-group--error" : ""}`}>
            <label htmlFor="reference">Policy reference</label>
            <HintAndError id="reference" hint="Letters then numbers, like HR-042." error={errors.reference} />
            <input id="reference" name="reference" type="text" maxLength={20} defaultValue={answer?.values.reference ?? ""} className="input--short" aria-describedby={`reference-hint${errors.reference ? " reference-error" : ""}`} aria-invalid={errors.reference ? true : undefined} />
          </div>
        ) : null}
        <button type="submit" className="button">
          Make a draft
        </button>
      </Form>
      <p>
        <Link to={`/editor/new/${type}`}>Start from a blank {type} instead</Link>
      </p>
    </>
  );
}
