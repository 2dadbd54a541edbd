/**
 * What the reading pages show of channels and delivery, ready for JSON: the home page's
 * banners, "things to read and confirm" and "For you" stream; the acknowledge button's
 * state on an item page; the follow button on a channel page. Reads only; each function
 * is given the viewer's visibility clause so nothing the viewer may not open appears.
 */
import type { BannerEntry } from "~/components/delivery/Banner";
import type { AcknowledgeState } from "~/components/delivery/AcknowledgeButton";
import type { FollowState } from "~/components/delivery/FollowButton";
import type { ForYouEntry } from "~/components/delivery/ForYou";
import type { MustReadEntry } from "~/components/delivery/MustReadPanel";
import { sentToLabel, splitNames, whyLabels } from "~/components/delivery/why";
import type { Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { currentPolicyVersion, getAcknowledgementStatus, listOutstandingForUser } from "./acknowledgement.server";
import { listBanners } from "./banner.server";
import { countDepartments, getChannelFollowState, listForYou, type Visibility } from "./follow.server";

type Person = { id: number; departmentId: number | null; departmentName: string | null };

export type HomeDelivery = { banners: BannerEntry[]; mustRead: MustReadEntry[]; forYou: ForYouEntry[] };

export async function loadHomeDelivery(q: Queryable, user: Person, visibility: Visibility, limit = 10): Promise<HomeDelivery> {
  const [banners, outstanding, stream, departmentCount] = await Promise.all([
    listBanners(q, user.id, visibility, 5),
    listOutstandingForUser(q, user.id, visibility),
    listForYou(q, user, visibility, { limit }),
    countDepartments(q),
  ]);
  return {
    banners: banners.map((b) => ({ id: b.id, slug: b.slug, title: b.title, summary: b.summary, priority: b.priority, mustRead: b.mustRead === 1 })),
    mustRead: outstanding.map((i) => ({
      id: i.id, href: itemPath(i.type, i.slug), title: i.title, kind: i.type, urgent: i.priority === "urgent",
    })),
    forYou: stream.map((r) => {
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
    }),
  };
}

/** Whether the item page shows "I have read and understood this", or when the person confirmed. */
export async function loadAcknowledgeState(q: Queryable, userId: number, item: { id: number; type: string }): Promise<AcknowledgeState> {
  const status = await getAcknowledgementStatus(q, userId, item.id);
  const asked = status.requiredVersion !== null && status.inScope;
  const version = asked && item.type === "policy" ? await currentPolicyVersion(q, item.id) : null;
  return { itemId: item.id, asked, confirmedAt: status.confirmedAt, version };
}

export async function loadFollowState(q: Queryable, user: Person, channelId: number): Promise<FollowState | null> {
  const s = await getChannelFollowState(q, user, channelId);
  return s ? { id: s.id, name: s.name, following: s.following, isMandatory: s.isMandatory, followedByDefault: s.followedByDefault } : null;
}
