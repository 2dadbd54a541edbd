/**
 * /editor/:id/documents: attach files to an item, give each a title (and images their
 * description), replace a file (same address, earlier versions kept). A plain multipart
 * form: works without JavaScript. Refused files are named in the error summary, and
 * nothing of them is stored.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { attachFile, editorAttachments, mayChangeFiles, replaceFile, updateFileDetails, type AttachResult } from "~/commands/attachments.server";
import { findEditableItem } from "~/commands/edit.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DocumentsEditor } from "~/components/editor/DocumentsEditor";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { readForm, uploadForm } from "~/utils/request-body.server";
import { formFiles } from "~/utils/file-response.server";
import { uploadLimitBytes } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Documents and images: ${data.item.title}` : "Page not found");

const DONE: Record<string, string> = {
  attached: "The file is attached.",
  replaced: "The file is replaced. Its address is the same, and the earlier version is kept below.",
  details: "The details are saved.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const panel = await editorAttachments(db, item);
  return json({
    item: { id: item.id, title: item.title, type: item.type },
    csrfToken: user.csrfToken,
    canChange: mayChangeFiles(user, item),
    limitMb: Math.round(uploadLimitBytes() / 1024 / 1024),
    ...panel,
  });
}

/** The file of a single file input; an empty input gives an empty, nameless file (refused by name checks). */
async function oneFile(form: FormData, name: string): Promise<{ fileName: string; bytes: Buffer }> {
  return (await formFiles(form, name))[0] ?? { fileName: "", bytes: Buffer.alloc(0) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const item = await findEditableItem(db, user, params.id);
  const form = await readForm(request, uploadForm(uploadLimitBytes()));
  assertCsrf(request, form, user.csrfToken);
  const intent = String(form.get("intent") ?? "attach");
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 1000);
  const target = /^\d{1,10}$/.test(text("attachment")) ? Number(text("attachment")) : 0;
  let result: AttachResult;
  if (intent === "replace" && target) result = await replaceFile(user, target, await oneFile(form, "file"));
  else if (intent === "details" && target) result = await updateFileDetails(user, target, text("title"), text("alt"));
  else result = await attachFile(user, item.id, { ...(await oneFile(form, "file")), title: text("title"), alt: text("alt") });
  if (!result.ok) return json({ errors: result.errors, values: { title: text("title"), alt: text("alt") } }, { status: 400 });
  const done = intent === "replace" ? "replaced" : intent === "details" ? "details" : "attached";
  return redirect(`/editor/${item.id}/documents?done=${done}#file-${result.attachmentId}`);
}

export default function Documents() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = DONE[search.get("done") ?? ""];
  const { item } = data;
  return (
    <>
      <Breadcrumbs items={[{ label: "Editor", to: "/editor" }, { label: item.title, to: `/editor/${item.id}` }, { label: "Documents and images" }]} />
      <h1>Documents and images: {item.title}</h1>
      {done && !answer ? (
        <div className="banner banner--success" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      <p>
        <Link to={`/editor/${item.id}`}>Back to the editor</Link>
      </p>
      <DocumentsEditor
        itemId={item.id} csrfToken={data.csrfToken} canChange={data.canChange} limitMb={data.limitMb} files={data.files}
        needsHtmlVersion={data.needsHtmlVersion} missingAlt={data.missingAlt} errors={answer?.errors ?? {}} values={answer?.values}
      />
    </>
  );
}
