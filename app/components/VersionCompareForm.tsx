import { FilterForm, FilterSelect } from "./FilterForm";

/** Pick two versions of a policy to compare. A plain GET form, so it works without JavaScript. */
export function VersionCompareForm({ action, versions, from, to }: { action: string; versions: number[]; from: number; to: number }) {
  const options = versions.map((v) => ({ value: String(v), label: `Version ${v}` }));
  return (
    <FilterForm action={action} label="Compare versions" submit="Show changes">
      <FilterSelect id="compare-from" name="from" label="Compare version" value={String(from)} options={options} />
      <FilterSelect id="compare-to" name="to" label="with version" value={String(to)} options={options} />
    </FilterForm>
  );
}
