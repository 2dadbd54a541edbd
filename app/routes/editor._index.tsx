/** /editor: what this person may edit (their own work first), filters, and the way to the review queue. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { editScope, reviewScope } from "~/access/drafts.server";
import { reviewState } from "~/commands/workflow.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FilterSelect } from "~/components/FilterForm";
import { EditorTable } from "~/components/editor/EditorTable";
import { StatusTag } from "~/components/editor/WorkflowPanel";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { listEditableItems, listReviewQueue, type PendingState } from "~/models/workflow.server";
import { EDITOR_TYPES, TYPE_LABELS } from "~/schemas/editor";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { forbidden, pageParam } from "~/utils/http.server";
import { can } from "~/access/permissions.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => pageTitle("Editor");

const PAGE_SIZE = 20;
const STATUSES = ["draft", "in-review", "scheduled", "published", "changes", "expired", "archived"] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  draft: "Drafts", "in-review": "Waiting for review", scheduled: "Scheduled", published: "Published", changes: "Published, with changes",
  expired: "Expired", archived: "Archived",
};

const FilterSchema = z.object({
  type: z.enum(EDITOR_TYPES).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = editScope(user);
  if (!scope.anyTypes.length && !scope.departmentTypes.length)
    throw forbidden("The editor is for knowledge champions, managers and the communications team.");
  const url = new URL(request.url);
  const filter = FilterSchema.parse(Object.fromEntries(url.searchParams));
  const page = pageParam(url);
  const db = await getDb();
  const review = reviewScope(user);
  const canReview = review.anyTypes.length > 0 || (review.departmentTypes.length > 0 && review.departmentIds.length > 0);
  const [list, queue] = await Promise.all([
    listEditableItems(db, scope, { type: filter.type, status: filter.status, text: filter.q || undefined, mine: filter.mine ? user.id : undefined }, {
      limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    }),
    canReview ? listReviewQueue(db, review, 200) : Promise.resolve([]),
  ]);
  return json({
    filter,
    page,
    pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id, type: r.type, title: r.title, department: r.departmentName, status: r.status,
      state: reviewState({ status: r.status, pending: r.pendingState as PendingState | null }), updated: formatDateTime(r.updatedAt),
    })),
    canReview,
    queueCount: queue.length,
    creatable: EDITOR_TYPES.filter((t) => can(user, "create", t)),
  });
}

export default function EditorHome() {
  const { filter, rows, page, pageCount, total, canReview, queueCount, creatable } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor" }]} />
      <h1>Editor</h1>
      <div className="grid">
        <section className="card" aria-labelledby="new-title">
          <h2 id="new-title">Write something new</h2>
          <ul>
            {creatable.map((t) => (
              <li key={t}>
                <Link to={`/editor/new/${t}`}>New {t}</Link>
              </li>
            ))}
          </ul>
        </section>
        {canReview ? (
          <section className="card" aria-labelledby="review-title">
            <h2 id="review-title">Review</h2>
            <p>
              <Link to="/editor/review">
                {queueCount === 1 ? "1 item is" : `${queueCount} items are`} waiting for review
              </Link>
            </p>
          </section>
        ) : null}
      </div>

      <h2>Pages you can edit</h2>
      <Form method="get" className="filters" aria-label="Filter pages">
        <FilterSelect id="filter-type" name="type" label="Type" value={filter.type ?? ""} allLabel="All types" options={EDITOR_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} />
        <FilterSelect
          id="filter-status" name="status" label="Status" value={filter.status ?? ""} allLabel="All except archived"
          options={STATUSES.map((st) => ({ value: st, label: STATUS_LABELS[st] }))}
        />
        <div>
          <label htmlFor="filter-q">Title contains</label>
          <input id="filter-q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={100} />
        </div>
        <div className="editor-choice">
          <input id="filter-mine" name="mine" type="checkbox" value="1" defaultChecked={!!filter.mine} />
          <label htmlFor="filter-mine">Only pages I have worked on</label>
        </div>
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </Form>
      <p role="status">{total === 1 ? "1 page" : `${total} pages`}</p>
      {rows.length ? (
        <EditorTable
          caption="Pages you can edit, most recently changed first" extraColumns={["Status", "Last changed"]}
          rows={rows.map((r) => ({ id: r.id, title: r.title, type: r.type, department: r.department, extra: [<StatusTag key="status" itemStatus={r.status} state={r.state} />, r.updated] }))}
        />
      ) : (
        <p>No pages match. Try removing a filter.</p>
      )}
      <Pagination page={page} pageCount={pageCount} path="/editor" query={{ type: filter.type, status: filter.status, q: filter.q, mine: filter.mine }} label="Editor list pages" />
    </>
  );
}
