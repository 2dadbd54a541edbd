/**
 * Form building blocks with the error pattern of public-sector design systems: a summary
 * at the top linking to each field, the message above the field, aria-invalid and
 * aria-describedby tying them together. Values are passed back in so nothing typed is lost.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { ZodError, ZodType } from "zod";

export type Errors = Record<string, string | undefined>;

/**
 * Lists every error; `fields` orders field errors and links each to its field (the control
 * with that id, or `anchors[field]`: a date's first box in error).
 */
export function ErrorSummary({ errors, fields, anchors }: { errors: Errors; fields: string[]; anchors?: Record<string, string> }) {
  const fieldErrors = fields.filter((f) => errors[f]);
  if (!errors.form && fieldErrors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.form ? <li>{errors.form}</li> : null}
        {fieldErrors.map((f) => (
          <li key={f}>
            <a href={`#${anchors?.[f] ?? f}`}>{errors[f]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The green "done" notice a page shows after a form post succeeded (nothing when there is none). */
export function DoneNotice({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div className="notice banner--success" role="status">
      <p>{text}</p>
    </div>
  );
}

type FieldProps = { name: string; label: ReactNode; hint?: ReactNode; error?: string; id?: string };

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's hint and its error message, with the ids aria-describedby points at (`${id}-hint`, `${id}-error`). */
export function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
    </>
  );
}

function FieldShell({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

export function TextField({
  name, label, hint, error, id = name, defaultValue, type = "text", autoComplete, maxLength, spellCheck, required, width,
}: FieldProps & { defaultValue?: string; type?: string; autoComplete?: string; maxLength?: number; spellCheck?: boolean; required?: boolean; width?: "short" | "medium" }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input
        id={id} name={name} type={type} defaultValue={defaultValue} autoComplete={autoComplete} maxLength={maxLength} spellCheck={spellCheck}
        required={required} className={width ? `input--${width}` : undefined}
        aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}
      />
    </FieldShell>
  );
}

export function TextArea({ name, label, hint, error, id = name, defaultValue, maxLength, rows = 3 }: FieldProps & { defaultValue?: string; maxLength?: number; rows?: number }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} defaultValue={defaultValue} maxLength={maxLength} rows={rows} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} />
    </FieldShell>
  );
}

/** What file pickers offer (the server decides by content, whatever the name says). */
export const DOCUMENT_ACCEPT = ".pdf,.docx,.xlsx,.pptx,.csv,.txt,.png,.jpg,.jpeg,.webp,.gif";

/** A file input (one or several files); works without JavaScript in a multipart form. */
export function FileField({ name, label, hint, error, id = name, multiple, accept }: FieldProps & { multiple?: boolean; accept?: string }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} type="file" multiple={multiple} accept={accept} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} />
    </FieldShell>
  );
}

export function SelectField({
  name, label, hint, error, id = name, defaultValue, options,
}: FieldProps & { defaultValue?: string; options: { value: string; label: string }[] }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} defaultValue={defaultValue} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Checkbox({ name, label, hint, id = name, defaultChecked, value = "on" }: Omit<FieldProps, "error"> & { defaultChecked?: boolean; value?: string }) {
  return (
    <div className="form-group checkbox">
      <input id={id} name={name} type="checkbox" value={value} defaultChecked={defaultChecked} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

/** The first message per field from a zod error (the browser-side twin of the server's). */
function zodFieldErrors(error: ZodError): Errors {
  const errors: Errors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/**
 * Checks a form in the browser with the same zod schema the server uses, before it is
 * sent: on a problem the submission stops, the messages show and focus moves to the
 * summary; what was typed stays in the fields. Without JavaScript the server does it all.
 */
export function useClientCheck(schema: ZodType<unknown>) {
  const [clientErrors, setClientErrors] = useState<Errors | null>(null);
  useEffect(() => {
    if (clientErrors) document.querySelector<HTMLElement>(".error-summary")?.focus();
  }, [clientErrors]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const values: Record<string, string> = {};
    for (const [key, value] of new FormData(event.currentTarget)) if (typeof value === "string" && !(key in values)) values[key] = value;
    const result = schema.safeParse(values);
    if (result.success) return setClientErrors(null);
    event.preventDefault();
    setClientErrors(zodFieldErrors(result.error));
  };
  return { clientErrors, onSubmit };
}
