/** /admin/public-accounts/:id: one account in the register: edit it, mark it reviewed today, or remove it. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { PublicAccountFields } from "~/components/PublicAccountFields";
import { attentionFor, removePublicAccount, reviewPublicAccount, savePublicAccount } from "~/commands/public-accounts.server";
import { listDepartments } from "~/models/department.server";
import { findPublicAccount } from "~/models/public-account.server";
import { findPersonById } from "~/models/ownership.server";
import { ACCOUNT_FIELDS, readAccountForm } from "~/schemas/comms";
import { datePartsOf } from "~/schemas/date-input";
import { idParam } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `${data.account.platform}: ${data.account.handle}` : "Public account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "manage", "public-account");
  const db = await getDb();
  const account = await findPublicAccount(db, idParam(params.id));
  if (!account) throw notFound();
  const departments = await listDepartments(db);
  const email = async (id: number | null) => (id ? (await findPersonById(db, id))?.email ?? "" : "");
  return json({
    csrfToken: user.csrfToken,
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    account,
    reasons: attentionFor(account, ukTodayIso()).reasons,
    values: {
      platform: account.platform, handle: account.handle, address: account.address,
      department: departments.find((d) => d.id === account.departmentId)?.slug ?? "",
      holder1: await email(account.holder1Id), holder2: await email(account.holder2Id), twoFactor: account.twoFactor ? "on" : "",
    },
    reviewed: datePartsOf(account.lastReviewedOn),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "manage", "public-account");
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  if (intent === "reviewed") {
    if (!(await reviewPublicAccount(user, id))) throw notFound();
    return redirect(`/admin/public-accounts/${id}?reviewed=1`);
  }
  if (intent === "remove") {
    if (!(await removePublicAccount(user, id))) throw notFound();
    return redirect("/admin/public-accounts?removed=1");
  }
  if (intent !== "save") throw badRequest("Unknown action");
  const read = readAccountForm(form);
  if (!read.ok) return json({ errors: read.errors, values: read.values, reviewed: read.reviewed }, { status: 400 });
  const result = await savePublicAccount(user, id, read.form);
  if (!result.ok) return json({ errors: result.errors, values: read.values, reviewed: read.reviewed }, { status: 400 });
  return redirect(`/admin/public-accounts/${id}?saved=1`);
}

export default function PublicAccount() {
  const { account, departments, csrfToken, values, reviewed, reasons } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: Record<string, string> = data?.errors ?? {};
  const note = params.get("saved") ? "The account was saved." : params.get("reviewed") ? "The account was marked as reviewed today." : null;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Public accounts register", to: "/admin/public-accounts" }, { label: `${account.platform}: ${account.handle}` }]} />
      {note ? (
        <div className="banner banner--success" role="status">
          <p>{note}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fields={ACCOUNT_FIELDS} />
      <h1>
        {account.platform}: {account.handle}
      </h1>
      {reasons.length ? (
        <div className="banner banner--need-to-know">
          <h2>Needs attention</h2>
          <ul>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>This account has two active holders, two-factor sign-in, and a recent review.</p>
      )}
      <Form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="reviewed" />
        <button type="submit" className="button">
          Mark as reviewed today
        </button>
      </Form>
      <h2 id="edit">Change the account</h2>
      <Form method="post" noValidate aria-labelledby="edit">
        <input type="hidden" name="intent" value="save" />
        <PublicAccountFields csrfToken={csrfToken} departments={departments} values={data?.values ?? values} errors={errors} reviewed={data?.reviewed ?? reviewed} />
        <button type="submit" className="button">
          Save changes
        </button>
      </Form>
      <h2 id="remove">Remove from the register</h2>
      <p>Only when the council has closed the account.</p>
      <Form method="post" noValidate aria-labelledby="remove">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="remove" />
        <button type="submit" className="button button--warning">
          Remove account
        </button>
      </Form>
    </div>
  );
}
