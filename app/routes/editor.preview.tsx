/**
 * POST /editor/preview: the text rendered by the same pipeline readers get (marked, then
 * the sanitiser). With JavaScript the editor asks for `live=1` and gets just the HTML for
 * its preview pane; without it, the Preview button lands here and the whole form comes
 * back, still filled in, with the preview beside it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { editorOptions, findEditableItem, requiresWhatChanged, saveButtons } from "~/commands/edit.server";
import { allowedActions, loadSubject, reviewState } from "~/commands/workflow.server";
import { findItemById } from "~/models/item.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { EditorForm } from "~/components/editor/EditorForm";
import { pageTitle } from "~/components/meta";
import { isEditorType, LIMITS, readEditorValues } from "~/schemas/editor";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { checkReadability, TARGET_READING_AGE } from "~/utils/readability";
import { readForm, EDITOR_FORM } from "~/utils/request-body.server";
import { can } from "~/access/permissions.server";
import { candidateNamesFor } from "~/commands/elections.server";
import { highlightNames } from "~/utils/highlight-names";

export const meta: MetaFunction = () => pageTitle("Preview");

/** A GET has nothing to preview (and after a POST without JavaScript, Remix runs this too: it must not redirect). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json(null);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, EDITOR_FORM);
  assertCsrf(request, form, user.csrfToken);
  const type = form.get("type");
  if (!isEditorType(type)) throw notFound();
  const db = await getDb();
  const itemIdRaw = form.get("itemId");
  const item = typeof itemIdRaw === "string" && itemIdRaw ? await findEditableItem(db, user, itemIdRaw) : undefined;
  if (item && item.type !== type) throw notFound();
  if (!item && !can(user, "create", type)) throw forbidden();
  const values = readEditorValues(form, type);
  // During a pre-election period, candidates' and councillors' names are marked (decision 161).
  const names = await candidateNamesFor(db, item?.id ?? null);
  const html = highlightNames(renderMarkdown(values.body.slice(0, LIMITS.body)).html, names).html;
  // Plain-language advice beside the preview: advice only, it never blocks saving or publishing.
  const readability = { ...checkReadability(values.body.slice(0, LIMITS.body), { title: values.title, summary: values.summary, mustRead: values.mustRead || (type === "policy" && values.material) }), target: TARGET_READING_AGE };
  if (form.get("live") === "1") return json({ live: true as const, html, readability });

  const fresh = item ? await findItemById(db, item.id) : undefined;
  const subject = fresh ? await loadSubject(db, fresh) : undefined;
  const state = subject ? reviewState(subject) : "new";
  const baseRevision = Number(form.get("baseRevision"));
  return json({
    live: false as const, html, readability, type, values, csrfToken: user.csrfToken,
    item: fresh ? { id: fresh.id, title: fresh.title, isLive: fresh.status === "published" || fresh.status === "expired" } : null,
    baseRevision: Number.isInteger(baseRevision) && baseRevision > 0 ? baseRevision : undefined,
    options: await editorOptions(db, user, type, values.department),
    requireWhatChanged: await requiresWhatChanged(db, fresh),
    ...saveButtons(user, fresh ?? { type, departmentId: user.departmentId }, state, subject ? allowedActions(user, subject) : undefined),
  });
}

export default function Preview() {
  const data = useActionData<typeof action>();
  if (!data || data.live) {
    return (
      <>
        <h1>Preview</h1>
        <p>There is nothing to preview. Use the Preview button in the editor.</p>
        <p>
          <Link to="/editor">Go to the editor</Link>
        </p>
      </>
    );
  }
  const { item, type } = data;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, ...(item ? [{ label: item.title, to: `/editor/${item.id}` }] : []), { label: "Preview" }]} />
      <h1>Preview{item ? `: ${item.title}` : ` of your new ${type}`}</h1>
      <p>Nothing is saved yet. Check the preview, change anything you need, then save.</p>
      <EditorForm
        type={type} action={item ? `/editor/${item.id}` : `/editor/new/${type}`} itemId={item?.id} isNew={!item} values={data.values} errors={{}}
        baseRevision={data.baseRevision} csrfToken={data.csrfToken} options={data.options} canPublish={data.canPublish}
        canSubmit={data.canSubmit} isLive={item?.isLive ?? false} requireWhatChanged={data.requireWhatChanged} previewHtml={data.html}
        readability={data.readability}
      />
    </>
  );
}
