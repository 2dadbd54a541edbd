/** /mentoring/offer: offer to mentor (topics, how many at once, in person or online), or change the offer. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { saveMentoringOffer } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { findOfferByMentor, listKnownTopics } from "~/models/mentoring.server";
import { FORMAT_LABELS, MENTORING_FORMATS, OfferForm } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Offer to mentor");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [offer, topics] = await Promise.all([findOfferByMentor(db, user.id), listKnownTopics(db, 60)]);
  return json({
    csrfToken: user.csrfToken, topics,
    values: offer
      ? { topics: offer.topics.join(", "), capacity: String(offer.capacity), format: offer.format, about: offer.about, isOpen: offer.isOpen }
      : { topics: "", capacity: "1", format: "either", about: "", isOpen: true },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const parsed = OfferForm.safeParse(fields);
  const values = { topics: (fields.topics ?? "").slice(0, 400), capacity: (fields.capacity ?? "").slice(0, 10), format: fields.format ?? "", about: (fields.about ?? "").slice(0, 600), isOpen: fields.isOpen === "on" };
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  await saveMentoringOffer(user, parsed.data);
  return redirect("/mentoring?done=offer");
}

export default function Offer() {
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values ?? loaded.values;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Mentoring", to: "/mentoring" }, { label: "Offer to mentor" }]} />
      <ErrorSummary errors={errors} fields={["topics", "capacity", "format", "about"]} />
      <h1>Offer to mentor</h1>
      <p>Say what you can help colleagues with. The mentoring coordinator matches people with you, or they choose you when the coordinator allows it.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={loaded.csrfToken} />
        <TextField
          name="topics" label="Topics you can mentor on"
          hint={<>Separate topics with commas. Use the same words as guide tags and “ask me about”{loaded.topics.length ? <>, for example: {loaded.topics.slice(0, 6).join(", ")}</> : null}.</>}
          defaultValue={v.topics} error={errors.topics} maxLength={400}
        />
        <TextField name="capacity" label="How many people can you mentor at once?" hint="From 1 to 10" type="number" width="short" defaultValue={v.capacity} error={errors.capacity} />
        <SelectField
          name="format" label="How would you meet?" defaultValue={v.format} error={errors.format}
          options={MENTORING_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
        />
        <TextArea name="about" label="About your offer (optional)" hint="What you have done, and what a mentee can expect" defaultValue={v.about} error={errors.about} maxLength={600} rows={4} />
        <Checkbox name="isOpen" label="I am taking new people now" defaultChecked={v.isOpen} />
        <button type="submit" className="button">
          Save your offer
        </button>
      </Form>
    </div>
  );
}
