/**
 * Form fields for the editor, in the public-sector pattern: label, hint, error message
 * (announced with the field through aria-describedby), then the control. Controls are
 * uncontrolled (defaultValue), so showing an error never changes what was typed.
 */
import type { ReactNode } from "react";

export const fieldId = (name: string) => `ed-${name}`;
/** Where the error summary links for a field: the control itself, or the first box of a group. */
export const fieldAnchor = (name: string, group = false) => (group ? `${fieldId(name)}-0` : fieldId(name));

function describedBy(name: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : "", error ? `${fieldId(name)}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ name, hint }: { name: string; hint?: ReactNode }) {
  return hint ? (
    <p className="hint" id={`${fieldId(name)}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${fieldId(name)}-error`}>
      <span className="visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

type Common = { name: string; label: ReactNode; hint?: ReactNode; error?: string };

export function TextField({
  name, label, hint, error, defaultValue, type = "text", maxLength, autoComplete, width, spellCheck, required,
}: Common & { defaultValue: string; type?: "text" | "email"; maxLength?: number; autoComplete?: string; width?: "short" | "medium" | "long"; spellCheck?: boolean; required?: boolean }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <input
        id={fieldId(name)} name={name} type={type} defaultValue={defaultValue} maxLength={maxLength} autoComplete={autoComplete ?? "off"}
        spellCheck={spellCheck} className={`editor-input editor-input--${width ?? "long"}`} aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined} aria-required={required || undefined}
      />
    </div>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, rows = 4, maxLength, children, required }: Common & { defaultValue: string; rows?: number; maxLength?: number; children?: ReactNode; required?: boolean }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      {children}
      <textarea
        id={fieldId(name)} name={name} rows={rows} defaultValue={defaultValue} maxLength={maxLength} className="editor-textarea"
        aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined} aria-required={required || undefined}
      />
    </div>
  );
}

export function Select({ name, label, hint, error, defaultValue, options, placeholder }: Common & { defaultValue: string; options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <select id={fieldId(name)} name={name} defaultValue={defaultValue} aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset; the legend names the group. */
export function Choices({
  name, label, hint, error, options, selected, multiple, small,
}: Common & { options: { value: string; label: string; hint?: string }[]; selected: string[]; multiple?: boolean; small?: boolean }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset className="editor-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="label">{label}</legend>
        <Hint name={name} hint={hint} />
        <FieldError name={name} error={error} />
        <div className={`editor-choices${small ? " editor-choices--small" : ""}`}>
          {options.map((o, i) => (
            <div className="editor-choice" key={o.value}>
              <input
                id={`${fieldId(name)}-${i}`} type={multiple ? "checkbox" : "radio"} name={name} value={o.value}
                defaultChecked={selected.includes(o.value)} aria-describedby={o.hint ? `${fieldId(name)}-${i}-hint` : undefined}
              />
              <label htmlFor={`${fieldId(name)}-${i}`}>{o.label}</label>
              {o.hint ? (
                <p className="hint editor-choice__hint" id={`${fieldId(name)}-${i}-hint`}>
                  {o.hint}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({ name, label, hint, error, defaultChecked }: Common & { defaultChecked: boolean }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <FieldError name={name} error={error} />
      <div className="editor-choice">
        <input id={fieldId(name)} type="checkbox" name={name} value="on" defaultChecked={defaultChecked} aria-describedby={describedBy(name, hint, error)} />
        <label htmlFor={fieldId(name)}>{label}</label>
        <Hint name={name} hint={hint} />
      </div>
    </div>
  );
}

/** "There is a problem" with a link to each field, in form order. Focused when shown, so it is read first. */
export function ErrorSummary({ errors, order, groups, anchors, summaryRef }: {
  errors: Record<string, string | undefined>;
  order: readonly string[];
  groups?: readonly string[];
  /** Where to link for fields whose first control is not `fieldId(name)`: a date's first box in error. */
  anchors?: Record<string, string>;
  summaryRef?: React.Ref<HTMLDivElement>;
}) {
  const listed = [...order.filter((f) => errors[f]), ...Object.keys(errors).filter((f) => errors[f] && !order.includes(f) && f !== "form")];
  if (!listed.length && !errors.form) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={summaryRef}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.form ? <li>{errors.form}</li> : null}
        {listed.map((f) => (
          <li key={f}>
            <a href={`#${anchors?.[f] ?? fieldAnchor(f, groups?.includes(f))}`}>{errors[f]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
