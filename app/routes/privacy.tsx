/**
 * /privacy: what the intranet records about you (issue 22), the in-app version of
 * docs/privacy.md. The list of records comes from the personal-data register (every table,
 * enforced by tests/unit/personal-data-register.test.ts) and how long each is kept from the
 * retention schedule, so the page stays true as features change.
 * Public on purpose: people should be able to read it before they sign in. It holds nothing private.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { sourcesSearched } from "~/models/personal-data.server";
import { listRules, ruleSummary } from "~/models/retention.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("How we use your information");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const own = new Set(sourcesSearched({ selfService: true }).map((s) => s.table));
  const records = sourcesSearched().map((s) => ({ holds: s.holds, inDownload: own.has(s.table) }));
  const rules = (await listRules(await getDb())).map((r) => ({ id: r.id, summary: ruleSummary(r), note: r.note }));
  return json({ signedIn: !!user, records, rules });
}

export default function Privacy() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="prose">
      <Breadcrumbs items={[{ label: "How we use your information" }]} />
      <h1>How we use your information</h1>
      <p className="lede">The intranet keeps only what it needs to work. This page says what that is.</p>
      <h2>What we keep</h2>
      <ul>
        <li>your name, work email address, job title, department and role, so the intranet shows you the right pages</li>
        <li>when you sign in and out, so we can keep your account safe</li>
        <li>which channels you follow and which policies you have confirmed you read</li>
        <li>what you write or change on the intranet, with your name and the date, so everyone can see who changed what</li>
      </ul>
      <h2>What we do not keep</h2>
      <ul>
        <li>Figures on how often pages are read are totals: they do not show who read what.</li>
        <li>When a search finds nothing, we keep the words searched for, but not who searched.</li>
        <li>We do not use advertising or tracking cookies. The one cookie we set keeps you signed in.</li>
      </ul>
      <h2>Who can see it</h2>
      <p>
        Intranet administrators can see account details. Managers can see whether people in their department have confirmed
        they read a policy. Nobody outside the council can see any of it.
      </p>
      <h2>How long we keep it</h2>
      <p>We keep your account while you work for the council. When you leave, it is closed and you can no longer sign in.</p>
      {data.rules.length ? (
        <>
          <p>Records are kept and disposed of on the council&rsquo;s retention schedule. Nothing is deleted to avoid a request for information, and a disposal is recorded.</p>
          <ul>
            {data.rules.map((r) => (
              <li key={r.id}>{r.note || r.summary}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="records">Everything we record about people</h2>
      <p>
        This is the full list of places the intranet holds information about a person. A subject access request searches every one of them. Places marked
        &ldquo;in your download&rdquo; are in the file you can download yourself.
      </p>
      <ul className="privacy-records">
        {data.records.map((r, i) => (
          <li key={i}>
            {r.holds}
            {r.inDownload ? " (in your download)" : " (on request)"}
          </li>
        ))}
      </ul>
      <h2 id="your-rights">Your rights</h2>
      <p>
        {data.signedIn ? <Link to="/me#your-data">Download your data</Link> : "Download your data from your account page"} at any time: it is a readable
        page and a data file. For anything else, or to ask for a full subject access request, contact the data protection officer below.
      </p>
      <h2>Questions</h2>
      <p>
        Contact the council&rsquo;s data protection officer at <a href="mailto:dpo@riverside.gov.uk">dpo@riverside.gov.uk</a>.
        You have the right to ask for a copy of the information we hold about you.
      </p>
    </div>
  );
}
