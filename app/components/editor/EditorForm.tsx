/**
 * The editor form for announcements, policies and guides. It is a plain <Form>: without
 * JavaScript every button posts and the server answers (errors, preview, save). With
 * JavaScript the same zod schema checks fields as the author leaves them and before
 * sending, the toolbar helps with Markdown, and the preview follows the text as it is
 * typed (rendered by the server, so it is exactly what readers will see).
 */
import { Form, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import {
  DATE_FIELDS, DATE_TIME_FIELDS, readEditorValues, validateEditorValues, validateField, type EditorType, type EditorValues, type FieldErrors,
  LIMITS, PRIORITIES,
} from "~/schemas/editor";
import { firstPartInError } from "~/schemas/date-input";
import { DateInput } from "~/components/DateInput";
import { ROLE_LABELS, ROLES } from "~/utils/roles";
import { Checkbox, Choices, ErrorSummary, fieldId, Select, TextArea, TextField } from "./fields";
import { MarkdownToolbar, type ToolbarImage } from "./MarkdownToolbar";
import { ReadabilityAdvice, type ReadabilityView } from "~/components/knowledge/ReadabilityAdvice";

export type Option = { slug: string; name: string };
export type EditorOptions = { departments: Option[]; allDepartments: Option[]; targetDepartments: Option[]; canTargetAll: boolean; channels: Option[] };

export const FIELD_ORDER = [
  "title", "summary", "slug", "department", "body", "priority", "mustRead", "targetDepartments", "channels", "reference", "owner",
  "deputy", "effective", "approved", "whatChanged", "material", "lastReviewed", "reviewBy", "related", "publishAt", "expiresAt",
  "audience", "audienceDepartments", "audienceRoles", "isPublic", "tags", "note",
] as const;
const GROUP_FIELDS = ["priority", "targetDepartments", "channels", "audience", "audienceDepartments", "audienceRoles"] as const;
const DATE_BOXES = new Set<string>([...DATE_FIELDS, ...DATE_TIME_FIELDS]);

/** The field a form control belongs to: "reviewBy" for its Day, Month and Year boxes ("reviewBy-day" …). */
function fieldOf(controlName: string): string {
  const m = /^(.+)-(day|month|year|time)$/.exec(controlName);
  return m && DATE_BOXES.has(m[1]) ? m[1] : controlName;
}

const PRIORITY_LABELS: Record<(typeof PRIORITIES)[number], { label: string; hint: string }> = {
  normal: { label: "Normal", hint: "Shown in news lists and channels." },
  "need-to-know": { label: "Need to know", hint: "Shown in a banner on the home page of everyone it is sent to." },
  urgent: { label: "Urgent", hint: "A red banner at the top of every page until it expires. Use rarely." },
};

export type EditorFormProps = {
  type: EditorType;
  /** Where the form posts: /editor/new/:type or /editor/:id. */
  action: string;
  itemId?: number;
  isNew: boolean;
  values: EditorValues;
  errors: FieldErrors;
  baseRevision?: number;
  csrfToken: string;
  options: EditorOptions;
  /** Which buttons this person has: publishers publish; others send for review. */
  canSubmit: boolean;
  canPublish: boolean;
  isLive: boolean;
  requireWhatChanged: boolean;
  /** Server-rendered (sanitised) preview HTML, when the page is the answer to "Preview". */
  previewHtml?: string | null;
  /** Plain-language advice on the text, from the server with the preview. */
  readability?: ReadabilityView | null;
  /** The item's attached images, which the toolbar places in the text (with JavaScript; without, the Documents page gives the Markdown to paste). */
  images?: ToolbarImage[];
};

export function EditorForm(props: EditorFormProps) {
  const { type, values: v, options, isNew, isLive } = props;
  const [errors, setErrors] = useState<FieldErrors>(props.errors);
  // The values the errors shown were found in (the server's, or the form's when checked here), to link each date error to its box.
  const [checked, setChecked] = useState<EditorValues>(props.values);
  useEffect(() => setChecked(props.values), [props.values]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const context = { requireWhatChanged: props.requireWhatChanged };
  // Bumped when a submit is stopped by errors found in the browser, to move focus to the summary once it is drawn.
  const [blocked, setBlocked] = useState(0);
  useEffect(() => setErrors(props.errors), [props.errors]);
  useEffect(() => {
    if (Object.keys(props.errors).length) summaryRef.current?.focus();
  }, [props.errors]);
  useEffect(() => {
    if (blocked) summaryRef.current?.focus();
  }, [blocked]);

  const preview = usePreview(props);

  const onBlur = (event: React.FocusEvent<HTMLFormElement>) => {
    const target = event.target as unknown as HTMLInputElement;
    const name = fieldOf(target.name) as keyof EditorValues;
    if (!name || !formRef.current || !(FIELD_ORDER as readonly string[]).includes(name)) return;
    // Moving between the boxes of one date is not leaving it: it is checked once focus leaves the date.
    const next = event.relatedTarget as HTMLInputElement | null;
    if (name !== target.name && next?.name && fieldOf(next.name) === name) return;
    const values = readEditorValues(new FormData(formRef.current), type);
    // Leaving an empty field (tabbing through) is not an error yet; a field that shows an
    // error is re-checked so the message goes as soon as it is put right.
    const isChoice = target.type === "checkbox" || target.type === "radio";
    const value = values[name];
    const empty = typeof value === "object" && !Array.isArray(value) ? Object.values(value).every((v) => v.trim() === "") : target.value === "";
    if (!errors[name] && (isChoice || empty)) return;
    const message = validateField(values, name, context);
    setChecked(values);
    setErrors((prev) => (prev[name] === message ? prev : { ...prev, [name]: message }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === "preview") {
      event.preventDefault();
      preview.refresh();
      document.getElementById("editor-preview")?.focus();
      return;
    }
    const values = readEditorValues(new FormData(event.currentTarget), type);
    const result = validateEditorValues(values, context);
    if (!result.ok) {
      event.preventDefault();
      setChecked(values);
      setErrors(result.errors);
      setBlocked((n) => n + 1);
    }
  };

  const e = errors;
  const deptOptions = options.departments.map((d) => ({ value: d.slug, label: d.name }));
  const allDeptChoices = options.allDepartments.map((d) => ({ value: d.slug, label: d.name }));
  const shownErrors = Object.fromEntries(Object.entries(errors).filter(([, m]) => !!m)) as Record<string, string>;
  const anchors = Object.fromEntries(
    [...DATE_FIELDS, ...DATE_TIME_FIELDS].filter((f) => errors[f]).map((f) => [f, `${fieldId(f)}-${firstPartInError(checked[f], errors[f])}`]),
  );
  const date = (name: (typeof DATE_FIELDS)[number] | (typeof DATE_TIME_FIELDS)[number], legend: string, hint?: string) => (
    <DateInput id={fieldId(name)} name={name} legend={legend} value={v[name]} checkedValue={checked[name]} error={e[name]} hint={hint} />
  );

  return (
    <>
      <ErrorSummary errors={shownErrors} order={FIELD_ORDER} groups={GROUP_FIELDS} anchors={anchors} summaryRef={summaryRef} />
      <Form method="post" action={props.action} noValidate ref={formRef} onBlur={onBlur} onSubmit={onSubmit} className="editor-form" aria-label={`${isNew ? "New" : "Edit"} ${type}`}>
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <input type="hidden" name="type" value={type} />
        {props.itemId ? <input type="hidden" name="itemId" value={props.itemId} /> : null}
        {props.baseRevision !== undefined ? <input type="hidden" name="baseRevision" value={props.baseRevision} /> : null}

        <TextField name="title" label="Title" error={e.title} defaultValue={v.title} maxLength={LIMITS.title + 50} required hint={`Say what it is about in ${LIMITS.title} characters or fewer.`} />
        <TextArea name="summary" label="Summary" error={e.summary} defaultValue={v.summary} rows={2} required hint="One or two sentences shown in lists and search results." />
        {isNew ? (
          <TextField name="slug" label="Web address (optional)" error={e.slug} defaultValue={v.slug} width="medium" spellCheck={false}
            hint="Lower-case words joined by hyphens, like claim-mileage. Leave it empty to make one from the title. It cannot change later." />
        ) : null}
        <Select name="department" label="Department" error={e.department} defaultValue={v.department} options={deptOptions} placeholder="Choose a department" />

        <div className="editor-body">
          <div className="editor-body__text">
            <TextArea
              name="body" label="Text" error={e.body} defaultValue={v.body} rows={20} required
              hint={<>Written in Markdown: <code>## Heading</code>, <code>**bold**</code>, <code>- list item</code>, <code>[link text](https://…)</code>. Link to another page with <code>guide:its-address</code>.</>}
            >
              <MarkdownToolbar targetId={fieldId("body")} images={props.images} />
            </TextArea>
          </div>
          {preview.html !== null ? (
            <section className="editor-preview" aria-labelledby="editor-preview-title" id="editor-preview" tabIndex={0}>
              <h2 id="editor-preview-title">Preview</h2>
              <p className="hint">{preview.busy ? "Updating the preview…" : "How the text will look to readers."}</p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: preview.html }} />
            </section>
          ) : null}
        </div>
        {preview.readability ? <ReadabilityAdvice report={preview.readability} /> : null}

        {type === "announcement" ? (
          <>
            <Choices name="priority" label="Priority" error={e.priority} selected={[v.priority]}
              options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p].label, hint: PRIORITY_LABELS[p].hint }))} />
            <Checkbox name="mustRead" label="Must read: staff confirm they have read it" error={e.mustRead} defaultChecked={v.mustRead} />
            <details className="editor-details" open={!!(e.targetDepartments || v.targetDepartments.length)}>
              <summary>Sent to departments ({v.targetDepartments.length} chosen)</summary>
              <Choices name="targetDepartments" label="Departments this is for" multiple small error={e.targetDepartments} selected={v.targetDepartments}
                hint="Leave all unticked if it is only for your own department."
                options={[...(options.canTargetAll ? [{ value: "all", label: "Every department" }] : []), ...options.targetDepartments.map((d) => ({ value: d.slug, label: d.name }))]} />
            </details>
            <details className="editor-details" open={!!(e.channels || v.channels.length)}>
              <summary>Channels ({v.channels.length} chosen)</summary>
              <Choices name="channels" label="Channels to post in" multiple small error={e.channels} selected={v.channels} hint="Leave all unticked to post in the department's main channel."
                options={options.channels.map((c) => ({ value: c.slug, label: c.name }))} />
            </details>
          </>
        ) : null}

        {type === "policy" ? (
          <>
            <TextField name="reference" label="Reference" error={e.reference} defaultValue={v.reference} width="short" spellCheck={false} hint="Letters then numbers, like HR-042." />
            <TextField name="owner" type="email" label="Owner's email address" error={e.owner} defaultValue={v.owner} width="medium" spellCheck={false} />
            <h2 className="editor-subheading">This version</h2>
            {date("effective", "Effective date", "When this version takes effect. For example, 27 3 2027")}
            <TextField name="approved" label="Approval reference (optional)" error={e.approved} defaultValue={v.approved} hint="For example: Employment Committee, 12 March 2026, minute 7." />
            <TextArea name="whatChanged" label={props.requireWhatChanged ? "What changed" : "What changed (optional for the first version)"} error={e.whatChanged} defaultValue={v.whatChanged} rows={3}
              hint="In plain words, what is different for staff in this version." />
            <Checkbox name="material" label="This is a material change: staff in scope must read and acknowledge it again" error={e.material} defaultChecked={v.material} />
          </>
        ) : null}

        {type === "guide" ? (
          <>
            <TextField name="owner" type="email" label="Owner's email address" error={e.owner} defaultValue={v.owner} width="medium" spellCheck={false} hint="The person who keeps this guide right. They must be able to open it." />
            <TextField name="deputy" type="email" label="Deputy's email address (optional)" error={e.deputy} defaultValue={v.deputy} width="medium" spellCheck={false} hint="Someone else who can open it." />
            {date("lastReviewed", "Last reviewed")}
            {date("reviewBy", "Review by", "After this date readers see that the guide is overdue for review. For example, 27 3 2027")}
            <TextField name="related" label="Related pages (optional)" error={e.related} defaultValue={v.related} spellCheck={false}
              hint="Separate with commas, like guide:claim-mileage, policy:travel-and-subsistence." />
          </>
        ) : null}

        <h2 className="editor-subheading">Publishing</h2>
        {date("publishAt", "Publish date and time (optional)", isLive
          ? "UK time. A time in the future schedules these changes; readers see the current version until then. For example, 27 3 2027"
          : "UK time. Leave empty to publish as soon as it is approved; a future time schedules it. For example, 27 3 2027")}
        {date("expiresAt", "Expiry date and time (optional)", "UK time. After it, the page leaves lists but stays readable at its address. For example, 27 3 2027")}

        <Choices name="audience" label="Who can see it" error={e.audience} selected={[v.audience]} options={[
          { value: "everyone", label: "Everyone who works for the council" },
          { value: "departments", label: "Only some departments" },
          { value: "roles", label: "Only some roles" },
        ]} />
        <details className="editor-details" open={v.audience === "departments" || !!e.audienceDepartments}>
          <summary>Departments who can see it</summary>
          <Choices name="audienceDepartments" label="Departments who can see it" hint="Used when “Only some departments” is chosen." multiple small error={e.audienceDepartments} selected={v.audienceDepartments} options={allDeptChoices} />
        </details>
        <details className="editor-details" open={v.audience === "roles" || !!e.audienceRoles}>
          <summary>Roles who can see it</summary>
          <Choices name="audienceRoles" label="Roles who can see it" hint="Used when “Only some roles” is chosen." multiple small error={e.audienceRoles} selected={v.audienceRoles}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </details>
        <Checkbox name="isPublic" label="Anyone can see it without signing in" hint="Only for information that is already public. People who are not signed in see it only while an administrator has public pages turned on." error={e.isPublic} defaultChecked={v.isPublic} />
        <TextField name="tags" label="Tags (optional)" error={e.tags} defaultValue={v.tags} hint="Separate with commas, like expenses, travel." />
        <TextField name="note" label="Note about this change (optional)" error={e.note} defaultValue={v.note} maxLength={LIMITS.note + 50} hint="Kept in the page history, like “Updated the phone number”." />

        <div className="button-group">
          {props.canPublish ? (
            <button type="submit" name="intent" value="publish" className="button">
              {isLive ? "Save and publish changes" : "Save and publish"}
            </button>
          ) : null}
          {props.canSubmit ? (
            <button type="submit" name="intent" value="submit" className={props.canPublish ? "button button--secondary" : "button"}>
              Save and send for review
            </button>
          ) : null}
          <button type="submit" name="intent" value="save" className="button button--secondary">
            {props.canSubmit || props.canPublish ? "Save as draft" : "Save changes"}
          </button>
          <button type="submit" name="intent" value="preview" formAction="/editor/preview" className="button button--secondary">
            Preview
          </button>
        </div>
      </Form>
    </>
  );
}

/**
 * The preview: the server's render of the text, refreshed (debounced) as the author
 * types once JavaScript runs, and on the Preview button.
 */
function usePreview(props: EditorFormProps) {
  const fetcher = useFetcher<{ html?: string; readability?: ReadabilityView }>();
  const [ready, setReady] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const submit = useRef(fetcher.submit);
  submit.current = fetcher.submit;
  const { csrfToken, type, itemId } = props;

  const refresh = useCallback(() => {
    const box = document.getElementById(fieldId("body"));
    if (!(box instanceof HTMLTextAreaElement)) return;
    const data = new FormData();
    data.set("csrf", csrfToken);
    data.set("type", type);
    data.set("live", "1");
    data.set("body", box.value);
    for (const name of ["title", "summary"]) {
      const field = document.getElementById(fieldId(name));
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) data.set(name, field.value);
    }
    if (itemId) data.set("itemId", String(itemId));
    submit.current(data, { method: "post", action: "/editor/preview" });
  }, [csrfToken, type, itemId]);

  useEffect(() => {
    setReady(true);
    const box = document.getElementById(fieldId("body"));
    if (!(box instanceof HTMLTextAreaElement)) return;
    if (box.value.trim() && !props.previewHtml) refresh();
    const onInput = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(refresh, 600);
    };
    box.addEventListener("input", onInput);
    return () => {
      box.removeEventListener("input", onInput);
      clearTimeout(timer.current);
    };
    // Once, after hydration: the listener reads the text box itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refresh]);

  const html = fetcher.data?.html ?? props.previewHtml ?? (ready ? "" : null);
  return { html, readability: fetcher.data?.readability ?? props.readability ?? null, busy: fetcher.state !== "idle", refresh };
}
