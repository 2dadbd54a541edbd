/** The fields of a campaign (new and change). */
import { DateInput } from "~/components/DateInput";
import { CsrfField, HintAndError, SelectField, TextArea, TextField } from "~/components/FormFields";
import type { DateParts } from "~/schemas/date-input";

const ROLE_LABELS: Record<string, string> = { staff: "Staff", champion: "Knowledge champions", manager: "Managers", comms: "Communications editors", admin: "Administrators" };

export type CampaignFieldValues = {
  values: Record<string, string>;
  audienceDepartments: string[];
  audienceRoles: string[];
  starts: DateParts;
  ends: DateParts;
};

export function CampaignFields({ csrfToken, departments, canCorporate, v, errors }: {
  csrfToken: string;
  departments: { slug: string; name: string }[];
  canCorporate: boolean;
  v: CampaignFieldValues;
  errors: Record<string, string>;
}) {
  return (
    <>
      <CsrfField token={csrfToken} />
      <TextField name="name" label="Name" hint="For example: New lone-working policy" defaultValue={v.values.name} error={errors.name} maxLength={120} />
      <TextArea name="objective" label="Objective, in one sentence" hint="What should be different when the campaign ends?" defaultValue={v.values.objective} error={errors.objective} maxLength={300} rows={2} />
      <SelectField
        name="department" label="Whose campaign is it?" defaultValue={v.values.department ?? ""} error={errors.department}
        options={[...(canCorporate ? [{ value: "", label: "Corporate (the communications team)" }] : []), ...departments.map((d) => ({ value: d.slug, label: d.name }))]}
      />
      <fieldset className="form-group" id="audience" aria-describedby={errors.audience ? "audience-error" : undefined}>
        <legend className="label">Who is it for?</legend>
        <HintAndError id="audience" error={errors.audience} />
        {(["everyone", "departments", "roles"] as const).map((a) => (
          <div className="radio" key={a}>
            <input type="radio" id={`audience-${a}`} name="audience" value={a} defaultChecked={(v.values.audience ?? "everyone") === a} />
            <label htmlFor={`audience-${a}`}>{a === "everyone" ? "Everyone" : a === "departments" ? "Some departments" : "Some roles"}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="form-group" id="audienceDepartments" aria-describedby={errors.audienceDepartments ? "audienceDepartments-error" : undefined}>
        <legend className="label">Departments (when it is for some departments)</legend>
        <HintAndError id="audienceDepartments" error={errors.audienceDepartments} />
        {departments.map((d) => (
          <div className="checkbox" key={d.slug}>
            <input type="checkbox" id={`ad-${d.slug}`} name="audienceDepartments" value={d.slug} defaultChecked={v.audienceDepartments.includes(d.slug)} />
            <label htmlFor={`ad-${d.slug}`}>{d.name}</label>
          </div>
        ))}
      </fieldset>
      {canCorporate ? (
        <fieldset className="form-group" id="audienceRoles" aria-describedby={errors.audienceRoles ? "audienceRoles-error" : undefined}>
          <legend className="label">Roles (when it is for some roles)</legend>
          <HintAndError id="audienceRoles" error={errors.audienceRoles} />
          {Object.entries(ROLE_LABELS).map(([value, label]) => (
            <div className="checkbox" key={value}>
              <input type="checkbox" id={`ar-${value}`} name="audienceRoles" value={value} defaultChecked={v.audienceRoles.includes(value)} />
              <label htmlFor={`ar-${value}`}>{label}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <DateInput id="startsOn" name="startsOn" legend="Start date" value={v.starts} error={errors.startsOn} />
      <DateInput id="endsOn" name="endsOn" legend="End date" value={v.ends} error={errors.endsOn} />
      <TextField name="owner" label="Owner’s work email (optional)" hint="You, if you leave it empty." type="email" defaultValue={v.values.owner} error={errors.owner} maxLength={254} autoComplete="off" spellCheck={false} />
      <TextField
        name="searchTerms" label="Search terms (optional)" hint="Words people search for when the campaign is working, separated by commas. Needed for a searches target."
        defaultValue={v.values.searchTerms} error={errors.searchTerms} maxLength={500}
      />
    </>
  );
}
