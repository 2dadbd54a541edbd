/**
 * /set-password/:token: the one-time link an administrator gives a new or locked-out
 * person. Open to signed-out visitors (that is who uses it); the token is the proof.
 * Setting the password spends the link, ends any other sessions and signs the person in.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { CsrfField, ErrorSummary, TextField, useClientCheck } from "~/components/FormFields";
import { checkPasswordLink, setPasswordWithLink } from "~/commands/users.server";
import { SetPasswordSchema } from "~/schemas/admin";
import { getOptionalUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { PASSWORD_HINT } from "~/utils/password.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { createSession, destroySession, sessionCookie } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Set your password – Riverside intranet" }, { name: "referrer", content: "no-referrer" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  const link = await checkPasswordLink(params.token ?? "");
  const headers = { "Cache-Control": "no-store" };
  if (!link.ok) return json({ valid: false as const, csrfToken: current?.csrfToken ?? null, passwordHint: PASSWORD_HINT }, { status: 410, headers });
  return json(
    { valid: true as const, email: link.email, name: link.name, invite: link.purpose === "invite", csrfToken: current?.csrfToken ?? null, passwordHint: PASSWORD_HINT },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const current = await getOptionalUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, current?.csrfToken ?? null);
  const parsed = SetPasswordSchema.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const result = await setPasswordWithLink(params.token ?? "", parsed.data.password);
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  await destroySession(request);
  const { token } = await createSession(result.userId);
  return redirect("/", { headers: { "Set-Cookie": sessionCookie(request, token) } });
}

export default function SetPassword() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const check = useClientCheck(SetPasswordSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? result?.errors ?? {};
  if (!data.valid)
    return (
      <div className="two-thirds">
        <h1>This link no longer works</h1>
        <p>Links to set a password work once, and only for a few days. Ask an intranet administrator or the ICT service desk (extension 4357) for a new one.</p>
        <p>
          <Link to="/login">Go to the sign-in page</Link>
        </p>
      </div>
    );
  return (
    <div className="two-thirds">
      <h1>{data.invite ? "Welcome to the staff intranet" : "Set a new password"}</h1>
      <p>
        {data.invite ? `Hello ${data.name}. Choose a password for your account, ${data.email}.` : `Choose a new password for ${data.email}.`}
      </p>
      <ErrorSummary errors={errors} fields={["password", "confirmPassword"]} />
      <Form method="post" noValidate onSubmit={check.onSubmit}>
        {data.csrfToken ? <CsrfField token={data.csrfToken} /> : null}
        <input type="hidden" name="username" value={data.email} autoComplete="username" />
        <TextField name="password" label="New password" hint={data.passwordHint} type="password" autoComplete="new-password" error={errors.password} maxLength={1024} />
        <TextField name="confirmPassword" label="Type the password again" type="password" autoComplete="new-password" error={errors.confirmPassword} maxLength={1024} />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </div>
  );
}
