/** /editor/new/:type: write a new announcement, policy or guide (guides can start from a template). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { createFromEditor, asHttpError, checkReferences, departmentsForType, editorOptions, type SaveIntent } from "~/commands/edit.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { EditorForm } from "~/components/editor/EditorForm";
import { pageTitle } from "~/components/meta";
import { datePartsOf } from "~/schemas/date-input";
import {
  emptyEditorValues, GUIDE_TEMPLATES, isEditorType, isGuideTemplate, readEditorValues, validateEditorValues, type EditorType,
  type EditorValues, type FieldErrors,
} from "~/schemas/editor";
import { requireUser, type SessionUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { readForm, EDITOR_FORM } from "~/utils/request-body.server";
import { can, canPublishWithoutReview } from "~/access/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `New ${data.type}` : "Page not found");

function typeFrom(param: string | undefined): EditorType {
  if (!isEditorType(param)) throw notFound();
  return param;
}

async function pageData(user: SessionUser, type: EditorType) {
  if (!can(user, "create", type)) throw forbidden(`You cannot write ${type === "announcement" ? "announcements" : type === "policy" ? "policies" : "guides"}.`);
  const db = await getDb();
  const writable = await departmentsForType(db, user, type);
  const publishIn = writable.filter((d) => canPublishWithoutReview(user, type, { departmentId: d.id }));
  return {
    options: await editorOptions(db, user, type),
    canPublish: publishIn.length > 0,
    canSubmit: publishIn.length < writable.length,
    defaultDepartment: writable.find((d) => d.id === user.departmentId)?.slug ?? (writable.length === 1 ? writable[0].slug : ""),
  };
}

/** The live preview posts as the author types; that must not reload the page under them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === "/editor/preview" ? false : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const type = typeFrom(params.type);
  const data = await pageData(user, type);
  const url = new URL(request.url);
  const template = url.searchParams.get("template");
  const values: EditorValues = { ...emptyEditorValues(type), department: data.defaultDepartment };
  if (type === "guide") {
    const today = ukTodayIso();
    const nextYear = new Date(Date.UTC(Number(today.slice(0, 4)) + 1, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
    Object.assign(values, { owner: user.email, lastReviewed: datePartsOf(today), reviewBy: datePartsOf(nextYear.toISOString().slice(0, 10)) });
    if (isGuideTemplate(template)) values.body = GUIDE_TEMPLATES[template].body;
  }
  if (type === "policy") values.owner = user.email;
  return json({ type, values, csrfToken: user.csrfToken, template: isGuideTemplate(template) ? template : null, ...data });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const type = typeFrom(params.type);
  const form = await readForm(request, EDITOR_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (!can(user, "create", type)) throw forbidden();
  const values = readEditorValues(form, type);
  const intent = String(form.get("intent") ?? "save");
  const result = validateEditorValues(values);
  let errors: FieldErrors = result.ok ? {} : result.errors;
  if (result.ok) errors = await checkReferences(await getDb(), user, result.data);
  if (!result.ok || Object.keys(errors).length) return json({ values, errors }, { status: 400 });
  const saved = await createFromEditor(user, result.data, (["save", "submit", "publish"].includes(intent) ? intent : "save") as SaveIntent).catch(asHttpError);
  const done = saved.kind === "saved" && saved.checklistNeeded ? "checklist" : saved.kind === "saved" && saved.transition?.held ? "held" : saved.kind === "saved" && saved.transition ? (saved.transition.action === "schedule" ? "scheduled" : saved.transition.action === "publish" ? "published" : "submitted") : "created";
  return redirect(`/editor/${saved.itemId}?done=${done}`);
}

/**
 * One empty object for "no errors from the server": the form resets its messages when this
 * changes, and a new `{}` on every render (the live preview coming back re-renders the
 * page) wiped the messages found in the browser.
 */
const NO_ERRORS: FieldErrors = {};

export default function NewItem() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { type } = data;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: `New ${type}` }]} />
      <h1>New {type}</h1>
      {type === "guide" || type === "policy" ? (
        <p>
          <Link to={`/editor/new/${type}/word`}>Start from a Word document</Link>
        </p>
      ) : null}
      {type === "guide" ? (
        <nav className="editor-templates" aria-labelledby="templates-title">
          <h2 id="templates-title" className="label">Start from a template</h2>
          <ul>
            {Object.entries(GUIDE_TEMPLATES).map(([key, t]) => (
              <li key={key}>
                <Link to={`/editor/new/guide?template=${key}`} aria-current={data.template === key ? "true" : undefined}>
                  {t.label}
                </Link>{" "}
                <span className="hint">{t.hint}</span>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <EditorForm
        key={data.template ?? "blank"}
        type={type} action={`/editor/new/${type}`} isNew values={answer?.values ?? data.values} errors={answer?.errors ?? NO_ERRORS}
        csrfToken={data.csrfToken} options={data.options} canPublish={data.canPublish} canSubmit={data.canSubmit} isLive={false}
        requireWhatChanged={false}
      />
    </>
  );
}
