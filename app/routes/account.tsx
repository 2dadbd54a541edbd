/** /account: who you are to the intranet, your password, and "sign out everywhere". */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextField, useClientCheck } from "~/components/FormFields";
import { changeOwnPassword, signOutEverywhere } from "~/commands/users.server";
import { findUserForAdmin, listGrantsForAdmin } from "~/models/user.server";
import { ChangePasswordSchema } from "~/schemas/admin";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { PASSWORD_HINT } from "~/utils/password.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ROLE_LABELS } from "~/utils/roles";
import { clearSessionCookie, countSessionsOf, createSession, sessionCookie } from "~/utils/session.server";

import { getEmployeeNumber, hasEmailAddress } from "~/models/access-code.server";

export const meta: MetaFunction = () => [{ title: "Your account – Riverside intranet" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const me = await findUserForAdmin(db, user.id);
  const grants = await listGrantsForAdmin(db, user.id);
  const hasEmail = await hasEmailAddress(db, user.id);
  return json({
    csrfToken: user.csrfToken,
    me: {
      name: user.name, email: hasEmail ? user.email : null, employeeNumber: await getEmployeeNumber(db, user.id), roleLabel: ROLE_LABELS[user.role], departmentName: user.departmentName, jobTitle: user.jobTitle,
      hasPassword: !!me?.hasPassword, oidcLinked: !!me?.oidcLinked,
    },
    grants: grants.map((g) => ({ name: g.departmentName, canPublishUnreviewed: !!g.canPublishUnreviewed })),
    sessions: await countSessionsOf(user.id),
    passwordHint: PASSWORD_HINT,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  if (intent === "sign-out-everywhere") {
    await signOutEverywhere(user);
    return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
  }
  if (intent === "change-password") {
    const parsed = ChangePasswordSchema.safeParse(formFields(form));
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), changed: false }, { status: 400 });
    const result = await changeOwnPassword(user, parsed.data.currentPassword, parsed.data.newPassword);
    if (!result.ok) return json({ errors: result.errors, changed: false }, { status: 400 });
    // Every session ended with the change; this browser gets a new one, the others stay signed out.
    const { token } = await createSession(user.id);
    return json({ errors: {} as Record<string, string>, changed: true }, { headers: { "Set-Cookie": sessionCookie(request, token) } });
  }
  throw badRequest("We did not understand that request.");
}

export default function Account() {
  const { me, grants, sessions, csrfToken, passwordHint } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(ChangePasswordSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Your account" }]} />
      <h1>Your account</h1>
      {data?.changed ? (
        <div className="banner" role="status">
          <h2>Your password has been changed</h2>
          <p>You have been signed out on every other device.</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <dt>Name</dt>
        <dd>{me.name}</dd>
        <dt>Email address</dt>
        <dd>{me.email ?? "No email: nothing is emailed to you. What you must read is on your home page, and your manager reminds you."}</dd>
        {me.employeeNumber ? (
          <>
            <dt>Employee number</dt>
            <dd>{me.employeeNumber}</dd>
          </>
        ) : null}
        <dt>Job title</dt>
        <dd>{me.jobTitle || "Not given"}</dd>
        <dt>Role</dt>
        <dd>{me.roleLabel}</dd>
        <dt>Home department</dt>
        <dd>{me.departmentName ?? "None"}</dd>
        <dt>Also works in</dt>
        <dd>
          {grants.length === 0
            ? "No other departments"
            : grants.map((g, i) => (
                <span key={g.name}>
                  {i > 0 ? ", " : ""}
                  {g.name}
                  {g.canPublishUnreviewed ? " (may publish without review)" : ""}
                </span>
              ))}
        </dd>
        <dt>Signs in with</dt>
        <dd>{[me.hasPassword ? "an intranet password" : null, me.oidcLinked ? "their council account" : null].filter(Boolean).join(" or ") || "No way to sign in yet"}</dd>
      </dl>
      <p className="muted">Your role and departments are set by the intranet administrators. Ask the ICT service desk if they are wrong.</p>

      <h2 id="sign-out-everywhere">Sign out everywhere</h2>
      <p>
        You are signed in on {sessions} {sessions === 1 ? "device or browser" : "devices or browsers"}. If you signed in on a shared or lost device, sign
        out everywhere. You will need to sign in again here too.
      </p>
      <Form method="post">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <button type="submit" className="button button--secondary">
          Sign out everywhere
        </button>
      </Form>

      {me.hasPassword ? (
        <section aria-labelledby="change-password">
          <h2 id="change-password">Change your password</h2>
          <ErrorSummary errors={errors} fields={["currentPassword", "newPassword", "confirmPassword"]} />
          <Form method="post" noValidate onSubmit={check.onSubmit}>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="change-password" />
            <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword} maxLength={1024} />
            <TextField name="newPassword" label="New password" hint={passwordHint} type="password" autoComplete="new-password" error={errors.newPassword} maxLength={1024} />
            <TextField name="confirmPassword" label="Type the new password again" type="password" autoComplete="new-password" error={errors.confirmPassword} maxLength={1024} />
            <button type="submit" className="button">
              Change password
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
