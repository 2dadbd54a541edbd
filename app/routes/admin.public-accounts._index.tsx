/**
 * /admin/public-accounts: the register of the council's official public accounts, with the
 * accounts that need attention first, and a form to add one. Comms editors and admins.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { PublicAccountFields } from "~/components/PublicAccountFields";
import { listRegister, savePublicAccount } from "~/commands/public-accounts.server";
import { listDepartments } from "~/models/department.server";
import { ACCOUNT_FIELDS, readAccountForm } from "~/schemas/comms";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Public accounts register");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "manage", "public-account");
  const accounts = await listRegister();
  return json({
    csrfToken: user.csrfToken,
    departments: (await listDepartments(await getDb())).map((d) => ({ slug: d.slug, name: d.name })),
    accounts: accounts.map((a) => ({
      id: a.id, platform: a.platform, handle: a.handle, address: a.address, departmentName: a.departmentName,
      holders: [a.holder1Name, a.holder2Name].filter(Boolean) as string[], twoFactor: !!a.twoFactor, lastReviewedOn: a.lastReviewedOn,
      reasons: a.attention.reasons,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "manage", "public-account");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const read = readAccountForm(form);
  if (!read.ok) return json({ errors: read.errors, values: read.values }, { status: 400 });
  const result = await savePublicAccount(user, null, read.form);
  if (!result.ok) return json({ errors: result.errors, values: read.values }, { status: 400 });
  return redirect(`/admin/public-accounts/${result.id}?saved=1`);
}

export default function PublicAccounts() {
  const { accounts, departments, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const attention = accounts.filter((a) => a.reasons.length);
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Public accounts register" }]} />
      <h1>Public accounts register</h1>
      <p>
        Every official public account the council runs, who holds it, and when it was last checked. Review the register twice a year: each
        account needs two named holders who still work here, and two-factor sign-in.
      </p>
      <h2>Needing attention ({attention.length})</h2>
      {attention.length === 0 ? (
        <p>Every account has two active holders, two-factor sign-in, and a review in the last six months.</p>
      ) : (
        <ul>
          {attention.map((a) => (
            <li key={a.id}>
              <Link to={`/admin/public-accounts/${a.id}`}>
                {a.platform}: {a.handle}
              </Link>{" "}
              – {a.reasons.join("; ")}
            </li>
          ))}
        </ul>
      )}
      <h2>All accounts ({accounts.length})</h2>
        <ScrollTable caption="All public accounts" captionHidden className="admin-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Service</th>
              <th scope="col">Holders</th>
              <th scope="col">Two-factor sign-in</th>
              <th scope="col">Last reviewed</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/public-accounts/${a.id}`}>
                    {a.platform}: {a.handle}
                  </Link>
                </td>
                <td>{a.departmentName ?? "Corporate"}</td>
                <td>{a.holders.length ? a.holders.join(", ") : "None"}</td>
                <td>{a.twoFactor ? "On" : "Off"}</td>
                <td>{a.lastReviewedOn ? <DateText value={a.lastReviewedOn} /> : "Never"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      <h2 id="add">Add an account</h2>
      <ErrorSummary errors={errors} fields={ACCOUNT_FIELDS} />
      <Form method="post" noValidate className="two-thirds" aria-labelledby="add">
        <PublicAccountFields csrfToken={csrfToken} departments={departments} values={data?.values ?? {}} errors={errors} />
        <button type="submit" className="button">
          Add account
        </button>
      </Form>
    </>
  );
}
