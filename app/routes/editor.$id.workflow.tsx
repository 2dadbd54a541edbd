/**
 * POST /editor/:id/workflow: submit, withdraw, publish (approve), request changes,
 * archive, unarchive, restore a revision. Success goes back to the editor with a message;
 * a form error (no comment when sending back) shows the form again with what was typed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { asHttpError, findEditableItem, restoreRevision } from "~/commands/edit.server";
import { allowedActions, ChecklistNeeded, loadSubject, reviewState, runWorkflowAction, type WorkflowInput } from "~/commands/workflow.server";
import { editorElectionInfo } from "~/commands/elections.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { fieldAnchor } from "~/components/editor/fields";
import { WorkflowPanel } from "~/components/editor/WorkflowPanel";
import { pageTitle } from "~/components/meta";
import { checklistOf, WorkflowFormSchema } from "~/schemas/editor";
import { firstPartInError, readDateTimeParts } from "~/schemas/date-input";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Review");

/** The review actions on their own page (also what Remix reloads after a POST here, so it must not redirect). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const subject = await loadSubject(db, item);
  return json({
    item: { id: item.id, title: item.title, status: item.status }, csrfToken: user.csrfToken, state: reviewState(subject),
    allowed: [...allowedActions(user, subject)],
    election: await editorElectionInfo(db, item.id),
  });
}

const DONE: Record<string, string> = {
  submit: "submitted", withdraw: "withdraw", publish: "published", schedule: "scheduled", "request-changes": "request-changes",
  archive: "archived", unarchive: "unarchive",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const raw: Record<string, unknown> = Object.fromEntries([...form].filter(([, v]) => typeof v === "string"));
  const publishAt = readDateTimeParts(form, "publishAt");
  if (raw.intent === "publish") raw.publishAt = publishAt;
  const parsed = WorkflowFormSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    if (errors.intent) throw badRequest("That is not something the editor can do.");
    return json(
      { errors, intent: String(raw.intent ?? ""), values: { comment: String(raw.comment ?? "").slice(0, 4000), publishAt } },
      { status: 400 },
    );
  }
  const input = parsed.data;
  if (input.intent === "restore") {
    await restoreRevision(user, item.id, input.revision).catch(asHttpError);
    return redirect(`/editor/${item.id}?done=restored`);
  }
  let command: WorkflowInput = input.intent === "publish" ? { intent: "publish", publishAt: input.publishAt, comment: input.comment, override: input.override } : input;
  if (input.intent === "submit" || input.intent === "publish") {
    const checklist = checklistOf(input);
    const again = (message: string) =>
      json({ errors: { publicity: message }, intent: input.intent, values: { comment: String(raw.comment ?? "").slice(0, 4000), publishAt } }, { status: 400 });
    if (checklist === "partial") return again("Answer all three questions of the publicity checklist");
    if (checklist) command = { ...command, checklist } as WorkflowInput;
    const result = await runWorkflowAction(user, item.id, command).catch((err) => {
      if (err instanceof ChecklistNeeded) return "checklist" as const;
      return asHttpError(err);
    });
    if (result === "checklist") return again("Answer the publicity checklist: a pre-election period is on for this page");
    return redirect(`/editor/${item.id}?done=${result.held ? "held" : DONE[result.action] ?? "saved"}`);
  }
  const result = await runWorkflowAction(user, item.id, command).catch(asHttpError);
  return redirect(`/editor/${item.id}?done=${DONE[result.action] ?? "saved"}`);
}

export default function WorkflowPage() {
  const page = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: page.item.title, to: `/editor/${page.item.id}` }, { label: "Review" }]} />
      <h1>{page.item.title}</h1>
      {data ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>
                <a href={`#${fieldAnchor(`wf-${field}`)}${field === "publishAt" ? `-${firstPartInError(data.values.publishAt, message)}` : ""}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <WorkflowPanel
        itemId={page.item.id} csrfToken={page.csrfToken} itemStatus={page.item.status} state={page.state}
        allowed={data ? [data.intent] : page.allowed.filter((a) => a !== "save" && a !== "restore")} scheduledFor={null} liveUrl={null}
        changeRequest={null} errors={errors} values={data?.values} election={page.election}
      />
      <p>
        <Link to={`/editor/${page.item.id}`}>Back to the editor</Link>
      </p>
    </>
  );
}
