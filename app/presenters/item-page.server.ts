/**
 * An item page's own rows (decision 245): the item, its audience, its current text, its
 * department, tags and files, and per type what its page shows of it (an announcement's
 * target departments and channels; a policy's published versions). They are the same for
 * every reader and come only from tables that feed the durable change feed (items, item_*
 * link tables, revisions, policy_versions, departments, channels, attachments), so they are
 * read once per process and kept until the feed moves or the clock passes a publish or expiry
 * time (`forEveryone`, app/presenters/audience-cache.server.ts). On a page they were about
 * a dozen statements per request.
 *
 * Nothing here decides who may read: the route asks `canSeeItem(user, page.facts)` on every
 * request, as it did with rows read fresh. Nothing personal and nothing read through a
 * viewer's clause belongs here (related pages are kept per audience key with `forAudience`).
 * tests/access/cache-leaks.test.ts loads these pages with the cache warm for people of two
 * departments interleaved, and restricts and widens an item between pages.
 */
import type { Viewer } from "~/access/audience.server";
import { findAnnouncementBySlug } from "~/models/announcement.server";
import { listAttachmentsOfItem, type AttachmentListRow } from "~/models/attachment.server";
import { listItemChannels, type Channel } from "~/models/channel.server";
import { departmentNames, findDepartmentById, listDepartments, listTargetDepartments, type Department } from "~/models/department.server";
import { findGuideBySlug } from "~/models/guide.server";
import { getAudienceFacts, listItemTags, listVisibleRelatedItems, type ItemRow, type ItemSummary } from "~/models/item.server";
import { findPolicyBySlug, listPolicyVersions, revisionIdForVersion, type PolicyVersion } from "~/models/policy.server";
import { getRevision, type RevisionRow } from "~/models/revision.server";
import type { SessionSight } from "~/models/user.server";
import type { Queryable } from "~/utils/db.server";
import { forAudience, forEveryone } from "./audience-cache.server";

export type ItemPageType = "announcement" | "guide" | "policy";

export type ItemPage = {
  item: ItemRow;
  facts: Awaited<ReturnType<typeof getAudienceFacts>>;
  /** Names of the departments in the item's audience (when it is for some departments). */
  audienceDepartmentNames: string[];
  /** The current text (a policy: the current version's text). */
  revision: RevisionRow | undefined;
  department: Department | undefined;
  tags: string[];
  attachments: AttachmentListRow[];
  /** Announcements: where it was sent, its channels, and how many departments there are. */
  sentTo: Department[];
  channels: Channel[];
  departmentCount: number;
  /** Policies: the published versions, newest first. */
  versions: PolicyVersion[];
};

const FIND: Record<ItemPageType, (q: Queryable, slug: string) => Promise<ItemRow | undefined>> = {
  announcement: findAnnouncementBySlug,
  guide: findGuideBySlug,
  policy: findPolicyBySlug,
};

async function loadItemPage(q: Queryable, type: ItemPageType, slug: string): Promise<ItemPage | null> {
  const item = await FIND[type](q, slug);
  if (!item) return null;
  const announcement = type === "announcement";
  const [facts, department, tags, attachments, sentTo, channels, departments, versions] = await Promise.all([
    getAudienceFacts(q, item),
    item.departmentId ? findDepartmentById(q, item.departmentId) : undefined,
    listItemTags(q, item.id),
    listAttachmentsOfItem(q, item.id),
    announcement ? listTargetDepartments(q, item.id) : [],
    announcement ? listItemChannels(q, item.id) : [],
    announcement ? listDepartments(q) : [],
    type === "policy" ? listPolicyVersions(q, item.id) : [],
  ]);
  const revisionId = type === "policy" ? await revisionIdForVersion(q, item, versions[0], true) : item.currentRevisionId;
  const [revision, audienceDepartmentNames] = await Promise.all([
    revisionId ? getRevision(q, revisionId) : undefined,
    departmentNames(q, facts.audienceDepartmentIds),
  ]);
  return { item, facts, audienceDepartmentNames, revision, department, tags, attachments, sentTo, channels, departmentCount: departments.length, versions };
}

/**
 * The page's own rows for `type` and `slug`, or null when there is no such item (the route
 * answers 404 then, and also when `canSeeItem` refuses this reader). `sight` is what the
 * session's statement read (the feed's newest id), so a warm page reads nothing here.
 * The answer is shared: never change it.
 */
export function itemPageRows(q: Queryable, type: ItemPageType, slug: string, sight: SessionSight | undefined): Promise<ItemPage | null> {
  return forEveryone(q, `item-page|${type}|${slug}`, () => loadItemPage(q, type, slug), sight?.feedId);
}

/** The item's related pages this viewer may open, kept per audience key (the list depends on the viewer's clause). */
export function relatedPagesFor(q: Queryable, itemId: number, viewer: Viewer & { sight?: SessionSight }): Promise<ItemSummary[]> {
  return forAudience(q, `related|${itemId}`, viewer, (visibility) => listVisibleRelatedItems(q, itemId, visibility), viewer.sight?.feedId);
}
