/** /editor/:id/history: every revision (who, when, where from, note), every version of each attached file, the workflow timeline, compare and restore. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { fileVersionsOfItem } from "~/commands/attachments.server";
import { Link } from "~/components/Link";
import { findEditableItem } from "~/commands/edit.server";
import { allowedActions, loadSubject } from "~/commands/workflow.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { listRevisions } from "~/models/revision.server";
import { listWorkflowEvents, namesById } from "~/models/workflow.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `History: ${data.item.title}` : "Page not found");

const SOURCE_LABELS = { file: "Markdown file", web: "Web editor", restore: "Restored" } as const;
const EVENT_LABELS: Record<string, string> = {
  create: "Created", save: "Saved", conflict: "Saved at the same time as someone else", submit: "Sent for review", withdraw: "Withdrawn",
  publish: "Published", schedule: "Scheduled", "request-changes": "Changes requested", archive: "Archived", unarchive: "Brought back from the archive",
  restore: "Old version restored", expire: "Expired",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const subject = await loadSubject(db, item);
  const [revisions, events, files] = await Promise.all([listRevisions(db, item.id), listWorkflowEvents(db, item.id, 200), fileVersionsOfItem(db, item.id)]);
  const names = await namesById(db, revisions.map((r) => r.authorId));
  const live = item.status === "published" || item.status === "expired";
  return json({
    item: { id: item.id, title: item.title },
    csrfToken: user.csrfToken,
    files,
    canRestore: allowedActions(user, subject).has("restore"),
    revisions: revisions.map((r) => ({
      number: r.number, at: formatDateTime(r.createdAt), by: r.authorId ? names.get(r.authorId) ?? "Unknown" : "Import", source: SOURCE_LABELS[r.source],
      note: r.note, isLive: live && r.id === item.currentRevisionId, isWorking: r.id === (subject.pendingChange?.revisionId ?? item.currentRevisionId),
    })),
    events: events.map((e) => ({
      id: e.id, label: EVENT_LABELS[e.action] ?? e.action, by: e.actorName ?? "The scheduler", at: formatDateTime(e.at), comment: e.comment,
      revision: e.revisionNumber,
    })),
  });
}

export default function History() {
  const { item, revisions, events, files, canRestore, csrfToken } = useLoaderData<typeof loader>();
  const latest = revisions[0]?.number ?? 1;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: item.title, to: `/editor/${item.id}` }, { label: "History" }]} />
      <h1>History: {item.title}</h1>
      {revisions.length > 1 ? (
        <Form method="get" action={`/editor/${item.id}/compare`} className="filters">
          <RevisionSelect name="from" label="Compare revision" numbers={revisions.map((r) => r.number)} selected={revisions[1].number} />
          <RevisionSelect name="to" label="with revision" numbers={revisions.map((r) => r.number)} selected={latest} />
          <button type="submit" className="button button--secondary">
            Compare
          </button>
        </Form>
      ) : null}

      <h2>Revisions</h2>
      <ScrollTable caption="Revisions, newest first" captionHidden className="history-table">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">From</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r, i) => (
            <tr key={r.number}>
              <th scope="row">
                {r.number}
                {r.isLive ? <strong className="tag">Live</strong> : null}
                {r.isWorking && !r.isLive ? <strong className="tag tag--draft">Being edited</strong> : null}
              </th>
              <td>{r.at}</td>
              <td>{r.by}</td>
              <td>{r.source}</td>
              <td>{r.note}</td>
              <td>
                <div className="history-actions">
                  {i < revisions.length - 1 ? (
                    <Link to={`/editor/${item.id}/compare?from=${revisions[i + 1].number}&to=${r.number}`}>
                      Changes<span className="visually-hidden"> in revision {r.number}</span>
                    </Link>
                  ) : null}
                  {canRestore && !r.isWorking ? (
                    <Form method="post" action={`/editor/${item.id}/workflow`}>
                      <input type="hidden" name="csrf" value={csrfToken} />
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="revision" value={r.number} />
                      <button type="submit" className="link-button">
                        Restore<span className="visually-hidden"> revision {r.number}</span>
                      </button>
                    </Form>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      {files.length ? (
        <>
          <h2 id="file-versions">Attached files</h2>
          <ScrollTable caption="Every version of each attached file, newest first" captionHidden className="history-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Version</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {files.flatMap((f) =>
                f.versions.map((v) => (
                  <tr key={`${f.id}-${v.number}`}>
                    <th scope="row">
                      <a href={v.href}>
                        {f.title}
                        <span className="visually-hidden">, version {v.number}</span>
                      </a>
                    </th>
                    <td>
                      {v.number}
                      {v.current ? <strong className="tag">Current</strong> : null}
                    </td>
                    <td>{v.date}</td>
                    <td>{v.size}</td>
                  </tr>
                )),
              )}
            </tbody>
          </ScrollTable>
        </>
      ) : null}

      <h2>Workflow</h2>
      {events.length ? (
        <ol className="item-list workflow-timeline" reversed>
          {events.map((e) => (
            <li key={e.id}>
              <p>
                <strong>{e.label}</strong> by {e.by}, {e.at}
                {e.revision ? ` (revision ${e.revision})` : ""}
              </p>
              {e.comment ? <p className="editor-comment">{e.comment}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>No workflow steps recorded yet.</p>
      )}
    </>
  );
}

function RevisionSelect({ name, label, numbers, selected }: { name: string; label: string; numbers: number[]; selected: number }) {
  return (
    <div>
      <label htmlFor={`compare-${name}`}>{label}</label>
      <select id={`compare-${name}`} name={name} defaultValue={String(selected)}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}
