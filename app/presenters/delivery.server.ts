/**
 * What the reading pages show of channels and delivery, ready for JSON: notices (need to
 * know, urgent), things to read and confirm, and the "For you" stream, for the home page
 * and their own pages under /me; the acknowledge button's state on an item page; the
 * follow button on a channel page. Reads only; each function is given the viewer's
 * visibility clause (from `visibleItemsSql`) so nothing the viewer may not open appears.
 *
 * A presenter (app/presenters/): it shapes what models return into what the components
 * show, and allow-lists what leaves the server. It runs no SQL of its own.
 */
import type { BannerEntry } from "~/components/delivery/Banner";
import type { AcknowledgeState } from "~/components/delivery/AcknowledgeButton";
import type { FollowState } from "~/components/delivery/FollowButton";
import type { ForYouEntry } from "~/components/delivery/ForYou";
import type { MustReadEntry, MustReadGroup } from "~/components/delivery/MustReadChecklist";
import type { Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { currentPolicyVersion, getAcknowledgementStatus, listOutstandingForUser, type MustReadItem } from "~/models/acknowledgement.server";
import { listBanners, type BannerRow } from "~/models/banner.server";
import { countDepartments, getChannelFollowState, listForYou, type ForYouRow, type Visibility } from "~/models/follow.server";
import { sentToLabel, splitNames, whyLabels } from "./why";

type Person = { id: number; departmentId: number | null; departmentName: string | null };

/** More than anyone has at once; the home page counts them all and shows a few. */
export const MAX_NOTICES = 100;

/** Need-to-know and urgent notices addressed to the person and not put away: urgent first, then newest. */
export async function loadNotices(q: Queryable, user: Person, visibility: Visibility): Promise<BannerEntry[]> {
  return noticeEntries(await listBanners(q, user.id, visibility, MAX_NOTICES));
}

/** The notices' rows as the banner shows them. */
export function noticeEntries(rows: BannerRow[]): BannerEntry[] {
  return rows.map((b) => ({
    id: b.id, slug: b.slug, title: b.title, summary: b.summary, priority: b.priority, mustRead: b.mustRead === 1, publishedAt: b.publishedAt,
  }));
}

type Orderable = { kind: MustReadEntry["kind"]; urgent: boolean; dueOn: string | null; askedAt: string | null; id: number };

/**
 * The order of things to read and confirm: overdue first, the oldest due date first; then
 * those due later, the soonest first; then those with no due date (announcements), urgent
 * first, then the one waiting longest. Decision 027.
 */
export function orderMustReads<T extends Orderable>(items: T[], today: string): T[] {
  const band = (i: T) => (i.dueOn === null ? 2 : i.dueOn < today ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      band(a) - band(b) ||
      (a.dueOn ?? "").localeCompare(b.dueOn ?? "") ||
      Number(b.urgent) - Number(a.urgent) ||
      (a.askedAt ?? "").localeCompare(b.askedAt ?? "") ||
      a.id - b.id,
  );
}

/** Policies and announcements in their own groups, keeping the order; the group with the most pressing item comes first. */
export function groupMustReads(items: MustReadEntry[]): MustReadGroup[] {
  const groups: MustReadGroup[] = [];
  for (const item of items) {
    let group = groups.find((g) => g.kind === item.kind);
    if (!group) groups.push((group = { kind: item.kind, items: [] }));
    group.items.push(item);
  }
  return groups;
}

/** Everything the person is still asked to read and confirm, in `orderMustReads` order. */
export async function loadMustReads(q: Queryable, user: Person, visibility: Visibility, today: string): Promise<MustReadEntry[]> {
  return mustReadEntries(await listOutstandingForUser(q, user.id, visibility), today);
}

/** What is still to confirm, as the checklist shows it, in its order. */
export function mustReadEntries(outstanding: (MustReadItem & { effectiveOn: string | null })[], today: string): MustReadEntry[] {
  const entries = outstanding.map((i): MustReadEntry => {
    const dueOn = i.type === "policy" ? i.effectiveOn : null;
    return {
      id: i.id, href: itemPath(i.type, i.slug), title: i.title, kind: i.type, urgent: i.priority === "urgent",
      dueOn, overdue: dueOn !== null && dueOn < today, askedAt: i.publishedAt,
    };
  });
  return orderMustReads(entries, today);
}

/** The newest of the person's "For you" stream, each saying why it is there (`departmentCount` when the caller has it). */
export async function loadForYou(q: Queryable, user: Person, visibility: Visibility, limit: number, knownDepartmentCount?: number): Promise<ForYouEntry[]> {
  const [stream, departmentCount] = await Promise.all([listForYou(q, user, visibility, { limit }), knownDepartmentCount ?? countDepartments(q)]);
  return forYouEntries(stream, user, departmentCount);
}

/** The "For you" rows, each saying why it is there. */
export function forYouEntries(stream: ForYouRow[], user: Person, departmentCount: number): ForYouEntry[] {
  return stream.map((r) => {
    const targetNames = splitNames(r.targetNames);
    return {
      id: r.id, slug: r.slug, title: r.title, summary: r.summary, priority: r.priority, mustRead: r.mustRead === 1, publishedAt: r.publishedAt,
      reasons: whyLabels(
        {
          targetNames, departmentCount, targetsMine: r.targetsMine === 1,
          followedChannelNames: splitNames(r.followedChannelNames), inMandatoryChannel: r.inMandatoryChannel === 1,
        },
        user.departmentName,
      ),
      sentTo: targetNames.length > 1 ? sentToLabel(targetNames, departmentCount) : null,
    };
  });
}

/** Whether the item page shows "I have read and understood this", or when the person confirmed. */
/** `currentVersion`: a policy's newest published version when the page already read its versions (decision 245). */
export async function loadAcknowledgeState(
  q: Queryable, userId: number, item: { id: number; type: string; mustRead: number }, currentVersion?: number | null,
): Promise<AcknowledgeState> {
  // Only policies and must-read announcements are ever confirmed: nothing to read for the rest (decision 245).
  if (item.type !== "policy" && !(item.type === "announcement" && item.mustRead === 1)) return { itemId: item.id, asked: false, confirmedAt: null, version: null };
  const status = await getAcknowledgementStatus(q, userId, item.id);
  const asked = status.requiredVersion !== null && status.inScope;
  const version = asked && item.type === "policy" ? (currentVersion !== undefined ? currentVersion : await currentPolicyVersion(q, item.id)) : null;
  return { itemId: item.id, asked, confirmedAt: status.confirmedAt, version };
}

export async function loadFollowState(q: Queryable, user: Person, channelId: number): Promise<FollowState | null> {
  const s = await getChannelFollowState(q, user, channelId);
  return s ? { id: s.id, name: s.name, following: s.following, isMandatory: s.isMandatory, followedByDefault: s.followedByDefault } : null;
}
