/**
 * /me/reading: larger text, spacing, high contrast, reduced motion (issue 18, decision 122).
 * A plain form: works without JavaScript. Saved on the server for a signed-in person; on a
 * shared device kept in a browser-session cookie that "Done" clears.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, HintAndError } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import {
  CONTRAST_LABELS, CONTRASTS, MOTION_LABELS, MOTIONS, ReadingSettingsForm, SPACING_LABELS, SPACINGS, TEXT_SIZE_LABELS, TEXT_SIZES,
  type ReadingSettings,
} from "~/utils/reading-settings";
import { readingSettingsFor, storeReadingSettings } from "~/utils/reading-settings.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Reading settings");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({
    csrfToken: user.csrfToken,
    settings: await readingSettingsFor(request, user),
    shared: user.sharedDevice !== null,
    saved: new URL(request.url).searchParams.get("saved") === "1",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const parsed = ReadingSettingsForm.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const cookie = await storeReadingSettings(request, user, parsed.data);
  return redirect("/me/reading?saved=1", cookie ? { headers: { "Set-Cookie": cookie } } : undefined);
}

const GROUPS: { name: keyof ReadingSettings; legend: string; hint?: string; values: readonly string[]; labels: Record<string, string> }[] = [
  { name: "textSize", legend: "Text size", values: TEXT_SIZES, labels: TEXT_SIZE_LABELS },
  { name: "spacing", legend: "Spacing", hint: "More space between lines, letters and words can make text easier to follow.", values: SPACINGS, labels: SPACING_LABELS },
  { name: "contrast", legend: "Contrast", values: CONTRASTS, labels: CONTRAST_LABELS },
  { name: "motion", legend: "Motion", values: MOTIONS, labels: MOTION_LABELS },
];

export default function ReadingSettingsPage() {
  const { csrfToken, settings, shared, saved } = useLoaderData<typeof loader>();
  const errors: Record<string, string | undefined> = useActionData<typeof action>()?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Your channels and email", to: "/me" }, { label: "Reading settings" }]} />
      <h1>Reading settings</h1>
      {saved ? (
        <div className="notice" role="status">
          <p>Your reading settings are saved.</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fields={GROUPS.map((g) => g.name)} />
      <p>
        {shared
          ? "This is a shared device: your settings last until you press Done, then the next person starts with the standard settings."
          : "Your settings are kept with your account and apply on every page you open on this intranet."}
      </p>
      <Form method="post" className="reading-form" reloadDocument>
        <CsrfField token={csrfToken} />
        {GROUPS.map((g) => (
          <fieldset key={g.name} className="form-group" id={g.name} aria-describedby={[g.hint ? `${g.name}-hint` : "", errors[g.name] ? `${g.name}-error` : ""].join(" ").trim() || undefined}>
            <legend className="label">{g.legend}</legend>
            <HintAndError id={g.name} hint={g.hint} error={errors[g.name]} />
            {g.values.map((v) => (
              <div className="radio" key={v}>
                <input type="radio" id={`${g.name}-${v}`} name={g.name} value={v} defaultChecked={settings[g.name] === v} />
                <label htmlFor={`${g.name}-${v}`}>{g.labels[v]}</label>
              </div>
            ))}
          </fieldset>
        ))}
        <button type="submit" className="button">
          Save reading settings
        </button>
      </Form>
    </>
  );
}
