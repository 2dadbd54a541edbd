/**
 * /editor/:id: edit an item. The form carries the revision it was based on; if someone
 * else saved in between, the answer is 409 with both versions compared, and the second
 * save is kept as a revision (nothing is lost).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import {
  asHttpError, checkReferences, compareRevisions, findEditableItem, loadEditorPage, requiresWhatChanged, saveFromEditor,
  type SaveIntent,
} from "~/commands/edit.server";
import { imagesToPlace, imagesWithoutAlt } from "~/commands/attachments.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ComparisonView } from "~/components/editor/ComparisonView";
import { EditorForm } from "~/components/editor/EditorForm";
import { WorkflowPanel } from "~/components/editor/WorkflowPanel";
import { ElectionRestrictions } from "~/components/editor/ElectionRestrictions";
import { editorElectionInfo } from "~/commands/elections.server";
import { pageTitle } from "~/components/meta";
import { readEditorValues, validateEditorValues, type FieldErrors } from "~/schemas/editor";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime, ukTodayIso } from "~/utils/dates";
import { campaignsForEditor } from "~/commands/campaigns.server";
import { readForm, EDITOR_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Edit: ${data.item.title}` : "Page not found");

/** Messages after a redirect; only these fixed texts are ever shown. */
const DONE: Record<string, string> = {
  created: "Your draft is saved.",
  saved: "Your changes are saved.",
  "saved-pending": "Your changes are saved as a draft. Readers still see the published version until the changes are published.",
  submitted: "Sent for review. A reviewer will publish it or send it back with comments.",
  published: "Published. Staff can read it now.",
  scheduled: "Scheduled. It will be published at the time shown.",
  "request-changes": "Sent back to the author with your comments.",
  withdraw: "Withdrawn. It is a draft again.",
  archived: "Archived. It is no longer on the intranet, and can be brought back.",
  unarchive: "Brought back from the archive.",
  restored: "The old version is restored as a new revision.",
  "from-word": "Your draft is made from the Word document. Check it, make it shorter and plainer (see the advice on reading level in the preview), then save.",
  "from-word-describe":
    "Your draft is made from the Word document. Some pictures have no description yet: add one on the Documents and images page before publishing.",
  checklist: "Your changes are saved. A pre-election period is on for this page: answer the publicity checklist below to send it on.",
  held: "Held for publicity review: a pre-election period is on for this page. It goes out when a publicity reviewer approves it.",
};

/** The live preview posts as the author types; that must not reload the page under them. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === "/editor/preview" ? false : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const campaigns = await campaignsForEditor(db, user, item.id, ukTodayIso());
  return json({
    ...(await loadEditorPage(db, user, item)), csrfToken: user.csrfToken, election: await editorElectionInfo(db, item.id),
    campaignCount: campaigns ? campaigns.current.length : null,
    images: await imagesToPlace(db, item.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const form = await readForm(request, EDITOR_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = readEditorValues(form, item.type);
  values.slug = item.slug;
  const base = Number(form.get("baseRevision"));
  const intent = String(form.get("intent") ?? "save");
  const result = validateEditorValues(values, { requireWhatChanged: await requiresWhatChanged(db, item) });
  let errors: FieldErrors = result.ok ? {} : result.errors;
  if (result.ok) errors = await checkReferences(db, user, result.data, item);
  if (intent === "publish" || intent === "submit") {
    const missing = await imagesWithoutAlt(db, item.id);
    if (missing.length) errors.body = `Describe ${missing.length === 1 ? "this image" : "these images"} before publishing (Documents and images): ${missing.join(", ")}`;
  }
  if (!Number.isInteger(base) || base < 1) errors.form = "This form is out of date. Reload the page to get the latest version, then make your changes again.";
  // The form keeps the revision it was based on, so fixing an error cannot skip the conflict check.
  if (!result.ok || Object.keys(errors).length) return json({ values, errors, conflict: null, baseRevision: base }, { status: 400 });

  const saved = await saveFromEditor(user, item.id, result.data, base, (["save", "submit", "publish"].includes(intent) ? intent : "save") as SaveIntent).catch(asHttpError);
  if (saved.kind === "conflict") {
    const comparison = await compareRevisions(db, item.id, saved.current, saved.theirs);
    return json(
      {
        values, errors: {} as FieldErrors, baseRevision: saved.current,
        conflict: {
          theirs: saved.theirs, current: saved.current, comparison: comparison ?? null,
          currentBy: comparison?.from.authorName ?? null, currentAt: comparison ? formatDateTime(comparison.from.createdAt) : "",
        },
      },
      { status: 409 },
    );
  }
  const t = saved.transition;
  const done = saved.checklistNeeded ? "checklist" : t?.held ? "held" : t ? (t.action === "schedule" ? "scheduled" : t.action === "publish" ? "published" : "submitted") : saved.pending ? "saved-pending" : "saved";
  return redirect(`/editor/${item.id}?done=${done}`);
}

/**
 * One empty object for "no errors from the server": the form resets its messages when this
 * changes, and a new `{}` on every render (the live preview coming back re-renders the
 * page) wiped the messages found in the browser.
 */
const NO_ERRORS: FieldErrors = {};

export default function EditItem() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = DONE[search.get("done") ?? ""];
  const conflict = answer?.conflict ?? null;
  const { item } = data;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: item.title }]} />
      <p className="item-meta">Editing a {item.type}</p>
      <h1>{item.title}</h1>
      {done && !answer ? (
        <div className="banner banner--success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      {item.source === "file" ? (
        <p className="inset">
          This {item.type} came from the file <code>{item.sourcePath}</code>. Changes made here are kept as revisions, and a later change to the
          file will be reported as a conflict rather than overwrite them.
        </p>
      ) : null}
      <p>
        <Link to={`/editor/${item.id}/history`}>Page history and versions</Link>
        {" · "}
        <Link to={`/editor/${item.id}/documents`}>Documents and images</Link>
        {data.campaignCount !== null ? (
          <>
            {" · "}
            <Link to={`/editor/${item.id}/campaigns`}>Campaigns ({data.campaignCount})</Link>
          </>
        ) : null}
        {" · "}
        <a href={`/editor/${item.id}/markdown`} download>
          Download as Markdown
        </a>
      </p>

      {conflict ? (
        <section className="banner banner--urgent" aria-labelledby="conflict-title" tabIndex={-1}>
          <h2 id="conflict-title">Someone else changed this while you were editing</h2>
          <p>
            {conflict.currentBy ?? "Someone"} saved revision {conflict.current}
            {conflict.currentAt ? ` on ${conflict.currentAt}` : ""}. Your version is kept safely as revision {conflict.theirs}, but it has
            not replaced theirs.
          </p>
          <p>Check the differences below. The form has your text: bring in anything from their version you want to keep, then save again.</p>
          <details open>
            <summary>Differences between their version ({conflict.current}) and yours ({conflict.theirs})</summary>
            {conflict.comparison ? (
              <ComparisonView data={conflict.comparison} fromLabel={`Their version (${conflict.current})`} toLabel={`Your version (${conflict.theirs})`} headingLevel={3} />
            ) : null}
          </details>
        </section>
      ) : null}

      <div className="layout-sidebar editor-layout">
        <div>
          <EditorForm
            key={conflict ? `conflict-${conflict.theirs}` : answer ? "answer" : `rev-${data.baseRevision}`}
            type={item.type} action={`/editor/${item.id}`} itemId={item.id} isNew={false}
            values={answer?.values ?? data.values} errors={answer?.errors ?? NO_ERRORS}
            baseRevision={answer?.baseRevision ?? data.baseRevision}
            csrfToken={data.csrfToken} options={data.options} canPublish={data.canPublish} canSubmit={data.canSubmit}
            isLive={data.isLive} requireWhatChanged={data.requireWhatChanged} images={data.images}
          />
        </div>
        <aside>
          {data.election ? <ElectionRestrictions info={data.election} /> : null}
          <WorkflowPanel
            itemId={item.id} csrfToken={data.csrfToken} itemStatus={item.status} state={data.state} allowed={data.allowed}
            scheduledFor={data.scheduledFor} liveUrl={data.liveUrl} changeRequest={data.changeRequest} election={data.election}
          />
        </aside>
      </div>
    </>
  );
}
