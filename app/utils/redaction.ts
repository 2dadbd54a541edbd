/** How an FOI export names people: shared by the server and the form in the browser. */
import { ROLE_LABELS, ROLES, type Role } from "~/utils/roles";

export type Redaction = Role | "none";

export const REDACTION_CHOICES: Array<{ value: Redaction; label: string }> = [
  { value: "none", label: "Name everyone" },
  ...ROLES.slice(1).map((r) => ({ value: r, label: `Name only ${ROLE_LABELS[r].toLowerCase()}s and above; others by their role` })),
];
