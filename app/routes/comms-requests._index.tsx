/**
 * /comms-requests: a person's own requests to the communications team; for comms editors,
 * the team's queue by status.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { kindPhrase, worksQueue } from "~/commands/comms-requests.server";
import { REQUEST_STATUSES, STATUS_LABELS } from "~/utils/comms-request-status";
import { countCommsRequestsByStatus, listCommsRequests, type CommsRequestStatus } from "~/models/comms-request.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Requests to the communications team");

const PAGE = 50;
const VIEWS = ["open", "closed", ...REQUEST_STATUSES] as const;
type View = (typeof VIEWS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const queue = worksQueue(user) && url.searchParams.get("mine") !== "1";
  const raw = url.searchParams.get("status") ?? "open";
  const view: View = (VIEWS as readonly string[]).includes(raw) ? (raw as View) : "open";
  const page = pageParam(url);
  const { rows, total } = await listCommsRequests(db, {
    status: queue ? view : undefined, requesterId: queue ? undefined : user.id, limit: PAGE, offset: (page - 1) * PAGE,
  });
  return json({
    queue,
    worksQueue: worksQueue(user),
    view,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    counts: queue ? await countCommsRequestsByStatus(db) : null,
    requests: rows.map((r) => ({
      id: r.id, title: r.title, kind: kindPhrase(r.kind), status: r.status, statusLabel: STATUS_LABELS[r.status], createdAt: r.createdAt,
      updatedAt: r.updatedAt, departmentName: r.departmentName, requesterName: queue ? r.requesterName : null, assigneeName: r.assigneeName,
      scheduledFor: r.scheduledFor,
    })),
  });
}

const statusTag = (s: CommsRequestStatus) => (s === "declined" ? "tag tag--draft" : "tag");

export default function CommsRequests() {
  const { queue, worksQueue, view, counts, requests, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Requests to the communications team" }]} />
      <h1>{queue ? "Requests to the communications team" : "Your requests to the communications team"}</h1>
      <p>
        <Link to="/comms-requests/new" className="button">
          Ask the communications team
        </Link>
      </p>
      {worksQueue ? (
        <p>{queue ? <Link to="/comms-requests?mine=1">Show only requests I made</Link> : <Link to="/comms-requests">Show the team’s queue</Link>}</p>
      ) : null}
      {queue && counts ? (
        <nav aria-label="Requests by status">
          <ul className="tag-cloud">
            {(["open", ...REQUEST_STATUSES, "closed"] as const).map((s) => {
              const label = s === "open" ? "All open" : s === "closed" ? "All closed" : STATUS_LABELS[s];
              const n = s === "open" ? counts.new + counts["in-progress"] + counts.waiting + counts.scheduled : s === "closed" ? counts.done + counts.declined : counts[s];
              return (
                <li key={s}>
                  <Link to={`/comms-requests?status=${s}`} aria-current={view === s ? "page" : undefined}>
                    {label} ({n})
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}
      {requests.length === 0 ? (
        <p>{queue ? "No requests here." : "You have not asked the communications team for anything yet."}</p>
      ) : (
          <ScrollTable caption="Requests" captionHidden className="admin-table">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                {queue ? <th scope="col">Asked by</th> : null}
                <th scope="col">Asked on</th>
                <th scope="col">Handled by</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/comms-requests/${r.id}`}>{r.title}</Link>
                    <br />
                    <span className="hint">
                      {r.kind}
                      {r.departmentName ? ` · ${r.departmentName}` : ""}
                    </span>
                  </td>
                  <td>
                    <span className={statusTag(r.status)}>{r.statusLabel}</span>
                    {r.status === "scheduled" && r.scheduledFor ? (
                      <>
                        {" "}
                        for <DateText value={r.scheduledFor} />
                      </>
                    ) : null}
                  </td>
                  {queue ? <td>{r.requesterName ?? "Former member of staff"}</td> : null}
                  <td>
                    <DateText value={r.createdAt} />
                  </td>
                  <td>{r.assigneeName ?? "Not yet"}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages of requests" className="pagination">
          {page > 1 ? <Link to={`?status=${view}&page=${page - 1}`}>Previous page</Link> : null}{" "}
          <span>
            Page {page} of {pages}
          </span>{" "}
          {page < pages ? <Link to={`?status=${view}&page=${page + 1}`}>Next page</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
