import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { ErrorSummary, TextField } from "~/components/FormFields";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { signIn } from "~/commands/sign-in.server";
import { getOptionalUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getEnv } from "~/utils/env.server";
import { getPublicTier } from "~/commands/public-pages.server";
import { oidcEnabled } from "~/utils/oidc.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { sessionCookie } from "~/utils/session.server";
import { isSharedDevice, sharedDeviceOf } from "~/utils/shared-device.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Riverside intranet" }];

const LoginSchema = z.object({
  // An email address, or an employee number for people without a council email (issue 18).
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address or employee number")
    .max(254, "Email address must be 254 characters or fewer")
    .refine((v) => (v.includes("@") ? z.string().email().safeParse(v).success : /^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/.test(v)), "Enter an email address in the right format, like name@riverside.gov.uk, or your employee number, like E10442"),
  password: z.string().min(1, "Enter your password").max(1024, "Password must be 1,024 characters or fewer"),
  redirectTo: z.string().max(2000).optional(),
});

/** Messages for problems met on the way back from the identity provider (auth.oidc.callback). */
const OIDC_ERRORS: Record<string, string> = {
  "oidc-expired": "Signing in with your council account took too long, or was started in another browser. Try again.",
  "oidc-failed": "We could not sign you in with your council account. Try again, or contact the ICT service desk on extension 4357.",
  "oidc-no-email": "Your council account did not tell us your email address, so we could not sign you in. Contact the ICT service desk on extension 4357.",
  "oidc-switched-off": "Your intranet account has been switched off. Contact the ICT service desk on extension 4357 if you still need it.",
  "oidc-cancelled": "You did not finish signing in with your council account.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  const error = OIDC_ERRORS[url.searchParams.get("error") ?? ""] ?? null;
  return json({ sharedDevice: await isSharedDevice(request), redirectTo, oidc: oidcEnabled() ? { label: getEnv().OIDC_BUTTON_LABEL } : null, error, publicPages: (await getPublicTier()).on });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await getOptionalUser(request);
  const form = await readForm(request, SMALL_FORM);
  // Same-origin always; with a live session (a second tab), its token too.
  assertCsrf(request, form, current?.csrfToken ?? null);
  const parsed = LoginSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  const email = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : "";
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json({ errors, email }, { status: 400 });
  }
  const device = await sharedDeviceOf(request);
  const result = await signIn(request, parsed.data.email, parsed.data.password, clientAddress(context), { sharedDeviceId: device?.id ?? null });
  if (!result.ok) {
    const headers: Record<string, string> = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return json({ errors: { form: result.message } as Record<string, string>, email }, { status: result.status, headers });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": sessionCookie(request, result.token, !device) } });
}

export default function Login() {
  const { redirectTo, oidc, error, publicPages, sharedDevice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = { ...(error ? { form: error } : {}), ...(data?.errors ?? {}) };
  return (
    <div className="two-thirds">
      <h1>Sign in to the staff intranet</h1>
      {sharedDevice ? (
        <p className="inset">
          This is a shared device. Sign in with your employee number and PIN. When you have finished, press “Done”: you are also signed out after a few
          minutes without use.
        </p>
      ) : null}
      <ErrorSummary errors={errors} fields={["email", "password"]} />
      {oidc ? (
        <>
          <p>
            <a className="button" href={`/auth/oidc/start?redirectTo=${encodeURIComponent(redirectTo)}`}>
              {oidc.label}
            </a>
          </p>
          <h2>Or sign in with an intranet password</h2>
        </>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="email" label="Email address or employee number" type="text" autoComplete="username" spellCheck={false} required maxLength={254}
          defaultValue={data?.email ?? ""} error={errors.email}
        />
        <TextField
          name="password" label={sharedDevice ? "PIN or password" : "Password"} type="password" autoComplete={sharedDevice ? "off" : "current-password"} required
          maxLength={1024} error={errors.password}
        />
        <button type="submit" className="button" disabled={busy}>
          Sign in
        </button>
      </Form>
      <p>
        Got a letter with a sign-in code? <Link to="/login/code">Sign in with your code</Link>.
      </p>
      <p className="muted">Forgotten your password or cannot sign in? Contact the ICT service desk on extension 4357.</p>
      {publicPages ? (
        <p>
          Not on the staff? Read the council's <Link to="/public">public pages</Link>.
        </p>
      ) : null}
    </div>
  );
}
