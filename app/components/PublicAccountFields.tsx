/** The fields of a public account in the register (add and edit). */
import { DateInput } from "~/components/DateInput";
import { Checkbox, CsrfField, SelectField, TextField } from "~/components/FormFields";
import type { DateParts } from "~/schemas/date-input";

export function PublicAccountFields({ csrfToken, departments, values, errors, reviewed }: {
  csrfToken: string;
  departments: { slug: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  reviewed?: DateParts;
}) {
  return (
    <>
      <CsrfField token={csrfToken} />
      <TextField name="platform" label="Platform" hint="For example Facebook, Instagram, LinkedIn, YouTube, or a website" defaultValue={values.platform} error={errors.platform} maxLength={60} />
      <TextField name="handle" label="Account name or handle" hint="For example @RiversideCouncil" defaultValue={values.handle} error={errors.handle} maxLength={120} spellCheck={false} />
      <TextField name="address" label="Address (optional)" hint="The account’s page, starting with https://" defaultValue={values.address} error={errors.address} maxLength={500} spellCheck={false} />
      <SelectField
        name="department" label="Service that owns it" defaultValue={values.department ?? ""} error={errors.department}
        options={[{ value: "", label: "Corporate (the communications team)" }, ...departments.map((d) => ({ value: d.slug, label: d.name }))]}
      />
      <TextField name="holder1" label="First holder’s work email" type="email" defaultValue={values.holder1} error={errors.holder1} maxLength={254} autoComplete="off" spellCheck={false} />
      <TextField name="holder2" label="Second holder’s work email" hint="Two named people, so the account is never locked out when one leaves." type="email" defaultValue={values.holder2} error={errors.holder2} maxLength={254} autoComplete="off" spellCheck={false} />
      <Checkbox name="twoFactor" label="Two-factor sign-in is on" defaultChecked={values.twoFactor === "on"} />
      <DateInput id="lastReviewedOn" name="lastReviewedOn" legend="Date last reviewed (optional)" value={reviewed ?? { day: values["lastReviewedOn-day"] ?? "", month: values["lastReviewedOn-month"] ?? "", year: values["lastReviewedOn-year"] ?? "" }} error={errors.lastReviewedOn} />
    </>
  );
}
