/**
 * /admin/users/:id: one person. Role, home department and job title; departments they
 * also work in (and whether they may publish there without review); a new link to set a
 * password; switching the account off (which signs them out everywhere) and on.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextField, useClientCheck } from "~/components/FormFields";
import { createPasswordReset, grantDepartment, LINK_LIFETIME, revokeDepartment, setAccountActive, updateUserAccess } from "~/commands/users.server";
import { listAuditForEntity } from "~/models/audit.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import { findUserForAdmin, listGrantsForAdmin } from "~/models/user.server";
import { AccessSchema, GrantSchema } from "~/schemas/admin";
import { idParam, passwordLinkUrl, requireAdmin } from "~/utils/admin.server";
import { listPermissionGrants } from "~/models/election.server";
import { setGrantedPermissions } from "~/commands/elections.server";
import { GRANTABLE_LABELS, GRANTABLE_PERMISSIONS, type GrantedPermission } from "~/access/permissions.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { badRequest, notFound } from "~/utils/http.server";
import { accountLockedUntil, formatUnlockTime, unlockAccount } from "~/utils/rate-limit.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ROLES, ROLE_LABELS } from "~/utils/roles";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? "Person"} – Administration – Riverside intranet` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const id = idParam(params.id);
  const db = await getDb();
  const person = await findUserForAdmin(db, id);
  if (!person) throw notFound("There is no one with that account number.");
  const [grants, departments, history, lockedUntil] = await Promise.all([
    listGrantsForAdmin(db, id), listOpenDepartments(db), listAuditForEntity(db, "user", id, 15), accountLockedUntil(person.email),
  ]);
  return json({
    csrfToken: user.csrfToken,
    isSelf: user.id === id,
    roleFromProvider: !!person.oidcLinked && !!getEnv().OIDC_ROLE_MAP,
    person: {
      id: person.id, name: person.name, email: person.email, jobTitle: person.jobTitle, role: person.role, departmentId: person.departmentId,
      departmentName: person.departmentName, active: !!person.active, hasPassword: !!person.hasPassword, oidcLinked: !!person.oidcLinked,
      lastSignInAt: person.lastSignInAt, createdAt: person.createdAt,
    },
    grants: grants.map((g) => ({ departmentId: g.departmentId, name: g.departmentName, canPublishUnreviewed: !!g.canPublishUnreviewed, grantedByName: g.grantedByName, grantedAt: g.grantedAt })),
    departments,
    history: history.map((h) => ({ id: h.id, at: h.at, action: h.action, actorName: h.actorName })),
    linkDays: { invite: LINK_LIFETIME.invite / 86_400_000, reset: LINK_LIFETIME.reset / 86_400_000 },
    lockedUntil: lockedUntil ? formatUnlockTime(lockedUntil) : null,
    granted: await listPermissionGrants(db, id),
    grantable: GRANTABLE_PERMISSIONS.map((p) => ({ value: p, label: GRANTABLE_LABELS[p] })),
  });
}

type ActionData = { intent: string; errors: Record<string, string>; values: Record<string, string>; link?: string; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const intent = values.intent ?? "";
  const reply = (data: Omit<ActionData, "intent" | "values"> & { values?: Record<string, string> }, status = 200) =>
    json<ActionData>({ intent, values: {}, ...data }, { status });
  const db = await getDb();
  const person = await findUserForAdmin(db, id);
  if (!person) throw notFound("There is no one with that account number.");
  switch (intent) {
    case "unlock": {
      await unlockAccount(person.email, user.id);
      return reply({ errors: {}, done: "They can try to sign in again now." });
    }
    case "access": {
      const parsed = AccessSchema.safeParse(values);
      if (!parsed.success) return reply({ errors: fieldErrors(parsed.error), values }, 400);
      const result = await updateUserAccess(user, id, parsed.data);
      return result.ok ? reply({ errors: {}, done: "Role, department and details saved." }) : reply({ errors: result.errors, values }, 400);
    }
    case "grant": {
      const parsed = GrantSchema.safeParse(values);
      if (!parsed.success) return reply({ errors: fieldErrors(parsed.error), values }, 400);
      const result = await grantDepartment(user, id, parsed.data.grantDepartmentId!, parsed.data.canPublishUnreviewed);
      return result.ok ? reply({ errors: {}, done: "Department access saved." }) : reply({ errors: result.errors, values }, 400);
    }
    case "revoke": {
      const departmentId = Number(values.departmentId);
      if (!Number.isInteger(departmentId) || departmentId <= 0) return reply({ errors: { form: "Choose a department to remove" } }, 400);
      await revokeDepartment(user, id, departmentId);
      return reply({ errors: {}, done: "Department access removed." });
    }
    case "permissions": {
      const wanted = form.getAll("permission").map(String).filter((p): p is GrantedPermission => (GRANTABLE_PERMISSIONS as readonly string[]).includes(p));
      await setGrantedPermissions(user, id, wanted);
      return reply({ errors: {}, done: "Permissions saved." });
    }
    case "reset-link": {
      const result = await createPasswordReset(user, id);
      return result.ok ? reply({ errors: {}, link: passwordLinkUrl(request, result.token) }) : reply({ errors: result.errors }, 400);
    }
    case "deactivate":
    case "reactivate": {
      const result = await setAccountActive(user, id, intent === "reactivate");
      return result.ok
        ? reply({ errors: {}, done: intent === "reactivate" ? "The account is switched on again." : "The account is switched off and signed out everywhere." })
        : reply({ errors: result.errors }, 400);
    }
    default:
      throw badRequest("We did not understand that request.");
  }
}

const AUDIT_LABELS: Record<string, string> = {
  "user.invited": "Invited", "user.created": "Account created at first sign-in", "user.role-changed": "Role changed",
  "user.department-changed": "Home department changed", "user.details-changed": "Details changed", "user.deactivated": "Switched off",
  "user.reactivated": "Switched on", "user.grant-added": "Department added", "user.grant-changed": "Department access changed",
  "user.grant-removed": "Department removed", "user.password-link-created": "Link to set a password made", "user.password-set": "Password set",
  "user.password-changed": "Password changed", "sign-in.success": "Signed in", "sign-in.failure": "Sign-in refused", "sign-out.everywhere": "Signed out everywhere",
};

export default function AdminUser() {
  const { person, grants, departments, history, csrfToken, isSelf, roleFromProvider, linkDays, lockedUntil, granted, grantable } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (data && data.intent === intent ? data.errors : {});
  const valuesFor = (intent: string): Record<string, string> => (data && data.intent === intent ? data.values : {});
  const accessCheck = useClientCheck(AccessSchema);
  const access = { errors: accessCheck.clientErrors ?? errorsFor("access"), values: valuesFor("access") };
  const grant = { errors: errorsFor("grant"), values: valuesFor("grant") };
  const formErrors = data?.errors.form ? { form: data.errors.form } : {};
  const otherDepartments = departments.filter((d) => d.id !== person.departmentId && !grants.some((g) => g.departmentId === d.id));
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "People and roles", to: "/admin/users" }, { label: person.name }]} />
      <h1>
        {person.name} {person.active ? null : <span className="tag tag--draft">Switched off</span>}
      </h1>
      {data?.done ? (
        <div className="banner" role="status">
          <p>{data.done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={{ ...formErrors, ...access.errors, ...grant.errors }} fields={["name", "jobTitle", "role", "departmentId", "grantDepartmentId"]} />
      <dl className="summary-list">
        <dt>Email address</dt>
        <dd>{person.email}</dd>
        <dt>Signs in with</dt>
        <dd>{[person.hasPassword ? "an intranet password" : null, person.oidcLinked ? "their council account" : null].filter(Boolean).join(" or ") || "Nothing yet: they have not set a password"}</dd>
        <dt>Last signed in</dt>
        <dd>{person.lastSignInAt ? formatDateTime(person.lastSignInAt) : "Never"}</dd>
        <dt>Account created</dt>
        <dd>{formatDateTime(person.createdAt)}</dd>
      </dl>

      <h2 id="access">Role and home department</h2>
      {roleFromProvider ? (
        <p className="inset">This person signs in with their council account, so their role is set again from the identity provider each time they sign in.</p>
      ) : null}
      <Form method="post" noValidate className="two-thirds" aria-labelledby="access" onSubmit={accessCheck.onSubmit}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="access" />
        <TextField name="name" label="Full name" maxLength={120} defaultValue={access.values.name ?? person.name} error={access.errors.name} autoComplete="off" />
        <TextField name="jobTitle" label="Job title (optional)" maxLength={120} defaultValue={access.values.jobTitle ?? person.jobTitle} error={access.errors.jobTitle} autoComplete="off" />
        <SelectField
          name="role" label="Role" defaultValue={access.values.role ?? person.role} error={access.errors.role}
          hint={isSelf ? "You cannot take away your own administrator role." : undefined}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <SelectField
          name="departmentId" label="Home department" defaultValue={access.values.departmentId ?? (person.departmentId ? String(person.departmentId) : "")} error={access.errors.departmentId}
          options={[{ value: "", label: "None" }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
        />
        <button type="submit" className="button">
          Save role and department
        </button>
      </Form>

      <h2 id="grants">Other departments</h2>
      <p>Knowledge champions and managers can also write for the departments listed here. Publishing without review is for people trusted to do so.</p>
      {grants.length ? (
        <ScrollTable caption={<>Departments {person.name} also works in</>} captionHidden className="admin-table">
          <thead>
            <tr>
              <th scope="col">Department</th>
              <th scope="col">May publish without review</th>
              <th scope="col">Added by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={g.departmentId}>
                <td>{g.name}</td>
                <td>{g.canPublishUnreviewed ? "Yes" : "No"}</td>
                <td>
                  {g.grantedByName ?? "Unknown"}, {formatDateTime(g.grantedAt)}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="intent" value="grant" />
                    <input type="hidden" name="grantDepartmentId" value={g.departmentId} />
                    {g.canPublishUnreviewed ? null : <input type="hidden" name="canPublishUnreviewed" value="on" />}
                    <button type="submit" className="link-button">
                      {g.canPublishUnreviewed ? "Require review" : "Allow publishing without review"}
                      <span className="visually-hidden"> in {g.name}</span>
                    </button>
                  </Form>{" "}
                  <Form method="post" className="inline-form">
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="departmentId" value={g.departmentId} />
                    <button type="submit" className="link-button">
                      Remove<span className="visually-hidden"> {g.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>Only their home department.</p>
      )}
      {otherDepartments.length ? (
        <Form method="post" noValidate className="two-thirds" aria-label="Add a department">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="intent" value="grant" />
          <SelectField
            name="grantDepartmentId" label="Add a department" defaultValue={grant.values.grantDepartmentId ?? ""} error={grant.errors.grantDepartmentId}
            options={[{ value: "", label: "Choose a department" }, ...otherDepartments.map((d) => ({ value: String(d.id), label: d.name }))]}
          />
          <Checkbox name="canPublishUnreviewed" label="May publish in this department without review" defaultChecked={grant.values.canPublishUnreviewed === "on"} />
          <button type="submit" className="button button--secondary">
            Add department
          </button>
        </Form>
      ) : null}

      <h2 id="permissions">Council duties</h2>
      <Form method="post">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="permissions" />
        <fieldset className="fieldset">
          <legend>Permissions beyond their role</legend>
          {grantable.map((g) => (
            <Checkbox key={g.value} id={`permission-${g.value}`} name="permission" value={g.value} label={g.label} defaultChecked={granted.includes(g.value)} />
          ))}
        </fieldset>
        <button type="submit" className="button button--secondary">Save permissions</button>
      </Form>

      <h2 id="password">Password</h2>
      {lockedUntil ? (
        <div className="inset">
          <p>
            Signing in to this account is paused until {lockedUntil} after too many wrong passwords. If you have checked who is asking, let them try
            again now.
          </p>
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="unlock" />
            <button type="submit" className="button button--secondary">
              Let them try again now
            </button>
          </Form>
        </div>
      ) : null}
      {data?.link ? (
        <div className="banner" role="status">
          <h3>Link to set a password</h3>
          <p>Give {person.name} this link. It works once, for {linkDays.reset} day. It is shown only now.</p>
          <p className="one-time-link">
            <code>{data.link}</code>
          </p>
        </div>
      ) : null}
      <p>If {person.name} has forgotten their password, or never set one, make a new link for them. Any earlier link stops working.</p>
      <Form method="post">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="reset-link" />
        <button type="submit" className="button button--secondary" disabled={!person.active}>
          Make a link to set a password
        </button>
      </Form>
      <p className="muted">Invitation links last {linkDays.invite} days; links made here last {linkDays.reset} day.</p>

      <h2 id="account">Account</h2>
      {person.active ? (
        <>
          <p>Switch the account off when someone leaves. They are signed out everywhere at once and cannot sign in. Nothing they wrote is removed.</p>
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="deactivate" />
            <button type="submit" className="button button--warning" disabled={isSelf}>
              Switch off account
            </button>
          </Form>
          {isSelf ? <p className="hint">You cannot switch off your own account.</p> : null}
        </>
      ) : (
        <>
          <p>This account is switched off: {person.name} cannot sign in.</p>
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit" className="button">
              Switch account on again
            </button>
          </Form>
        </>
      )}

      <h2 id="history">Recent changes</h2>
      {history.length ? (
        <ul className="audit-trail">
          {history.map((h) => (
            <li key={h.id}>
              {formatDateTime(h.at)}: {AUDIT_LABELS[h.action] ?? h.action}
              {h.actorName ? ` by ${h.actorName}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing recorded yet.</p>
      )}
    </>
  );
}
