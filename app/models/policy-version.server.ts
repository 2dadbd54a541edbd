/**
 * Writing policy versions from files: one `policy_versions` row per version file, kept in
 * step when the file changes. (Reading is in policy.server.ts; the web editor adds
 * versions through workflow.server.ts.)
 */
import type { Queryable } from "~/utils/db.server";

export type StoredPolicyVersion = { version: number; revisionId: number; contentHash: string };

/** The versions a policy has, with the content hash of the revision each points at. */
export async function listStoredPolicyVersions(q: Queryable, itemId: number): Promise<StoredPolicyVersion[]> {
  return q.all<StoredPolicyVersion>(
    `SELECT pv.version, pv.revision_id AS revisionId, r.content_hash AS contentHash
       FROM policy_versions pv JOIN revisions r ON r.id = pv.revision_id WHERE pv.item_id = ? ORDER BY pv.version`,
    [itemId],
  );
}

export type PolicyVersionFromFile = {
  itemId: number;
  version: number;
  revisionId: number;
  effectiveOn: string;
  approvalRef: string;
  whatChanged: string;
  isMaterial: boolean;
  publishedAt: string;
};

export async function upsertPolicyVersion(q: Queryable, v: PolicyVersionFromFile): Promise<void> {
  await q.run(
    `INSERT INTO policy_versions (item_id, version, revision_id, effective_on, approval_ref, what_changed, is_material, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id, version) DO UPDATE SET revision_id = excluded.revision_id, effective_on = excluded.effective_on,
       approval_ref = excluded.approval_ref, what_changed = excluded.what_changed, is_material = excluded.is_material,
       published_at = excluded.published_at`,
    [v.itemId, v.version, v.revisionId, v.effectiveOn, v.approvalRef, v.whatChanged, v.isMaterial, v.publishedAt],
  );
}
