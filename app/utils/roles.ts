/** Roles, lowest to highest. Shared by server and browser code (no secrets here). */
export const ROLES = ["staff", "champion", "manager", "comms", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  staff: "Staff",
  champion: "Knowledge champion",
  manager: "Manager",
  comms: "Communications editor",
  admin: "Administrator",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
