/**
 * /requests/:id: one knowledge request. Staff add or remove their vote; the champions it
 * was routed to (and editors) close it by linking the guide that answers it, decline it
 * with a reason, reopen it, or pass it to another department.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { canHandleRequest, closeRequest, moveRequest, reopenRequest, setVote } from "~/commands/knowledge-requests.server";
import { listDepartments } from "~/models/department.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { findKnowledgeRequest, hasVoted, listRoutedTo } from "~/models/knowledge-request.server";
import { CloseRequestSchema } from "~/schemas/knowledge";
import { canSeeItem } from "~/access/audience.server";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.request.title ?? "Knowledge request");


export async function loader({ request: req, params }: LoaderFunctionArgs) {
  const user = await requireUser(req);
  const db = await getDb();
  const request = await findKnowledgeRequest(db, idParam(params.id));
  if (!request) throw notFound();
  const handler = await canHandleRequest(db, user, request);
  const answer = request.answerItemId ? await findItemById(db, request.answerItemId) : undefined;
  const answerVisible = !!answer && canSeeItem(user, await getAudienceFacts(db, answer));
  return json({
    csrfToken: user.csrfToken,
    handler,
    voted: await hasVoted(db, request.id, user.id),
    mine: request.requesterId === user.id,
    request: {
      id: request.id, title: request.title, details: request.details, departmentName: request.departmentName,
      departmentSlug: request.departmentSlug, status: request.status, votes: request.votes, createdAt: request.createdAt,
      closedAt: request.closedAt, closingNote: request.closingNote, closedByName: request.closedByName,
      // Who asked, and what they searched for, is for those who answer it.
      requesterName: handler ? request.requesterName : null,
      searchQuery: handler ? request.searchQuery : null,
    },
    answer: answer ? (answerVisible ? { title: answer.title, href: `/guides/${answer.slug}` } : { title: null, href: null }) : null,
    routedTo: handler ? (await listRoutedTo(db, request.id)).map((p) => p.name) : [],
    departments: handler ? (await listDepartments(db)).map((d) => ({ slug: d.slug, name: d.name })) : [],
  });
}

export async function action({ request: req, params }: ActionFunctionArgs) {
  const user = await requireUser(req);
  const id = idParam(params.id);
  const form = await readForm(req, SMALL_FORM);
  assertCsrf(req, form, user.csrfToken);
  const intent = form.get("intent");
  const fail = (result: { status: number; message: string; field?: string }) => {
    if (result.status === 400) return json({ errors: { [result.field ?? "form"]: result.message } as Record<string, string>, values: formFields(form) }, { status: 400 });
    throw new Response(result.message, { status: result.status });
  };
  if (intent === "vote" || intent === "unvote") {
    const result = await setVote(user, id, intent === "vote");
    return result.ok ? redirect(`/requests/${id}`) : fail(result);
  }
  if (intent === "close") {
    const parsed = CloseRequestSchema.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values: formFields(form) }, { status: 400 });
    const result = await closeRequest(user, id, parsed.data);
    return result.ok ? redirect(`/requests/${id}?closed=1`) : fail(result);
  }
  if (intent === "reopen") {
    const result = await reopenRequest(user, id);
    return result.ok ? redirect(`/requests/${id}`) : fail(result);
  }
  if (intent === "move") {
    const db = await getDb();
    const department = (await listDepartments(db)).find((d) => d.slug === form.get("department"));
    if (!department) return json({ errors: { department: "Choose a department" } as Record<string, string>, values: formFields(form) }, { status: 400 });
    const result = await moveRequest(user, id, department.id);
    return result.ok ? redirect(`/requests/${id}`) : fail(result);
  }
  throw badRequest("We did not understand that request.");
}

export default function KnowledgeRequest() {
  const { request, answer, handler, voted, mine, routedTo, departments, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const [params] = useSearchParams();
  const outcome = values.outcome === "declined" ? "declined" : "answered";
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Knowledge requests", to: "/requests" }, { label: request.title }]} />
      <ErrorSummary errors={errors} fields={["outcome", "guide", "note", "department"]} />
      {params.get("created") ? (
        <div className="banner banner--success" role="status">
          <h2>Your request has been sent</h2>
          <p>
            {request.departmentName
              ? `The knowledge champions for ${request.departmentName} have been told.`
              : "The communications team will pass it to the right service."}{" "}
            We will email you when it is answered.
          </p>
        </div>
      ) : null}
      {params.get("closed") ? (
        <div className="banner banner--success" role="status">
          <p>The request is closed and the people who asked for it have been told.</p>
        </div>
      ) : null}
      <p className="item-meta">Knowledge request</p>
      <h1>{request.title}</h1>
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>{request.status === "open" ? "Open" : request.status === "answered" ? "Answered" : "Closed without a new guide"}</dd>
        <dt>Service</dt>
        <dd>{request.departmentName ?? "Not known yet"}</dd>
        <dt>Asked</dt>
        <dd>
          <DateText value={request.createdAt} />
          {request.requesterName ? ` by ${request.requesterName}` : mine ? " by you" : ""}
        </dd>
        <dt>Needed by</dt>
        <dd>
          {request.votes} {request.votes === 1 ? "person" : "people"}
        </dd>
        {request.searchQuery ? (
          <>
            <dt>Searched for</dt>
            <dd>“{request.searchQuery}”</dd>
          </>
        ) : null}
        {routedTo.length ? (
          <>
            <dt>Sent to</dt>
            <dd>{routedTo.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {request.details ? <p className="pre-wrap">{request.details}</p> : null}
      {request.status !== "open" ? (
        <div className="inset">
          {answer ? (
            answer.href ? (
              <p>
                <strong>Answered by:</strong> <Link to={answer.href}>{answer.title}</Link>
              </p>
            ) : (
              <p>Answered by a guide that is not published for your department or role.</p>
            )
          ) : null}
          {request.closingNote ? <p className="pre-wrap">{request.closingNote}</p> : null}
          <p className="item-meta">
            Closed {request.closedByName ? `by ${request.closedByName} ` : ""}on <DateText value={request.closedAt} />
          </p>
        </div>
      ) : (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value={voted ? "unvote" : "vote"} />
          <button type="submit" className="button button--secondary">
            {voted ? "I no longer need this" : "I need this too"}
          </button>
        </Form>
      )}
      {handler && request.status === "open" ? (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">Close this request</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="intent" value="close" />
            <fieldset className="fieldset">
              <legend className="fieldset__legend">How was it answered?</legend>
              <div className="radios">
                <div className="radio">
                  <input id="outcome" type="radio" name="outcome" value="answered" defaultChecked={outcome === "answered"} />
                  <label htmlFor="outcome">A guide answers it</label>
                </div>
                <div className="radio">
                  <input id="outcome-declined" type="radio" name="outcome" value="declined" defaultChecked={outcome === "declined"} />
                  <label htmlFor="outcome-declined">No guide is needed (say why below)</label>
                </div>
              </div>
            </fieldset>
            <TextField
              name="guide" label="The guide that answers it" hint="Its address, like /guides/how-to-claim-mileage"
              defaultValue={values.guide} error={errors.guide} maxLength={500} spellCheck={false}
            />
            <TextArea name="note" label="Note for the people who asked" defaultValue={values.note} error={errors.note} maxLength={1000} />
            <button type="submit" className="button">
              Close the request
            </button>
          </Form>
          <h2>Pass it to another service</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="intent" value="move" />
            <SelectField
              name="department" label="Service" error={errors.department} defaultValue={request.departmentSlug ?? ""}
              options={[{ value: "", label: "Choose a service" }, ...departments.map((d) => ({ value: d.slug, label: d.name }))]}
            />
            <button type="submit" className="button button--secondary">
              Pass it on
            </button>
          </Form>
        </section>
      ) : null}
      {handler && request.status !== "open" ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value="reopen" />
          <button type="submit" className="button button--secondary">
            Reopen the request
          </button>
        </Form>
      ) : null}
    </div>
  );
}
