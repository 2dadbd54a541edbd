/**
 * The parts the admin pages of a department and of a channel share: the heading with its
 * "Archived" tag and the saved banner, the name-and-description form, and the archive or
 * restore form. Archiving never deletes: the explanation says what stays.
 */
import { Form } from "@remix-run/react";
import type { FormEventHandler, ReactNode } from "react";
import { CsrfField, TextArea, TextField } from "~/components/FormFields";

export function UnitHeading({ name, archivedAt, done }: { name: string; archivedAt: string | null; done: string | null }) {
  return (
    <>
      <h1>
        {name} {archivedAt ? <span className="tag tag--draft">Archived</span> : null}
      </h1>
      {done ? (
        <div className="banner" role="status">
          <p>{done}</p>
        </div>
      ) : null}
    </>
  );
}

type RenameProps = {
  csrfToken: string;
  current: { name: string; description: string | null };
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  onSubmit?: FormEventHandler<HTMLFormElement>;
  /** More fields of the same form (a channel's "everyone follows it"). */
  children?: ReactNode;
};

export function RenameForm({ csrfToken, current, values, errors, onSubmit, children }: RenameProps) {
  return (
    <>
      <h2 id="rename">Name and description</h2>
      <Form method="post" noValidate className="two-thirds" aria-labelledby="rename" onSubmit={onSubmit}>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="rename" />
        <TextField name="name" label="Name" maxLength={100} defaultValue={values.name ?? current.name} error={errors.name} autoComplete="off" />
        <TextArea name="description" label="Description (optional)" maxLength={500} defaultValue={values.description ?? current.description ?? ""} error={errors.description} />
        {children}
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}

type ArchiveProps = {
  csrfToken: string;
  /** "department" or "channel", for the button. */
  kind: string;
  archivedAt: string | null;
  /** What archiving (or restoring, when archived) does, in a sentence or two. */
  explanation: string;
  /** Why it cannot be archived, if it cannot: shown instead of the form. */
  blockedBecause?: string | null;
};

export function ArchiveForm({ csrfToken, kind, archivedAt, explanation, blockedBecause }: ArchiveProps) {
  return (
    <>
      <h2 id="archive">{archivedAt ? "Restore" : "Archive"}</h2>
      {blockedBecause ? (
        <p>{blockedBecause}</p>
      ) : (
        <>
          <p>{explanation}</p>
          <Form method="post">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="intent" value={archivedAt ? "restore" : "archive"} />
            <button type="submit" className="button button--secondary">
              {archivedAt ? `Restore ${kind}` : `Archive ${kind}`}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
