/**
 * /admin/directory-sync: the SCIM service's address and its bearer tokens (decision 142).
 * A new token is shown once, here, and stored only as a hash; up to two work at a time so
 * the identity provider can be changed over before the old one is revoked.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { createScimToken, MAX_ACTIVE_TOKENS, revokeScimToken } from "~/commands/scim.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listScimTokens } from "~/models/scim.server";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { badRequest } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Directory sync");

function serviceUrl(request: Request): string {
  const base = getEnv().PUBLIC_URL ? new URL(getEnv().PUBLIC_URL!).origin : new URL(request.url).origin;
  return `${base}/scim/v2`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const tokens = await listScimTokens(await getDb());
  return json({ csrfToken: user.csrfToken, url: serviceUrl(request), tokens, active: tokens.filter((t) => !t.revokedAt).length, max: MAX_ACTIVE_TOKENS });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = String(form.get("intent") ?? "");
  if (intent === "create") {
    const made = await createScimToken(user);
    return made.ok ? json({ token: made.token, error: null, revoked: false }) : json({ token: null, error: made.errors.form, revoked: false }, { status: 400 });
  }
  if (intent === "revoke") {
    const id = String(form.get("tokenId") ?? "");
    if (!/^\d{1,9}$/.test(id)) throw badRequest("Choose a token to revoke.");
    await revokeScimToken(user, Number(id));
    return json({ token: null, error: null, revoked: true });
  }
  throw badRequest("We did not understand that request.");
}

export default function DirectorySync() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Directory sync" }]} />
      <h1>Directory sync</h1>
      <p>
        The council&rsquo;s identity provider (for example its cloud directory) can keep accounts in step with HR: new starters get an account, people who
        move department are moved, and leavers are switched off at once, their sessions ended and their pages handed over. It uses the SCIM 2.0
        standard. See &ldquo;Directory sync&rdquo; in the operations guide for the settings to enter.
      </p>
      <dl className="summary-list">
        <div>
          <dt>Tenant URL (SCIM address)</dt>
          <dd><code>{data.url}</code></dd>
        </div>
        <div>
          <dt>Secret token</dt>
          <dd>Make one below; it is shown once.</dd>
        </div>
      </dl>

      {answer?.token ? (
        <div className="banner banner--success" role="status">
          <h2>Your new token</h2>
          <p>Copy it into the identity provider now. We keep only a fingerprint of it, so it cannot be shown again.</p>
          <p>
            <label htmlFor="new-token">Secret token</label>
            <br />
            <input id="new-token" className="input input--wide" readOnly value={answer.token} spellCheck={false} autoComplete="off" />
          </p>
          <p>When the identity provider works with it, revoke the old token.</p>
        </div>
      ) : null}
      {answer?.revoked ? (
        <div className="banner banner--success" role="status">
          <p>Token revoked. Requests that use it are refused from now on.</p>
        </div>
      ) : null}
      {answer?.error ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>There is a problem</h2>
          <p>{answer.error}</p>
        </div>
      ) : null}

      <h2>Tokens</h2>
      {data.tokens.length === 0 ? (
        <p>No token yet, so directory sync is off.</p>
      ) : (
        <ScrollTable caption="Directory sync tokens" captionHidden className="table">
          <thead>
            <tr>
              <th scope="col">Ends in</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {data.tokens.map((t) => (
              <tr key={t.id}>
                <td><code>…{t.hint}</code></td>
                <td>{formatDateTime(t.createdAt)}{t.createdByName ? ` by ${t.createdByName}` : ""}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
                <td>
                  {t.revokedAt ? (
                    `Revoked ${formatDateTime(t.revokedAt)}${t.revokedByName ? ` by ${t.revokedByName}` : ""}`
                  ) : (
                    <Form method="post" className="inline-form">
                      <CsrfField token={data.csrfToken} />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="tokenId" value={t.id} />
                      In use{" "}
                      <button type="submit" className="link-button">Revoke token ending {t.hint}</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {data.active < data.max ? (
        <Form method="post">
          <CsrfField token={data.csrfToken} />
          <input type="hidden" name="intent" value="create" />
          <button type="submit" className="button">{data.active ? "Make a new token (to replace the one in use)" : "Make a token"}</button>
        </Form>
      ) : (
        <p>Two tokens are in use. Revoke the old one before making another.</p>
      )}
      <p>
        Tokens and groups are in the <Link to="/admin/audit?action=directory-sync">audit log</Link>; each account change it makes is there too
        (&ldquo;user&rdquo; entries), with &ldquo;directory-sync&rdquo; as their source.
      </p>
    </>
  );
}
