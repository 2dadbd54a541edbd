/**
 * The editor's Documents and images page: what is attached (type, size, date, earlier
 * versions), the Markdown that places an image or links a document in the text, and the
 * forms to attach, replace and describe files. Plain multipart forms: no JavaScript needed.
 */
import { Form } from "@remix-run/react";
import { CsrfField, ErrorSummary, HintAndError } from "~/components/FormFields";

export type EditorFile = {
  id: number;
  title: string;
  href: string;
  type: string;
  size: string;
  date: string;
  name: string;
  image: boolean;
  alt: string;
  markdown: string;
  textProblem: string | null;
  versions: Array<{ number: number; href: string; date: string; size: string }>;
};

type Props = {
  itemId: number;
  csrfToken: string;
  canChange: boolean;
  limitMb: number;
  files: EditorFile[];
  needsHtmlVersion: boolean;
  missingAlt: string[];
  errors: Record<string, string>;
  values?: { title: string; alt: string };
};

const ACCEPT = ".pdf,.docx,.xlsx,.pptx,.csv,.txt,.png,.jpg,.jpeg,.webp,.gif";

export function DocumentsEditor({ itemId, csrfToken, canChange, limitMb, files, needsHtmlVersion, missingAlt, errors, values }: Props) {
  const action = `/editor/${itemId}/documents`;
  const fieldOrder = ["file", "title", "alt", ...files.flatMap((f) => [`replace-${f.id}`, `title-${f.id}`, `alt-${f.id}`])];
  const anchors = Object.fromEntries(files.flatMap((f) => [[`replace-${f.id}`, `replace-file-${f.id}`], [`title-${f.id}`, `title-${f.id}`], [`alt-${f.id}`, `alt-${f.id}`]]));
  return (
    <>
      <ErrorSummary errors={errors} fields={fieldOrder} anchors={anchors} />
      {needsHtmlVersion ? (
        <div className="inset" id="html-version-note">
          <p>
            <strong>An HTML version is expected.</strong> Policies and must-reads with a PDF or Word document need the same content as a web page too
            (public sector accessibility regulations): put the text in the page itself, and keep the document as a download.
          </p>
        </div>
      ) : null}
      {missingAlt.length ? (
        <p className="field-error" id="missing-alt">
          These images need a description before the page can be published: {missingAlt.join(", ")}.
        </p>
      ) : null}

      <h2 id="attached">Attached files</h2>
      {files.length === 0 ? <p>No files are attached yet.</p> : null}
      {files.map((f) => (
        <section key={f.id} className="attachment" id={`file-${f.id}`} aria-labelledby={`file-${f.id}-title`}>
          <h3 id={`file-${f.id}-title`}>{f.title}</h3>
          <p className="item-meta">
            <a href={f.href}>{f.name}</a> · {f.type}, {f.size} · added or replaced {f.date}
          </p>
          {f.textProblem ? <p className="field-error">{f.textProblem}</p> : null}
          <div className="form-group">
            <label htmlFor={`markdown-${f.id}`}>{f.image ? "To show the image in the text, paste this where it belongs" : "To link to it from the text, paste this"}</label>
            <input id={`markdown-${f.id}`} type="text" readOnly value={f.markdown} className="input--code" />
          </div>
          {f.versions.length ? (
            <details>
              <summary>Earlier versions ({f.versions.length})</summary>
              <ul>
                {f.versions.map((v) => (
                  <li key={v.number}>
                    <a href={v.href}>Version {v.number}</a>, {v.date}, {v.size}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {canChange ? (
            <>
              <Form method="post" action={action} className="attachment__form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="intent" value="details" />
                <input type="hidden" name="attachment" value={f.id} />
                <div className={`form-group${errors[`title-${f.id}`] ? " form-group--error" : ""}`}>
                  <label htmlFor={`title-${f.id}`}>Title</label>
                  <HintAndError id={`title-${f.id}`} error={errors[`title-${f.id}`]} />
                  <input id={`title-${f.id}`} name="title" type="text" defaultValue={f.title} maxLength={200} aria-invalid={errors[`title-${f.id}`] ? true : undefined} aria-describedby={errors[`title-${f.id}`] ? `title-${f.id}-error` : undefined} />
                </div>
                {f.image ? (
                  <div className={`form-group${errors[`alt-${f.id}`] ? " form-group--error" : ""}`}>
                    <label htmlFor={`alt-${f.id}`}>Description of the image (alternative text)</label>
                    <HintAndError id={`alt-${f.id}`} error={errors[`alt-${f.id}`]} />
                    <input id={`alt-${f.id}`} name="alt" type="text" defaultValue={f.alt} maxLength={300} aria-invalid={errors[`alt-${f.id}`] ? true : undefined} aria-describedby={errors[`alt-${f.id}`] ? `alt-${f.id}-error` : undefined} />
                  </div>
                ) : null}
                <button type="submit" className="button button--secondary">
                  Save details
                </button>
              </Form>
              <Form method="post" action={action} encType="multipart/form-data" className="attachment__form">
                <CsrfField token={csrfToken} />
                <input type="hidden" name="intent" value="replace" />
                <input type="hidden" name="attachment" value={f.id} />
                <div className={`form-group${errors[`replace-${f.id}`] ? " form-group--error" : ""}`}>
                  <label htmlFor={`replace-file-${f.id}`}>Replace with a new version</label>
                  <HintAndError id={`replace-file-${f.id}`} hint="The address stays the same; the current file is kept as an earlier version." error={errors[`replace-${f.id}`]} />
                  <input id={`replace-file-${f.id}`} name="file" type="file" accept={ACCEPT} aria-describedby={`replace-file-${f.id}-hint${errors[`replace-${f.id}`] ? ` replace-file-${f.id}-error` : ""}`} />
                </div>
                <button type="submit" className="button button--secondary">
                  Replace file
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ))}

      {canChange ? (
        <>
          <h2 id="attach">Attach a file</h2>
          <Form method="post" action={action} encType="multipart/form-data" className="attach-form">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value="attach" />
            <div className={`form-group${errors.file ? " form-group--error" : ""}`}>
              <label htmlFor="file">File</label>
              <HintAndError
                id="file"
                hint={`PDF, Word, Excel, PowerPoint, CSV, plain text, or a PNG, JPEG, WebP or GIF image; up to ${limitMb} MB.`}
                error={errors.file}
              />
              <input id="file" name="file" type="file" accept={ACCEPT} aria-describedby={`file-hint${errors.file ? " file-error" : ""}`} aria-invalid={errors.file ? true : undefined} />
            </div>
            <div className={`form-group${errors.title ? " form-group--error" : ""}`}>
              <label htmlFor="title">Title</label>
              <HintAndError id="title" hint="What readers see in the list, like “Parking permit application form”." error={errors.title} />
              <input id="title" name="title" type="text" maxLength={200} defaultValue={values?.title ?? ""} aria-describedby={`title-hint${errors.title ? " title-error" : ""}`} aria-invalid={errors.title ? true : undefined} />
            </div>
            <div className={`form-group${errors.alt ? " form-group--error" : ""}`}>
              <label htmlFor="alt">Description of the image (images only)</label>
              <HintAndError id="alt" hint="What the picture shows, for people who cannot see it. Needed for images." error={errors.alt} />
              <input id="alt" name="alt" type="text" maxLength={300} defaultValue={values?.alt ?? ""} aria-describedby={`alt-hint${errors.alt ? " alt-error" : ""}`} aria-invalid={errors.alt ? true : undefined} />
            </div>
            <button type="submit" className="button">
              Attach file
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
