/** /comments/house-rules: how we talk to each other in comments. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => pageTitle("House rules for comments");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({});
}

export default function HouseRules() {
  return (
    <div className="two-thirds prose">
      <Breadcrumbs items={[{ label: "House rules for comments" }]} />
      <h1>House rules for comments</h1>
      <p>Comments are for answering back, asking, thanking and sharing what you know. Everyone who can read the page sees your comment and your name.</p>
      <ul>
        <li>Be kind and respectful. Talk about the work, never about a person.</li>
        <li>Do not share personal information about residents, clients or colleagues.</li>
        <li>Keep to the subject of the page. For a private question, use the page's feedback form or contact its owner.</li>
        <li>Comments are records the council holds: they can be released under freedom of information.</li>
        <li>Mention colleagues only when they can help: they are told by email.</li>
      </ul>
      <p>
        The communications team may hide a comment that breaks these rules. They tell you why, and you can still see it. If you see a comment that breaks the rules, use
        “Report” beside it.
      </p>
    </div>
  );
}
