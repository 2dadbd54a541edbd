import { ROLE_LABELS, isRole } from "~/utils/roles";

export type AudienceSummary = { kind: "everyone" | "departments" | "roles"; departments: string[]; roles: string[] };

function list(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function plural(role: string): string {
  if (!isRole(role)) return role;
  const label = ROLE_LABELS[role].toLowerCase();
  return role === "staff" ? "all staff" : `${label}s`;
}

/** "Housing staff only", "Managers and administrators only", "Everyone at the council". */
export function audienceText(a: AudienceSummary): string {
  if (a.kind === "departments") return a.departments.length ? `${list(a.departments)} staff only` : "Nobody yet";
  if (a.kind === "roles") {
    if (a.roles.length === 0) return "Nobody yet";
    const text = `${list(a.roles.map(plural))} only`;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return "Everyone at the council";
}

/** A "Who can see this" row for a summary list; nothing when everyone can. */
export function AudienceRow({ audience }: { audience: AudienceSummary }) {
  if (audience.kind === "everyone") return null;
  return (
    <>
      <dt>Who can see this</dt>
      <dd>{audienceText(audience)}</dd>
    </>
  );
}
