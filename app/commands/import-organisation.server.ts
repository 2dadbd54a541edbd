/**
 * content/organisation.yml → departments and channels. The first channel of each
 * department is its default channel; corporate channels have no department. Departments
 * and channels missing from the file are left alone (an administrator may have added or
 * archived them); nothing is deleted.
 */
import { recordAudit } from "~/models/audit.server";
import { recordImportedFile } from "~/models/content-file.server";
import { upsertChannelFromFile, upsertDepartmentFromFile } from "~/models/organisation.server";
import type { Organisation } from "~/schemas/organisation";
import type { Queryable } from "~/utils/db.server";
import type { SourceFile } from "./import-scan.server";

export async function writeOrganisation(tx: Queryable, org: Organisation, file: SourceFile, now: Date): Promise<{ departments: number; channels: number }> {
  let channels = 0;
  for (const d of org.departments) {
    const departmentId = await upsertDepartmentFromFile(tx, { slug: d.slug, name: d.name, description: d.description });
    for (const [i, c] of d.channels.entries()) {
      await upsertChannelFromFile(tx, { slug: c.slug, name: c.name, description: c.description, departmentId, isDefault: i === 0, isMandatory: c.mandatory });
      channels++;
    }
  }
  for (const c of org.corporate_channels) {
    await upsertChannelFromFile(tx, { slug: c.slug, name: c.name, description: c.description, departmentId: null, isDefault: false, isMandatory: c.mandatory });
    channels++;
  }
  const counts = { departments: org.departments.length, channels };
  await recordAudit(tx, { actorId: null, action: "import.organisation", entityType: "organisation", detail: { path: file.key, ...counts } }, now.toISOString());
  await recordImportedFile(tx, { path: file.key, hash: file.hash, itemId: null, revisionId: null }, now.toISOString());
  return counts;
}

/** Departments and channels named in the file, for checks that must not touch the database. */
export function organisationSlugs(org: Organisation): { departments: Set<string>; channels: Set<string> } {
  return {
    departments: new Set(org.departments.map((d) => d.slug)),
    channels: new Set([...org.departments.flatMap((d) => d.channels.map((c) => c.slug)), ...org.corporate_channels.map((c) => c.slug)]),
  };
}
