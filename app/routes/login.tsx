import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { signIn } from "~/commands/sign-in.server";
import { getOptionalUser, safeRedirect } from "~/utils/auth.server";
import { isSameOrigin } from "~/utils/csrf.server";
import { sessionCookie } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Riverside intranet" }];

const LoginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Email address must be 254 characters or fewer").email("Enter an email address in the right format, like name@riverside.gov.uk"),
  password: z.string().min(1, "Enter your password").max(1024, "Password must be 1,024 characters or fewer"),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  return json({ redirectTo });
}

export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response("This form was sent from another site, so we did not accept it.", { status: 403 });
  const form = await request.formData();
  const parsed = LoginSchema.safeParse(Object.fromEntries(form));
  const email = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : "";
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json({ errors, email }, { status: 400 });
  }
  const result = await signIn(request, parsed.data.email, parsed.data.password);
  if (!result.ok) return json({ errors: { form: result.message } as Record<string, string>, email }, { status: result.status });
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": sessionCookie(request, result.token) } });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = data?.errors ?? {};
  const fieldErrors = (["email", "password"] as const).filter((f) => errors[f]);
  return (
    <div className="two-thirds">
      <h1>Sign in to the staff intranet</h1>
      {errors.form || fieldErrors.length ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            {errors.form ? <li>{errors.form}</li> : null}
            {fieldErrors.map((f) => (
              <li key={f}>
                <a href={`#${f}`}>{errors[f]}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className={`form-group${errors.email ? " form-group--error" : ""}`}>
          <label htmlFor="email">Email address</label>
          {errors.email ? (
            <p className="field-error" id="email-error">
              <span className="visually-hidden">Error:</span> {errors.email}
            </p>
          ) : null}
          <input
            id="email" name="email" type="email" autoComplete="username" spellCheck={false} required maxLength={254}
            defaultValue={data?.email ?? ""} aria-describedby={errors.email ? "email-error" : undefined} aria-invalid={errors.email ? true : undefined}
          />
        </div>
        <div className={`form-group${errors.password ? " form-group--error" : ""}`}>
          <label htmlFor="password">Password</label>
          {errors.password ? (
            <p className="field-error" id="password-error">
              <span className="visually-hidden">Error:</span> {errors.password}
            </p>
          ) : null}
          <input
            id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024}
            aria-describedby={errors.password ? "password-error" : undefined} aria-invalid={errors.password ? true : undefined}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Sign in
        </button>
      </Form>
      <p className="muted">Forgotten your password or cannot sign in? Contact the ICT service desk on extension 4357.</p>
    </div>
  );
}
