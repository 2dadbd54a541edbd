/**
 * /admin/content-files: pages that came from the content repository's files and were
 * edited on the web since (decision 154). Each can be downloaded as its Markdown file (with
 * its attached files, a zip), or all of them as one zip, to commit back to the repository.
 * Lists only pages this person may open or edit. For comms editors and administrators.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { listWebEdited } from "~/commands/export.server";
import { requireUserWith } from "~/utils/auth.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Web edits to content files");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "publish", "guide");
  return json({ pages: await listWebEdited(user) });
}

const TYPE_LABEL: Record<string, string> = { announcement: "Announcement", policy: "Policy", guide: "Guide" };

export default function ContentFiles() {
  const { pages } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Web edits to content files" }]} />
      <h1>Web edits to content files</h1>
      <p>
        These pages came from the content repository's Markdown files and were changed on the intranet since. Download them to commit the changes
        back, so the next import does not report them as conflicts.
      </p>
      {pages.length === 0 ? (
        <p>No page that came from a file has been edited on the intranet.</p>
      ) : (
        <>
          <p>
            <a href="/admin/content-files.zip" download>
              Download all {pages.length} as a zip
            </a>
          </p>
          <ScrollTable caption="Pages edited on the intranet since they were imported">
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Type</th>
                  <th scope="col">File</th>
                  <th scope="col">Last changed</th>
                  <th scope="col">Download</th>
                </tr>
              </thead>
              <tbody>
                {pages.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/editor/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>{TYPE_LABEL[p.type] ?? p.type}</td>
                    <td>
                      <code>{p.sourcePath}</code>
                    </td>
                    <td>
                      <DateText value={p.updatedAt} />
                    </td>
                    <td>
                      <a href={p.href} download>
                        Markdown<span className="visually-hidden"> of {p.title}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
        </>
      )}
    </>
  );
}
