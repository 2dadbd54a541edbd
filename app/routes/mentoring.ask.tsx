/** /mentoring/ask: ask for a mentor on a topic. When people may choose for themselves, on to the offers on that topic. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { askForMentor, selfMatchAllowed } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listKnownTopics } from "~/models/mentoring.server";
import { AskForm, FORMAT_LABELS, MENTORING_FORMATS } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Ask for a mentor");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const topic = (new URL(request.url).searchParams.get("topic") ?? "").replace(/[^\p{L}\p{N} &'-]/gu, "").slice(0, 50);
  return json({ csrfToken: user.csrfToken, topics: await listKnownTopics(db, 60), selfMatch: await selfMatchAllowed(db), topic });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const values = { topic: (fields.topic ?? "").slice(0, 50), format: fields.format ?? "", hopes: (fields.hopes ?? "").slice(0, 600) };
  const parsed = AskForm.safeParse(fields);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  await askForMentor(user, parsed.data);
  if (await selfMatchAllowed()) return redirect(`/mentoring/offers?topic=${encodeURIComponent(parsed.data.topic)}&asked=1`);
  return redirect("/mentoring?done=asked");
}

export default function Ask() {
  const { csrfToken, topics, selfMatch, topic } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values ?? { topic, format: "either", hopes: "" };
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Mentoring", to: "/mentoring" }, { label: "Ask for a mentor" }]} />
      <ErrorSummary errors={errors} fields={["topic", "format", "hopes"]} />
      <h1>Ask for a mentor</h1>
      <p>
        {selfMatch
          ? "Say what you would like help with. Next you can choose a mentor from those who offer it."
          : "Say what you would like help with. The mentoring coordinator will match you with a mentor and email you both."}
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        <TextField
          name="topic" label="Topic"
          hint={topics.length ? <>One topic, for example: {topics.slice(0, 6).join(", ")}</> : "One topic, for example: plain english"}
          defaultValue={v.topic} error={errors.topic} maxLength={50}
        />
        <SelectField name="format" label="How would you like to meet?" defaultValue={v.format} error={errors.format} options={MENTORING_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))} />
        <TextArea name="hopes" label="What do you hope to get from mentoring? (optional)" hint="The coordinator and your mentor read this." defaultValue={v.hopes} error={errors.hopes} maxLength={600} rows={4} />
        <button type="submit" className="button">
          Ask for a mentor
        </button>
      </Form>
    </div>
  );
}
