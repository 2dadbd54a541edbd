import type { MetaFunction } from "@remix-run/node";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";

/** Public on purpose: people should be able to read it before they sign in. It holds nothing private. */
export const meta: MetaFunction = () => pageTitle("How we use your information");

export default function Privacy() {
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
      <h2>Questions</h2>
      <p>
        Contact the council&rsquo;s data protection officer at <a href="mailto:dpo@riverside.gov.uk">dpo@riverside.gov.uk</a>.
        You have the right to ask for a copy of the information we hold about you.
      </p>
    </div>
  );
}
