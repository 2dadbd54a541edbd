/** /polls/new?item=ID: the author (or an editor) of an announcement adds a quick poll to it. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { canRunEngagement, createPoll, visibleAnnouncement } from "~/commands/polls.server";
import { positiveIntParam } from "~/schemas/reading-query";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Add a quick poll");

const OPTION_FIELDS = 6;

async function announcementFor(request: Request) {
  const user = await requireUser(request);
  const itemId = positiveIntParam(new URL(request.url), "item");
  const item = itemId ? await visibleAnnouncement(await getDb(), user, itemId) : null;
  if (!item) throw notFound();
  if (!canRunEngagement(user, item)) throw forbidden("Only the announcement’s author or an editor can add a poll.");
  return { user, item };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, item } = await announcementFor(request);
  return json({ csrfToken: user.csrfToken, item: { id: item.id, title: item.title, href: `/announcements/${item.slug}` } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const { item } = await announcementFor(request);
  const question = String(form.get("question") ?? "");
  const options = Array.from({ length: OPTION_FIELDS }, (_, i) => String(form.get(`option${i + 1}`) ?? ""));
  const result = await createPoll(user, item.id, { question, options });
  if (result.ok) return redirect(`/announcements/${item.slug}#poll-${result.pollId}-heading`);
  if (result.status === 403 || result.status === 404) throw new Response(result.message, { status: result.status });
  return json({ errors: result.errors ?? { form: result.message }, values: { question: question.slice(0, 300), options: options.map((o) => o.slice(0, 200)) } }, { status: 400 });
}

export default function NewPoll() {
  const { item, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "News", to: "/announcements" }, { label: item.title, to: item.href }, { label: "Add a quick poll" }]} />
      <ErrorSummary errors={{ ...errors, option1: errors.options }} fields={["question", "option1"]} />
      <h1>Add a quick poll</h1>
      <p>
        To <Link to={item.href}>{item.title}</Link>. One question, one answer each. Answers are anonymous: we count them, we do not
        record who chose what. People see the results after they answer.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        <TextField name="question" label="Question" defaultValue={data?.values.question} error={errors.question} maxLength={200} />
        <fieldset className="fieldset">
          <legend className="fieldset__legend">Answers to choose from (2 to 6)</legend>
          {errors.options ? (
            <p className="field-error" id="options-error">
              <span className="visually-hidden">Error:</span> {errors.options}
            </p>
          ) : null}
          {Array.from({ length: OPTION_FIELDS }, (_, i) => (
            <div className="form-group" key={i}>
              <label htmlFor={`option${i + 1}`}>
                Answer {i + 1}
                {i >= 2 ? " (optional)" : ""}
              </label>
              <input id={`option${i + 1}`} name={`option${i + 1}`} type="text" maxLength={100} defaultValue={data?.values.options[i] ?? ""} />
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button">
          Add the poll
        </button>
      </Form>
    </div>
  );
}
