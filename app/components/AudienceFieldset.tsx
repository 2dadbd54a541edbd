import { ROLE_LABELS, ROLES } from "~/utils/roles";

/**
 * "Who it is for": everyone, departments or roles — the items' audience choices, for forms
 * of things that use the items' audience rule (events, learning paths). Works without
 * JavaScript: the lists fold away under details.
 */
export function AudienceFieldset({ audience, departments, chosenDepartments, chosenRoles, error, noun }: {
  audience: string;
  departments: { slug: string; name: string }[];
  chosenDepartments: string[];
  chosenRoles: string[];
  error?: string;
  /** "event", "path": the legend's last word. */
  noun?: string;
}) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <fieldset aria-describedby={error ? "audience-error" : undefined}>
        <legend className="label">{noun ? `Who the ${noun} is for` : "Who it is for"}</legend>
        {error ? (
          <p className="field-error" id="audience-error">
            <span className="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        {(["everyone", "departments", "roles"] as const).map((a, i) => (
          <div className="radio" key={a}>
            <input type="radio" id={i === 0 ? "audience" : `audience-${a}`} name="audience" value={a} defaultChecked={audience === a} />
            <label htmlFor={i === 0 ? "audience" : `audience-${a}`}>{a === "everyone" ? "Everyone" : a === "departments" ? "The departments ticked below" : "The roles ticked below"}</label>
          </div>
        ))}
        <details>
          <summary>Departments</summary>
          {departments.map((d) => (
            <div className="checkbox" key={d.slug}>
              <input type="checkbox" id={`aud-dept-${d.slug}`} name="audienceDepartments" value={d.slug} defaultChecked={chosenDepartments.includes(d.slug)} />
              <label htmlFor={`aud-dept-${d.slug}`}>{d.name}</label>
            </div>
          ))}
        </details>
        <details>
          <summary>Roles</summary>
          {ROLES.map((r) => (
            <div className="checkbox" key={r}>
              <input type="checkbox" id={`aud-role-${r}`} name="audienceRoles" value={r} defaultChecked={chosenRoles.includes(r)} />
              <label htmlFor={`aud-role-${r}`}>{ROLE_LABELS[r]}</label>
            </div>
          ))}
        </details>
      </fieldset>
    </div>
  );
}
