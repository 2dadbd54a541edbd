/**
 * /thanks: say thank you to a colleague (optionally about a guide or an event you can open),
 * and choose which notes you received show on your profile. No script needed.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { chooseThanks, sendThanks, ThanksProblem } from "~/commands/thanks.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { thanksOfViewer, type ThanksView } from "~/presenters/champions.server";
import { ThanksChoiceForm, ThanksForm } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Thank a colleague");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const notes = await thanksOfViewer(await getDb(), user);
  const to = (url.searchParams.get("to") ?? "").replace(/[^a-zA-Z0-9@._/-]/g, "").slice(0, 254);
  const about = (url.searchParams.get("about") ?? "").replace(/[^a-zA-Z0-9._/-]/g, "").slice(0, 300);
  return json({ ...notes, csrfToken: user.csrfToken, to, about, justSent: url.searchParams.get("sent") === "1" });
}

type Errors = Record<string, string>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  if (fields.intent === "choose") {
    const parsed = ThanksChoiceForm.safeParse(fields);
    if (!parsed.success) return json({ errors: { form: "Choose show or hide." } as Errors, values: {} as Record<string, string> }, { status: 400 });
    try {
      await chooseThanks(user, parsed.data.noteId, parsed.data.show);
    } catch (err) {
      if (err instanceof ThanksProblem) throw new Response(err.message, { status: err.status });
      throw err;
    }
    return redirect(`/thanks#note-${parsed.data.noteId}`);
  }
  const values = { to: (fields.to ?? "").slice(0, 254), body: (fields.body ?? "").slice(0, 500), about: (fields.about ?? "").slice(0, 300) };
  const parsed = ThanksForm.safeParse(fields);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) as Errors, values }, { status: 400 });
  try {
    await sendThanks(user, parsed.data);
  } catch (err) {
    if (err instanceof ThanksProblem) return json({ errors: { [err.field]: err.message } as Errors, values }, { status: err.status });
    throw err;
  }
  return redirect("/thanks?sent=1");
}

function Note({ n, direction }: { n: ThanksView; direction: "from" | "to" }) {
  return (
    <>
      <p className="hint">
        {direction === "from" ? <>From <Link to={n.fromUrl}>{n.fromName}</Link></> : <>To <Link to={n.toUrl}>{n.toName}</Link></>}, {formatDate(n.createdAt)}
        {n.about ? <>, about <Link to={n.about.url}>{n.about.title}</Link></> : null}
      </p>
      <p className="pre-line">{n.body}</p>
    </>
  );
}

const CHOICE: Record<ThanksView["onProfile"], string> = { undecided: "Not on your profile yet", shown: "Shown on your profile", hidden: "Hidden from your profile" };

export default function Thanks() {
  const { received, sent, csrfToken, to, about, justSent } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Errors = data?.errors ?? {};
  const v = data?.values ?? { to, body: "", about };
  return (
    <>
      <Breadcrumbs items={[{ label: "Knowledge champions", to: "/champions" }, { label: "Thank a colleague" }]} />
      <ErrorSummary errors={errors} fields={["to", "body", "about"]} />
      <h1>Thank a colleague</h1>
      {justSent ? (
        <div className="banner banner--success" role="status">
          <p>Your note was sent. Thank you for saying thank you.</p>
        </div>
      ) : null}
      <div className="two-thirds">
        <p>Someone helped you? Tell them. They choose whether your note shows on their profile.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrfToken} />
          <TextField name="to" label="Who are you thanking?" hint="Their email address or profile address, for example /people/chris-champion" defaultValue={v.to} error={errors.to} maxLength={254} />
          <TextArea name="body" label="Your note" hint="Up to 500 characters" defaultValue={v.body} error={errors.body} maxLength={500} rows={3} />
          <TextField name="about" label="About a guide or event (optional)" hint="Its address, for example /guides/how-to-claim-mileage or /events/12" defaultValue={v.about} error={errors.about} maxLength={300} />
          <button type="submit" name="intent" value="send" className="button">Send thank-you note</button>
        </Form>
      </div>
      <h2>Notes you received</h2>
      {received.length ? (
        <ul className="thanks-list">
          {received.map((n) => (
            <li key={n.id} id={`note-${n.id}`}>
              <Note n={n} direction="from" />
              <div>
                <strong>{CHOICE[n.onProfile]}.</strong>{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="csrf" value={csrfToken} />
                  <input type="hidden" name="intent" value="choose" />
                  <input type="hidden" name="noteId" value={n.id} />
                  {n.onProfile === "shown" ? (
                    <button type="submit" name="show" value="hidden" className="link-button">Hide from my profile<span className="visually-hidden">: note from {n.fromName}</span></button>
                  ) : (
                    <button type="submit" name="show" value="shown" className="link-button">Show on my profile<span className="visually-hidden">: note from {n.fromName}</span></button>
                  )}
                </Form>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>No notes yet.</p>
      )}
      <h2>Notes you sent</h2>
      {sent.length ? (
        <ul className="thanks-list">
          {sent.map((n) => (
            <li key={n.id}>
              <Note n={n} direction="to" />
            </li>
          ))}
        </ul>
      ) : (
        <p>You have not sent a note yet.</p>
      )}
    </>
  );
}
