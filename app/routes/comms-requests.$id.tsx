/**
 * /comms-requests/:id: one request to the communications team. The requester and the comms
 * team see it (anyone else gets a 404); both write in its conversation. The team changes its
 * status and shares drafts; the requester approves a draft or asks for changes.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateInput } from "~/components/DateInput";
import { DateText } from "~/components/DateText";
import { Checkbox, CsrfField, DOCUMENT_ACCEPT, ErrorSummary, FileField, SelectField, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import {
  addCommsMessage, answerDraft, attachToCommsRequest, changeCommsRequestStatus, checkRequestFiles, kindPhrase, maySeeRequest, REQUEST_FILES_MAX, shareDraft,
  worksQueue, type CommsResult,
} from "~/commands/comms-requests.server";
import { findCommsRequest, listCommsMessages, listCommsRequestFiles } from "~/models/comms-request.server";
import { REQUEST_STATUSES, STATUS_LABELS } from "~/utils/comms-request-status";
import { CommsDraftSchema, CommsMessageSchema, CommsStatusSchema, DraftAnswerSchema } from "~/schemas/comms";
import { checkDate, datePartsOf, readDateParts, type DateParts } from "~/schemas/date-input";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, uploadForm } from "~/utils/request-body.server";
import { formFiles } from "~/utils/file-response.server";
import { formatSize, KINDS, uploadLimitBytes } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.request.title ?? "Request to the communications team");

export async function loader({ request: req, params }: LoaderFunctionArgs) {
  const user = await requireUser(req);
  const db = await getDb();
  const request = await findCommsRequest(db, idParam(params.id));
  if (!request || !maySeeRequest(user, request)) throw notFound();
  const messages = await listCommsMessages(db, request.id);
  const files = await listCommsRequestFiles(db, request.id);
  return json({
    csrfToken: user.csrfToken,
    team: worksQueue(user),
    mine: request.requesterId === user.id,
    request: { ...request, kindLabel: kindPhrase(request.kind), statusLabel: STATUS_LABELS[request.status] },
    limitMb: Math.round(uploadLimitBytes() / 1024 / 1024),
    filesMax: REQUEST_FILES_MAX,
    files: files.map((f) => ({
      id: f.id, name: f.name, href: `/comms-requests/${request.id}/files/${f.id}`, type: KINDS[f.kind].label, size: formatSize(f.size),
      by: f.uploaderName ?? "Former member of staff", at: f.uploadedAt,
    })),
    pendingDraftId: messages.filter((m) => m.kind === "draft" && m.approval === "pending").at(-1)?.id ?? null,
    messages: messages.map((m) => ({
      id: m.id, kind: m.kind, body: m.body, authorName: m.authorName ?? "Former member of staff", createdAt: m.createdAt,
      statusLabel: m.status ? STATUS_LABELS[m.status] : null, approval: m.approval,
    })),
  });
}

type ActionData = { errors: Record<string, string>; values: Record<string, string>; form: string; scheduled?: DateParts };

export async function action({ request: req, params }: ActionFunctionArgs) {
  const user = await requireUser(req);
  const id = idParam(params.id);
  const form = await readForm(req, uploadForm(uploadLimitBytes()));
  assertCsrf(req, form, user.csrfToken);
  const values = formFields(form);
  const intent = values.intent ?? "";
  const fail = (errors: Record<string, string>, extra: Partial<ActionData> = {}) => json<ActionData>({ errors, values, form: intent, ...extra }, { status: 400 });
  let result: CommsResult;
  if (intent === "message") {
    const parsed = CommsMessageSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    result = await addCommsMessage(user, id, parsed.data.body);
  } else if (intent === "status") {
    const parsed = CommsStatusSchema.safeParse(values);
    const scheduled = readDateParts(form, "scheduledFor");
    const date = checkDate(scheduled, "Scheduled date");
    if (!parsed.success || !date.ok)
      return fail({ ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(date.ok ? {} : { scheduledFor: date.message }) }, { scheduled });
    result = await changeCommsRequestStatus(user, id, { ...parsed.data, scheduledFor: date.value });
    if (!result.ok && result.field) return fail({ [result.field]: result.message }, { scheduled });
  } else if (intent === "draft") {
    const parsed = CommsDraftSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    result = await shareDraft(user, id, parsed.data.draft);
  } else if (intent === "files") {
    const checked = await checkRequestFiles(await formFiles(form, "files"));
    if (!checked.ok) return fail({ files: checked.message });
    result = await attachToCommsRequest(user, id, checked.files);
  } else if (intent === "answer") {
    const parsed = DraftAnswerSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    result = await answerDraft(user, id, parsed.data.answer, parsed.data.note);
  } else throw badRequest("Unknown action");
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    if (result.field) return fail({ [result.field]: result.message });
    throw new Response(result.message, { status: result.status });
  }
  return redirect(`/comms-requests/${id}?done=${intent}`);
}

const DONE: Record<string, string> = {
  message: "Your message was sent.",
  status: "The status was changed and the person who asked was told.",
  draft: "The draft was shared. The person who asked was emailed to approve it.",
  answer: "Thank you. The communications team was told.",
  files: "The files are attached, and the other side was told.",
  "1": "Your request was sent. We will email you each time its status changes.",
};

export default function CommsRequestPage() {
  const { request, messages, team, mine, csrfToken, pendingDraftId, files, limitMb, filesMax } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? (params.get("created") ? "1" : "")];
  const errors = data?.errors ?? {};
  const errs = (form: string) => (data?.form === form ? errors : {});
  const closed = request.status === "done" || request.status === "declined";
  const yesNo = (v: number) => (v ? "Yes" : "No");
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Requests to the communications team", to: "/comms-requests" }, { label: request.title }]} />
      {done ? (
        <div className="banner banner--success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fields={["body", "files", "status", "scheduledFor", "declineReason", "note", "draft", "answer"]} />
      <h1>{request.title}</h1>
      <p>
        <span className={request.status === "declined" ? "tag tag--draft" : "tag"}>{request.statusLabel}</span>
        {request.status === "scheduled" && request.scheduledFor ? (
          <>
            {" "}
            for <DateText value={request.scheduledFor} />
          </>
        ) : null}
      </p>
      {request.status === "declined" && request.declineReason ? <p>Declined because: {request.declineReason}</p> : null}
      <dl className="summary-list">
        <dt>What is asked for</dt>
        <dd>{request.kindLabel}</dd>
        <dt>Asked by</dt>
        <dd>
          {request.requesterName ?? "Former member of staff"}
          {request.departmentName ? `, ${request.departmentName}` : ""} on <DateText value={request.createdAt} />
        </dd>
        <dt>What and why</dt>
        <dd className="pre-wrap">{request.whatAndWhy}</dd>
        <dt>Who it is for</dt>
        <dd>{request.audience}</dd>
        <dt>Key dates</dt>
        <dd>{request.keyDates || "None given"}</dd>
        <dt>Approved in the service by</dt>
        <dd>{request.serviceApprover}</dd>
        <dt>Links</dt>
        <dd>
          {request.links ? (
            <ul>
              {request.links.split(/\s+/).filter(Boolean).map((l) => (
                <li key={l}>
                  <a href={l} rel="noreferrer noopener">
                    {l}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            "None"
          )}
        </dd>
        <dt>Involves councillors or candidates</dt>
        <dd>{yesNo(request.involvesCouncillors)}</dd>
        <dt>Involves residents’ personal data</dt>
        <dd>{yesNo(request.involvesPersonalData)}</dd>
        <dt>Involves a consultation</dt>
        <dd>{yesNo(request.involvesConsultation)}</dd>
        <dt>Handled by</dt>
        <dd>{request.assigneeName ?? "Not yet assigned"}</dd>
      </dl>

      <h2 id="files-title">Files</h2>
      {files.length === 0 ? <p>No files.</p> : (
        <ul className="documents">
          {files.map((f) => (
            <li key={f.id}>
              <a href={f.href} download>
                {f.name}
              </a>{" "}
              <span className="hint">
                ({f.type}, {f.size}, from {f.by} on <DateText value={f.at} />)
              </span>
            </li>
          ))}
        </ul>
      )}
      {!closed || team ? (
        <Form method="post" noValidate encType="multipart/form-data" aria-labelledby="files-title">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="intent" value="files" />
          <FileField
            name="files" label="Add files" multiple accept={DOCUMENT_ACCEPT} error={errs("files").files}
            hint={`Up to ${filesMax} files, ${limitMb} MB in all: PDF, Word, Excel, PowerPoint, CSV, plain text or images.`}
          />
          <button type="submit" className="button button--secondary">
            Attach files
          </button>
        </Form>
      ) : null}

      <h2>Conversation</h2>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol className="conversation">
        {messages.map((m) => (
          <li key={m.id}>
            <p className="hint">
              {m.authorName}, <DateText value={m.createdAt} />
            </p>
            {m.kind === "status" ? <p>Changed the status to “{m.statusLabel}”.</p> : null}
            {m.kind === "draft" ? (
              <p>
                Shared a draft for approval{m.approval === "pending" ? " (waiting for an answer)" : m.approval === "approved" ? " (approved)" : " (changes asked for)"}:
              </p>
            ) : null}
            {m.kind === "approval" ? <p>{m.approval === "approved" ? "Approved the draft." : "Asked for changes to the draft."}</p> : null}
            {m.body ? <blockquote className="pre-wrap">{m.body}</blockquote> : null}
          </li>
        ))}
      </ol>

      {mine && pendingDraftId ? (
        <>
          <h2 id="approve">Approve the draft</h2>
          <Form method="post" noValidate aria-labelledby="approve">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="answer" />
            <SelectField
              name="answer" label="Is the draft ready to go?" error={errs("answer").answer} defaultValue=""
              options={[{ value: "", label: "Choose one" }, { value: "approved", label: "Yes, I approve it" }, { value: "changes", label: "No, it needs changes" }]}
            />
            <TextArea name="note" label="What should change? (optional when you approve)" error={errs("answer").note} maxLength={2000} />
            <button type="submit" className="button">
              Send answer
            </button>
          </Form>
        </>
      ) : null}

      {!closed || team ? (
        <>
          <h2 id="write">Write a message</h2>
          <Form method="post" noValidate aria-labelledby="write">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="message" />
            <TextArea name="body" label="Your message" error={errs("message").body} maxLength={4000} rows={4} defaultValue={data?.form === "message" ? data.values.body : undefined} />
            <button type="submit" className="button">
              Send message
            </button>
          </Form>
        </>
      ) : null}

      {team ? (
        <>
          <h2 id="status-heading">Change the status</h2>
          <Form method="post" noValidate aria-labelledby="status-heading">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="status" />
            <SelectField
              name="status" label="Status" defaultValue={request.status} error={errs("status").status}
              options={REQUEST_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            />
            <DateInput
              id="scheduledFor" name="scheduledFor" legend="Scheduled for (when the status is Scheduled)"
              value={data?.scheduled ?? datePartsOf(request.scheduledFor)} error={errs("status").scheduledFor}
            />
            <TextArea name="declineReason" label="Why it is declined (when the status is Declined)" error={errs("status").declineReason} maxLength={1000} />
            <TextArea name="note" label="A note for the person who asked (optional)" error={errs("status").note} maxLength={2000} />
            <Checkbox name="assignToMe" label="I will handle this request" defaultChecked={!request.assigneeId} />
            <button type="submit" className="button">
              Change status
            </button>
          </Form>
          {!closed ? (
            <>
              <h2 id="draft-heading">Share a draft for approval</h2>
              <Form method="post" noValidate aria-labelledby="draft-heading">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="intent" value="draft" />
                <TextArea
                  name="draft" label="The draft" hint="The person who asked is emailed to approve it, or to ask for changes. Nothing is posted anywhere."
                  error={errs("draft").draft} maxLength={20000} rows={8}
                />
                <button type="submit" className="button button--secondary">
                  Share draft
                </button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
      <p>
        <Link to="/comms-requests">Back to requests</Link>
      </p>
    </div>
  );
}
