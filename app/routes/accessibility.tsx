/**
 * /accessibility: the accessibility statement in the model format (decision 164), from its
 * latest saved version (administrators edit it at /accessibility/edit; every version is kept).
 * Public on purpose: people need to read it before they can sign in. It holds nothing private.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { COMPLIANCE_LABELS, currentStatement, mayEditStatement, mayHandleReports } from "~/commands/accessibility.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { getOptionalUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { renderMarkdown } from "~/utils/markdown.server";

export const meta: MetaFunction = () => pageTitle("Accessibility statement");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const s = await currentStatement(await getDb());
  const html = (md: string) => renderMarkdown(md).html;
  return json({
    compliance: COMPLIANCE_LABELS[s.compliance],
    summary: html(s.summary), nonAccessible: html(s.nonAccessible), reporting: html(s.reporting), enforcement: html(s.enforcement), testing: html(s.testing),
    reviewedOn: s.reviewedOn, signedIn: !!user, canEdit: mayEditStatement(user), canHandle: mayHandleReports(user),
  });
}

export default function Accessibility() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Accessibility statement" }]} />
      <h1>Accessibility statement</h1>
      {data.canEdit || data.canHandle ? (
        <p>
          {data.canEdit ? <Link to="/accessibility/edit">Edit this statement</Link> : null}
          {data.canEdit && data.canHandle ? " · " : null}
          {data.canHandle ? <Link to="/accessibility/reports">Problems people reported</Link> : null}
        </p>
      ) : null}
      <RichText html={data.summary} />
      <h2>Compliance status</h2>
      <p>This intranet is {data.compliance}.</p>
      <h2>Content that is not accessible</h2>
      <RichText html={data.nonAccessible} />
      <h2>Reporting accessibility problems</h2>
      <RichText html={data.reporting} />
      <p>
        {data.signedIn ? (
          <Link className="button" to="/accessibility/report">Report an accessibility problem</Link>
        ) : (
          <>
            <Link to="/login?redirectTo=%2Faccessibility%2Freport">Sign in to report an accessibility problem</Link>, or use the contact details above if
            you cannot sign in.
          </>
        )}
      </p>
      <h2>Enforcement procedure</h2>
      <RichText html={data.enforcement} />
      <h2>How we tested the intranet</h2>
      <RichText html={data.testing} />
      <h2>Preparation of this statement</h2>
      <p>This statement was last reviewed on {formatDate(data.reviewedOn)}.</p>
    </>
  );
}
