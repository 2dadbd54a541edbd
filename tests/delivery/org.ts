/** A small council for delivery tests: three departments with default channels, corporate channels, people. */
import { createChannel, createDepartment, createUser } from "../factories";
import type { Viewer } from "~/access/audience.server";
import type { Role } from "~/utils/roles";

export async function buildOrg() {
  const housing = await createDepartment({ slug: "housing", name: "Housing" });
  const planning = await createDepartment({ slug: "planning", name: "Planning" });
  const waste = await createDepartment({ slug: "waste", name: "Waste & Street Scene" });
  const channels = {
    housingNews: await createChannel({ slug: "housing-news", name: "Housing news", departmentId: housing.id, isDefault: true }),
    housingRepairs: await createChannel({ slug: "housing-repairs", name: "Housing: Repairs updates", departmentId: housing.id }),
    planningNews: await createChannel({ slug: "planning-news", name: "Planning news", departmentId: planning.id, isDefault: true }),
    wasteNews: await createChannel({ slug: "waste-news", name: "Waste news", departmentId: waste.id, isDefault: true }),
    allStaff: await createChannel({ slug: "all-staff", name: "Corporate: All staff news", isMandatory: true }),
    safety: await createChannel({ slug: "health-and-safety", name: "Corporate: Health & Safety" }),
  };
  return { departments: { housing, planning, waste }, channels };
}

export async function person(departmentId: number | null, role: Role = "staff", name?: string) {
  const u = await createUser({ departmentId, role, name });
  return { ...u, name: name ?? u.email } as { id: number; email: string; role: Role; departmentId: number | null; name: string };
}

export function viewerOf(u: { id: number; email: string; role: Role; departmentId: number | null; name?: string }): Viewer {
  return { id: u.id, email: u.email, name: u.name ?? u.email, role: u.role, departmentId: u.departmentId };
}

/** Adds a published policy version (what the importer or editor would write). */
export async function addPolicyVersion(itemId: number, revisionId: number, version: number, material: boolean, publishedAt?: string) {
  const { getDb } = await import("~/utils/db.server");
  const db = await getDb();
  await db.run(
    `INSERT INTO policy_versions (item_id, version, revision_id, effective_on, approval_ref, what_changed, is_material, published_at)
     VALUES (?, ?, ?, '2026-01-01', 'Committee', ?, ?, ?)`,
    [itemId, version, revisionId, `Change ${version}`, material ? 1 : 0, publishedAt ?? new Date(Date.now() - 1000).toISOString()],
  );
}
