/** /corrections/new?item=ID: an editor records, in one sentence, what was wrong in a published page. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { canCorrect, correctableItem, correctItem, CORRECTION_GUIDANCE } from "~/commands/corrections.server";
import { CORRECTION_MAX } from "~/utils/corrections";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { itemPath } from "~/utils/item-path";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Record a correction");

const ItemQuery = z.coerce.number().int().positive().max(999_999_999);

async function load(request: Request) {
  const user = await requireUser(request);
  const id = ItemQuery.safeParse(new URL(request.url).searchParams.get("item"));
  if (!id.success) throw notFound();
  const item = await correctableItem(await getDb(), user, id.data);
  if (!item || !canCorrect(user, item) || item.status !== "published") throw notFound();
  return { user, item };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, item } = await load(request);
  return json({
    csrfToken: user.csrfToken, guidance: CORRECTION_GUIDANCE,
    item: { id: item.id, title: item.title, href: itemPath(item.type, item.slug), type: item.type, mustRead: item.mustRead === 1 },
  });
}

const CorrectionForm = z.object({ text: z.string().max(5000).default(""), material: z.enum(["1"]).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, signedIn.csrfToken); // before anything about the item: a cross-site post learns nothing
  const { user, item } = await load(request);
  const parsed = CorrectionForm.safeParse(formFields(form));
  if (!parsed.success) throw badRequest("We did not understand that request.");
  const result = await correctItem(user, item.id, { text: parsed.data.text, material: parsed.data.material === "1" });
  if (result.ok) return redirect(`${itemPath(item.type, item.slug)}#correction-${result.correctionId}`);
  if (result.status === 400) return json({ errors: { text: result.message } as Record<string, string>, text: parsed.data.text.slice(0, 1000) }, { status: 400 });
  throw new Response(result.message, { status: result.status });
}

export default function NewCorrection() {
  const { item, guidance, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const error = data?.errors?.text;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: item.title, to: item.href }, { label: "Record a correction" }]} />
      <ErrorSummary errors={data?.errors ?? {}} fields={["text"]} />
      <h1>Record a correction</h1>
      <p>
        For <Link to={item.href}>{item.title}</Link>. The page will show “Corrected on” with your sentence at the top, the correction log lists it, and everyone who was
        alerted about this page gets the correction the same way. Fix the text itself in the editor too: the page's history keeps both versions.
      </p>
      <div className="inset">
        <h2>How to word it</h2>
        <ul>
          {guidance.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      </div>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrfToken} />
        <div className={`form-group${error ? " form-group--error" : ""}`}>
          <label htmlFor="text">What was wrong, and what is right</label>
          <p className="hint" id="text-hint">
            One sentence, up to {CORRECTION_MAX} characters. For example: the deadline is the 12th, not the 21st.
          </p>
          {error ? (
            <p className="field-error" id="text-error">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input id="text" name="text" type="text" maxLength={CORRECTION_MAX} defaultValue={data?.text ?? ""} required aria-describedby={error ? "text-hint text-error" : "text-hint"} aria-invalid={error ? true : undefined} />
        </div>
        {item.type === "announcement" && item.mustRead ? (
          <div className="checkbox">
            <input id="material" name="material" type="checkbox" value="1" aria-describedby="material-hint" />
            <label htmlFor="material">This changes what people need to know: ask them to confirm again</label>
            <p className="hint" id="material-hint">
              Everyone asked to confirm this must-read will be asked again.
            </p>
          </div>
        ) : null}
        <button type="submit" className="button">
          Publish the correction
        </button>
      </Form>
    </div>
  );
}
