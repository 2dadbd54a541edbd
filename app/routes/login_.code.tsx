/**
 * /login/code: first sign-in with the code from a printed letter (issue 18). Step one
 * checks the employee number and code; step two chooses a passphrase (or, on a shared
 * device, a 6-digit PIN) and uses the code up. Every wrong number or code gets the same
 * message; attempts are throttled like passwords.
 */
import { PLAIN_PAGE } from "~/utils/page-scripts";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { ErrorSummary, TextField } from "~/components/FormFields";
import { checkAccessCode, redeemAccessCode, type NewSecret } from "~/commands/access-codes.server";
import { RedeemCheckSchema } from "~/schemas/access-codes";
import { getOptionalUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { PASSWORD_HINT } from "~/utils/password.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { sessionCookie } from "~/utils/session.server";
import { isSharedDevice, sharedDeviceOf } from "~/utils/shared-device.server";

export const meta: MetaFunction = () => [{ title: "Sign in with a code – Riverside intranet" }];

/** Plain HTML, no scripts: the first page a person opens on a slow phone connection (decision 125, the sign-in figure). */
export const handle = PLAIN_PAGE;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return json({ sharedDevice: await isSharedDevice(request) });
}

type Step = "check" | "choose";
type ActionData = { step: Step; errors: Record<string, string>; employeeNumber: string; code: string; sharedDevice: boolean; passwordHint: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await getOptionalUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, current?.csrfToken ?? null);
  const values = formFields(form);
  const device = await sharedDeviceOf(request);
  const sharedDevice = device !== null;
  const base = { employeeNumber: (values.employeeNumber ?? "").slice(0, 40), code: "", sharedDevice, passwordHint: PASSWORD_HINT };
  const parsed = RedeemCheckSchema.safeParse(values);
  if (!parsed.success) return json<ActionData>({ ...base, step: "check", errors: fieldErrors(parsed.error) }, { status: 400 });
  const address = clientAddress(context);
  const fail = (r: { status: number; message: string; retryAfterSeconds?: number }) =>
    json<ActionData>({ ...base, step: "check", errors: { form: r.message } }, { status: r.status, headers: r.retryAfterSeconds ? { "Retry-After": String(r.retryAfterSeconds) } : {} });
  const { employeeNumber, code } = parsed.data;
  if (values.intent !== "choose") {
    const check = await checkAccessCode(employeeNumber, code, address);
    if (!check.ok) return fail(check);
    return json<ActionData>({ ...base, step: "choose", code, errors: {} }, { headers: { "Cache-Control": "no-store" } });
  }
  const usePin = sharedDevice && values.kind === "pin";
  const value = usePin ? values.pin ?? "" : values.passphrase ?? "";
  const field = usePin ? "pin" : "passphrase";
  if (!value) return json<ActionData>({ ...base, step: "choose", code, errors: { [field]: usePin ? "Enter a 6-number PIN" : "Enter a passphrase" } }, { status: 400 });
  if (value !== (usePin ? values.pinAgain : values.passphraseAgain))
    return json<ActionData>({ ...base, step: "choose", code, errors: { [`${field}Again`]: usePin ? "The two PINs are not the same" : "The two passphrases are not the same" } }, { status: 400 });
  const secret: NewSecret = usePin ? { kind: "pin", value } : { kind: "passphrase", value };
  const result = await redeemAccessCode(request, employeeNumber, code, secret, { address, sharedDeviceId: device?.id ?? null });
  if (!result.ok) {
    if (result.field) return json<ActionData>({ ...base, step: "choose", code, errors: { [result.field]: result.message } }, { status: result.status });
    return fail(result);
  }
  return redirect("/", { headers: { "Set-Cookie": sessionCookie(request, result.token, !sharedDevice) } });
}

export default function SignInWithCode() {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const errors = data?.errors ?? {};
  if (data?.step === "choose")
    return (
      <div className="two-thirds">
        <h1>Choose how you will sign in</h1>
        <p>Your code is right. Now choose {data.sharedDevice ? "a passphrase, or a 6-number PIN for this shared device," : "a passphrase"}. You will use it with your employee number, {data.employeeNumber}.</p>
        <ErrorSummary errors={errors} fields={["passphrase", "passphraseAgain", "pin", "pinAgain"]} />
        <Form method="post" noValidate reloadDocument>
          <input type="hidden" name="intent" value="choose" />
          <input type="hidden" name="employeeNumber" value={data.employeeNumber} />
          <input type="hidden" name="code" value={data.code} />
          {data.sharedDevice ? (
            <fieldset className="form-group">
              <legend>On this shared device, sign in with</legend>
              <div className="radio"><input type="radio" id="kind-pin" name="kind" value="pin" defaultChecked /><label htmlFor="kind-pin">A 6-number PIN</label></div>
              <div className="radio"><input type="radio" id="kind-passphrase" name="kind" value="passphrase" /><label htmlFor="kind-passphrase">A passphrase</label></div>
            </fieldset>
          ) : null}
          {data.sharedDevice ? (
            <>
              <TextField name="pin" label="PIN (6 numbers)" type="password" autoComplete="new-password" maxLength={6} width="short" error={errors.pin} hint="Not the same number six times, and not numbers in order like 123456." />
              <TextField name="pinAgain" label="PIN again" type="password" autoComplete="new-password" maxLength={6} width="short" error={errors.pinAgain} />
            </>
          ) : null}
          <TextField name="passphrase" label="Passphrase" type="password" autoComplete="new-password" maxLength={256} hint={data.passwordHint} error={errors.passphrase} />
          <TextField name="passphraseAgain" label="Passphrase again" type="password" autoComplete="new-password" maxLength={256} error={errors.passphraseAgain} />
          <button type="submit" className="button">Save and sign in</button>
        </Form>
      </div>
    );
  return (
    <div className="two-thirds">
      <h1>Sign in with the code from your letter</h1>
      <ErrorSummary errors={errors} fields={["employeeNumber", "code"]} />
      <Form method="post" noValidate reloadDocument>
        <input type="hidden" name="intent" value="check" />
        <TextField name="employeeNumber" label="Employee number" hint="It is on your letter and your payslip, for example E10442" width="medium" autoComplete="username" spellCheck={false} maxLength={40} defaultValue={data?.employeeNumber} error={errors.employeeNumber} />
        <TextField name="code" label="Code" hint="12 letters and numbers, for example ABCD-EFGH-JKMN" width="medium" autoComplete="one-time-code" spellCheck={false} maxLength={64} error={errors.code} />
        <button type="submit" className="button">Continue</button>
      </Form>
      <p>
        Already chosen a passphrase? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
