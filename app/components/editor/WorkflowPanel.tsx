/**
 * Where an item stands in the workflow, and the buttons this person may press. Each
 * action is its own small form posting to /editor/:id/workflow, so it works without
 * JavaScript; the server checks the permission again.
 */
import { Form } from "@remix-run/react";
import { DateInput } from "~/components/DateInput";
import { EMPTY_DATE_TIME, type DateTimeParts } from "~/schemas/date-input";
import { fieldId } from "./fields";

export type PanelState = "draft" | "in-review" | "scheduled" | "live" | "archived";

export type WorkflowPanelProps = {
  itemId: number;
  csrfToken: string;
  itemStatus: string;
  state: PanelState;
  allowed: string[];
  /** "3 December 2026 at 09:00" when scheduled. */
  scheduledFor: string | null;
  liveUrl: string | null;
  changeRequest: { by: string | null; at: string; comment: string } | null;
  errors?: Record<string, string>;
  values?: { comment?: string; publishAt?: DateTimeParts };
  /** A pre-election period is on for this page (decision 161). */
  election?: { checklistNeeded: boolean; needsApproval: boolean } | null;
};

const CHECKLIST = [
  { name: "publicityNames", question: "Does it name or show photos of councillors or candidates?" },
  { name: "publicityControversial", question: "Is it about a controversial matter?" },
  { name: "publicityParty", question: "Could it be read as supporting a party or a point of view?" },
] as const;

/** The publicity checklist: three yes/no questions and an optional note (asked once per revision). */
function Checklist({ prefix, errors }: { prefix: string; errors: Record<string, string> }) {
  return (
    <fieldset className={`fieldset${errors.publicity ? " form-group--error" : ""}`} id={fieldId(`wf-publicity${prefix}`)}>
      <legend>Publicity checklist (pre-election period)</legend>
      {errors.publicity ? (
        <p className="field-error">
          <span className="visually-hidden">Error:</span> {errors.publicity}
        </p>
      ) : null}
      {CHECKLIST.map((q) => (
        <fieldset key={q.name} className="fieldset radios radios--inline">
          <legend>{q.question}</legend>
          <label>
            <input type="radio" name={q.name} value="yes" required /> Yes
          </label>
          <label>
            <input type="radio" name={q.name} value="no" required /> No
          </label>
        </fieldset>
      ))}
      <label htmlFor={fieldId(`wf-publicityNote${prefix}`)}>Anything the reviewer should know (optional)</label>
      <textarea id={fieldId(`wf-publicityNote${prefix}`)} name="publicityNote" rows={2} className="editor-textarea" maxLength={1000} />
    </fieldset>
  );
}

export function stateLabel(itemStatus: string, state: PanelState): string {
  if (state === "archived") return "Archived";
  const live = itemStatus === "expired" ? "Expired" : "Published";
  if (itemStatus === "published" || itemStatus === "expired") {
    if (state === "draft") return `${live}, with changes in draft`;
    if (state === "in-review") return `${live}, with changes waiting for review`;
    if (state === "scheduled") return `${live}, with changes scheduled`;
    return live;
  }
  return { draft: "Draft", "in-review": "Waiting for review", scheduled: "Scheduled", live: "Published" }[state];
}

export function StatusTag({ itemStatus, state }: { itemStatus: string; state: PanelState }) {
  const cls = state === "live" ? "tag" : state === "archived" ? "tag tag--draft" : state === "in-review" ? "tag tag--need-to-know" : "tag tag--draft";
  return <strong className={cls}>{stateLabel(itemStatus, state)}</strong>;
}

function Hidden({ csrf, intent }: { csrf: string; intent: string }) {
  return (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
    </>
  );
}

export function WorkflowPanel(p: WorkflowPanelProps) {
  const action = `/editor/${p.itemId}/workflow`;
  const has = (a: string) => p.allowed.includes(a);
  const err = p.errors ?? {};
  return (
    <section className="workflow-panel" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Status and review</h2>
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          <StatusTag itemStatus={p.itemStatus} state={p.state} />
        </dd>
        {p.scheduledFor ? (
          <>
            <dt>Scheduled for</dt>
            <dd>{p.scheduledFor}</dd>
          </>
        ) : null}
        {p.liveUrl ? (
          <>
            <dt>Live page</dt>
            <dd>
              <a href={p.liveUrl}>View the published page</a>
            </dd>
          </>
        ) : null}
      </dl>

      {p.changeRequest && p.state === "draft" ? (
        <div className="banner banner--need-to-know" role="note" aria-labelledby="change-request-title">
          <h3 id="change-request-title">Changes requested{p.changeRequest.by ? ` by ${p.changeRequest.by}` : ""}</h3>
          <p className="editor-comment">{p.changeRequest.comment}</p>
        </div>
      ) : null}

      {has("submit") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="submit" />
          <p>When it is ready, send it to a reviewer. You can still make changes while it waits.</p>
          {p.election?.checklistNeeded ? <Checklist prefix="-submit" errors={err} /> : null}
          <button type="submit" className="button">Send for review</button>
        </Form>
      ) : null}

      {has("publish") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="publish" />
          <h3>{p.state === "in-review" ? "Approve" : "Publish"}</h3>
          <DateInput
            id={fieldId("wf-publishAt")} name="publishAt" legend="Publish at (optional)" value={p.values?.publishAt ?? EMPTY_DATE_TIME} error={err.publishAt}
            hint="UK time. Leave empty to use the publish date on the page, or to publish now. For example, 27 3 2027"
          />
          {p.election?.checklistNeeded ? <Checklist prefix="-publish" errors={err} /> : null}
          {p.election?.needsApproval ? (
            <div className="form-group">
              <p className="hint">
                During the pre-election period this needs a publicity reviewer's approval too: publishing holds it until they approve.
              </p>
              <label htmlFor={fieldId("wf-override")}>Emergency or statutory notice: why it cannot wait (optional)</label>
              <p className="hint" id={`${fieldId("wf-override")}-hint`}>
                Only for a notice that must go out now (public safety, a legal duty). It is published at once, recorded with your reason, and the
                publicity reviewers are told.
              </p>
              <textarea id={fieldId("wf-override")} name="override" rows={2} className="editor-textarea" maxLength={1000} aria-describedby={`${fieldId("wf-override")}-hint`} />
            </div>
          ) : null}
          <button type="submit" className="button">{p.state === "in-review" ? "Approve and publish" : p.state === "scheduled" ? "Publish now" : "Publish"}</button>
        </Form>
      ) : null}

      {has("request-changes") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="request-changes" />
          <h3>Send back</h3>
          <div className={`form-group${err.comment ? " form-group--error" : ""}`}>
            <label htmlFor={fieldId("wf-comment")}>What needs to change</label>
            {err.comment ? (
              <p className="field-error" id={`${fieldId("wf-comment")}-error`}>
                <span className="visually-hidden">Error:</span> {err.comment}
              </p>
            ) : null}
            <textarea id={fieldId("wf-comment")} name="comment" rows={3} className="editor-textarea" defaultValue={p.values?.comment ?? ""}
              aria-describedby={err.comment ? `${fieldId("wf-comment")}-error` : undefined} aria-invalid={err.comment ? true : undefined} />
          </div>
          <button type="submit" className="button button--secondary">Request changes</button>
        </Form>
      ) : null}

      {has("withdraw") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="withdraw" />
          <button type="submit" className="button button--secondary">{p.state === "scheduled" ? "Cancel the schedule" : "Withdraw from review"}</button>
        </Form>
      ) : null}

      {has("archive") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="archive" />
          <p className="hint">Archiving takes the page off the intranet. Nothing is deleted: it can be brought back.</p>
          <button type="submit" className="button button--warning">Archive</button>
        </Form>
      ) : null}

      {has("unarchive") ? (
        <Form method="post" action={action} className="workflow-form">
          <Hidden csrf={p.csrfToken} intent="unarchive" />
          <button type="submit" className="button">Bring back from the archive</button>
        </Form>
      ) : null}
    </section>
  );
}
