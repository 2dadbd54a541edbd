/** The form for a pre-election period (new and edit), posting Day/Month/Year boxes; works without JavaScript. */
import { Form } from "@remix-run/react";
import { DateInput } from "~/components/DateInput";
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import type { DateParts } from "~/schemas/date-input";

export type PeriodFormValues = {
  kind: string; title: string; noticeOn: DateParts; pollingOn: DateParts; scope: string; departmentIds: string[]; wards: string; guideItemId: string;
};

export const PERIOD_FIELDS = ["kind", "title", "noticeOn", "pollingOn", "scope", "departmentIds", "wards", "guideItemId"];

export function PeriodForm({
  csrfToken, values, errors, kinds, departments, guides, submitLabel,
}: {
  csrfToken: string; values: PeriodFormValues; errors: Record<string, string>; submitLabel: string;
  kinds: { value: string; label: string }[]; departments: { id: number; name: string }[]; guides: { id: number; title: string }[];
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} fields={PERIOD_FIELDS} anchors={{ noticeOn: "noticeOn-day", pollingOn: "pollingOn-day", departmentIds: "scope-departments" }} />
      <CsrfField token={csrfToken} />
      <input type="hidden" name="intent" value="period" />
      <SelectField name="kind" label="Type of election" options={kinds} defaultValue={values.kind} error={errors.kind} />
      <TextField name="title" label="Name" hint="For example, Local elections May 2027" defaultValue={values.title} error={errors.title} maxLength={120} />
      <DateInput id="noticeOn" name="noticeOn" legend="Notice of election published on" value={values.noticeOn} error={errors.noticeOn} />
      <DateInput id="pollingOn" name="pollingOn" legend="Polling day" value={values.pollingOn} error={errors.pollingOn} />
      <fieldset className={`fieldset${errors.scope || errors.departmentIds || errors.wards ? " form-group--error" : ""}`}>
        <legend>What the period covers</legend>
        {errors.scope ? <p className="field-error"><span className="visually-hidden">Error:</span> {errors.scope}</p> : null}
        <div className="radios">
          {[
            { value: "council", label: "The whole council" },
            { value: "departments", label: "Named departments" },
            { value: "wards", label: "Named wards (pages tagged with the ward)" },
          ].map((o) => (
            <label key={o.value}>
              <input type="radio" name="scope" value={o.value} defaultChecked={values.scope === o.value} /> {o.label}
            </label>
          ))}
        </div>
        <fieldset className="fieldset" id="scope-departments">
          <legend>Departments (when named departments)</legend>
          {errors.departmentIds ? <p className="field-error"><span className="visually-hidden">Error:</span> {errors.departmentIds}</p> : null}
          {departments.map((d) => (
            <label key={d.id} className="checkbox">
              <input type="checkbox" name="departmentIds" value={d.id} defaultChecked={values.departmentIds.includes(String(d.id))} /> {d.name}
            </label>
          ))}
        </fieldset>
        <TextArea name="wards" label="Wards (when named wards)" hint="One a line, for example Riverside North" defaultValue={values.wards} error={errors.wards} rows={3} />
      </fieldset>
      <SelectField
        name="guideItemId" label="Election guidance page" hint="The guide every page's notice links to"
        options={[{ value: "", label: "None yet" }, ...guides.map((g) => ({ value: String(g.id), label: g.title }))]}
        defaultValue={values.guideItemId} error={errors.guideItemId}
      />
      <button type="submit" className="button">{submitLabel}</button>
    </Form>
  );
}
