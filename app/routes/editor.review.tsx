/** /editor/review: everything waiting for this reviewer, oldest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { reviewScope } from "~/access/drafts.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { EditorTable } from "~/components/editor/EditorTable";
import { pageTitle } from "~/components/meta";
import { listReviewQueue } from "~/models/workflow.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { forbidden } from "~/utils/http.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => pageTitle("Waiting for review");


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = reviewScope(user);
  if (!scope.anyTypes.length && !(scope.departmentTypes.length && scope.departmentIds.length))
    throw forbidden("Only reviewers can see the review queue.");
  const rows = await listReviewQueue(await getDb(), scope);
  return json({
    rows: rows.map((r) => ({
      id: r.id, type: r.type, title: r.title, department: r.departmentName, isChange: r.status === "published" || r.status === "expired",
      submittedBy: r.submittedBy, submittedAt: r.submittedAt ? formatDateTime(r.submittedAt) : "",
    })),
  });
}

export default function ReviewQueue() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: "Waiting for review" }]} />
      <h1>Waiting for review</h1>
      {rows.length ? (
        <EditorTable
          caption="Pages waiting for review, oldest first" extraColumns={["Sent by", "Sent"]}
          rows={rows.map((r) => ({
            id: r.id, title: r.title, type: r.type, department: r.department, extra: [r.submittedBy ?? "–", r.submittedAt],
            note: r.isChange ? <span className="hint"> (changes to a published page)</span> : null,
          }))}
        />
      ) : (
        <p>Nothing is waiting for review.</p>
      )}
    </>
  );
}
