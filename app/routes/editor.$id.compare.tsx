/** /editor/:id/compare?from=&to=: a readable word-level diff of any two revisions of an item. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { compareRevisions, findEditableItem } from "~/commands/edit.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ComparisonView } from "~/components/editor/ComparisonView";
import { pageTitle } from "~/components/meta";
import { currentRevisionNumber } from "~/models/workflow.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Compare revisions: ${data.item.title}` : "Page not found");

function revisionParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const url = new URL(request.url);
  const to = revisionParam(url, "to") ?? (await currentRevisionNumber(db, item.id));
  const from = revisionParam(url, "from") ?? Math.max(1, to - 1);
  const comparison = await compareRevisions(db, item.id, from, to);
  if (!comparison) throw notFound("One of those revisions does not exist.");
  const describe = (m: typeof comparison.from) => ({ number: m.number, by: m.authorName ?? "Import", at: formatDateTime(m.createdAt), note: m.note });
  return json({ item: { id: item.id, title: item.title }, comparison, from: describe(comparison.from), to: describe(comparison.to) });
}

export default function Compare() {
  const { item, comparison, from, to } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[{ label: "Editor", to: "/editor" }, { label: item.title, to: `/editor/${item.id}` }, { label: "History", to: `/editor/${item.id}/history` }, { label: "Compare" }]}
      />
      <h1>
        Revision {from.number} compared with revision {to.number}
      </h1>
      <dl className="summary-list">
        <dt>Revision {from.number}</dt>
        <dd>
          {from.by}, {from.at}
          {from.note ? ` – ${from.note}` : ""}
        </dd>
        <dt>Revision {to.number}</dt>
        <dd>
          {to.by}, {to.at}
          {to.note ? ` – ${to.note}` : ""}
        </dd>
      </dl>
      <ComparisonView data={comparison} fromLabel={`Revision ${from.number}`} toLabel={`Revision ${to.number}`} />
      <p>
        <Link to={`/editor/${item.id}/history`}>Back to the history</Link>
      </p>
    </>
  );
}
