import type { ReactNode } from "react";

export type FilterOption = { value: string; label: string };

/** A labelled select box for a GET filter form. `allLabel` adds a first "no filter" option. */
export function FilterSelect({ id, name, label, value, options, allLabel }: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: FilterOption[];
  allLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {allLabel ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A filter form: plain GET, so it works without JavaScript and its result has an address
 * that can be shared. Shows a "Clear" link when a filter is in use.
 */
export function FilterForm({ action, label, submit, clear, children }: {
  action: string;
  label: string;
  submit: string;
  /** Text of the link back to the unfiltered list, when something is filtered. */
  clear?: string | null;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} className="filters" aria-label={label}>
      {children}
      <button type="submit" className="button">
        {submit}
      </button>
      {clear ? <a href={action}>{clear}</a> : null}
    </form>
  );
}

/** Slug/name rows as select options. */
export const toOptions = (rows: { slug: string; name: string }[]): FilterOption[] => rows.map((r) => ({ value: r.slug, label: r.name }));

/** The "Department" select that news, guides and policies lists share. */
export function DepartmentFilter({ value, departments }: { value: string; departments: { slug: string; name: string }[] }) {
  return <FilterSelect id="filter-department" name="department" label="Department" value={value} allLabel="All departments" options={toOptions(departments)} />;
}
