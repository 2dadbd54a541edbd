/**
 * /admin/learning: who holds the `learning` permission (decision 130) — coordinating events,
 * learning paths and mentoring like a communications editor. Administrators grant and revoke it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { eventProblem, setLearningGrant } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listLearningGrants } from "~/models/event.server";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Learning coordinators");

const GrantSchema = z.object({
  intent: z.enum(["grant", "revoke"]),
  email: z.string().trim().min(1, "Enter the person's email address").max(254).email("Enter an email address like name@riverside.gov.uk"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "user");
  const grants = await listLearningGrants(await getDb());
  return json({ csrfToken: user.csrfToken, grants, saved: new URL(request.url).searchParams.get("saved") === "1" });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "user");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = GrantSchema.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  try {
    await setLearningGrant(user, parsed.data.email, parsed.data.intent === "grant");
  } catch (err) {
    return json({ errors: { email: eventProblem(err).message } as Record<string, string> }, { status: 400 });
  }
  return redirect("/admin/learning?saved=1");
}

export default function LearningCoordinators() {
  const { grants, csrfToken, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Learning coordinators" }]} />
      <ErrorSummary errors={errors} fields={["email"]} />
      <h1>Learning coordinators</h1>
      {saved ? (
        <div className="banner banner--success" role="status">
          <p>Saved.</p>
        </div>
      ) : null}
      <p>
        Communications editors coordinate learning already. Give the learning permission to others who run the training programme: they can
        add and edit any event, build learning paths for others, match mentoring pairs and see the learning insight.
      </p>
      {grants.length ? (
        <ul>
          {grants.map((g) => (
            <li key={g.userId}>
              {g.name} ({g.email})
              <Form method="post" className="inline-form">
                <input type="hidden" name="csrf" value={csrfToken} />
                <input type="hidden" name="email" value={g.email} />
                <button type="submit" name="intent" value="revoke" className="link-button">
                  Remove<span className="visually-hidden"> the learning permission from {g.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>No one has the learning permission yet.</p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        <TextField name="email" label="Give the learning permission to" hint="Their email address" type="email" error={errors.email} maxLength={254} />
        <button type="submit" name="intent" value="grant" className="button">
          Give permission
        </button>
      </Form>
    </>
  );
}
