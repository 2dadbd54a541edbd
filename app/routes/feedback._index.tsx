/**
 * /feedback: receives "Was this page helpful?" from guide and policy pages and goes back
 * to the page. If something is missing it shows the form here, keeping what was typed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { leaveFeedback } from "~/commands/feedback.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { positiveIntParam } from "~/schemas/reading-query";
import { FeedbackSchema } from "~/schemas/knowledge";
import { canSeeItem } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { itemPath } from "~/utils/item-path";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Was this page helpful?");

async function visiblePage(user: Parameters<typeof canSeeItem>[0], itemId: number | undefined) {
  const db = await getDb();
  const item = itemId ? await findItemById(db, itemId) : undefined;
  if (!item || (item.type !== "guide" && item.type !== "policy") || !canSeeItem(user, await getAudienceFacts(db, item))) throw notFound();
  return { id: item.id, title: item.title, href: itemPath(item.type, item.slug) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const itemId = positiveIntParam(new URL(request.url), "item");
  if (!itemId) throw redirect("/me/feedback");
  return json({ page: await visiblePage(user, itemId), csrfToken: user.csrfToken });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const parsed = FeedbackSchema.safeParse(fields);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.itemId) throw notFound();
    return json({ errors, values: { helpful: fields.helpful ?? "", comment: (fields.comment ?? "").slice(0, 2000) } }, { status: 400 });
  }
  const result = await leaveFeedback(user, parsed.data.itemId, { helpful: parsed.data.helpful === "yes", comment: parsed.data.comment });
  if (!result.ok) throw notFound();
  return redirect(`${itemPath(result.item.type, result.item.slug)}?feedback=sent#page-feedback`);
}

export default function FeedbackForm() {
  const { page, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: page.title, to: page.href }, { label: "Feedback" }]} />
      <ErrorSummary errors={errors} fields={["helpful", "comment"]} />
      <h1>Was “{page.title}” helpful?</h1>
      <Form method="post" action={`/feedback?index&item=${page.id}`} noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="itemId" value={page.id} />
        <div className={`form-group${errors.helpful ? " form-group--error" : ""}`}>
          <fieldset className="fieldset" aria-describedby={errors.helpful ? "helpful-error" : undefined}>
            <legend className="fieldset__legend">Was this page helpful?</legend>
            {errors.helpful ? (
              <p className="field-error" id="helpful-error">
                <span className="visually-hidden">Error:</span> {errors.helpful}
              </p>
            ) : null}
            <div className="radios radios--inline">
              <div className="radio">
                <input id="helpful" type="radio" name="helpful" value="yes" defaultChecked={data?.values.helpful === "yes"} />
                <label htmlFor="helpful">Yes</label>
              </div>
              <div className="radio">
                <input id="helpful-no" type="radio" name="helpful" value="no" defaultChecked={data?.values.helpful === "no"} />
                <label htmlFor="helpful-no">No</label>
              </div>
            </div>
          </fieldset>
        </div>
        <div className={`form-group${errors.comment ? " form-group--error" : ""}`}>
          <label htmlFor="comment">Tell the page’s owner more (optional)</label>
          <p className="hint" id="comment-hint">
            Only the owner of this page and the communications team will read this.
          </p>
          {errors.comment ? (
            <p className="field-error" id="comment-error">
              <span className="visually-hidden">Error:</span> {errors.comment}
            </p>
          ) : null}
          <textarea
            id="comment" name="comment" rows={4} maxLength={2000} defaultValue={data?.values.comment ?? ""}
            aria-describedby={errors.comment ? "comment-hint comment-error" : "comment-hint"} aria-invalid={errors.comment ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          Send feedback
        </button>
      </Form>
      <p>
        <Link to={page.href}>Back to “{page.title}”</Link>
      </p>
    </div>
  );
}
