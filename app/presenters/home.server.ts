/**
 * The signed-in home page: what needs the person's attention first, then what is new,
 * each item once (decision 027). Every list comes from a model that applies the viewer's
 * visibility clause (`visibleItemsSql`); this file only chooses and orders among them.
 *
 * Sections, most specific first: notices (urgent and need to know), things to read and
 * confirm, For you, latest news, policy changes, guides. An item shown in one section is
 * left out of every later one, and latest news leaves out the person's whole For you
 * stream; each section shows a few and links to its full page.
 */
import type { BannerEntry } from "~/components/delivery/Banner";
import type { ForYouEntry } from "~/components/delivery/ForYou";
import type { MustReadEntry, MustReadGroup } from "~/components/delivery/MustReadChecklist";
import type { ListItem } from "~/components/ItemList";
import type { PolicyChangeEntry } from "~/components/PolicyChangeList";
import type { Queryable } from "~/utils/db.server";
import { isPastDay } from "~/utils/dates";
import { itemPath } from "~/utils/item-path";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { listAnnouncements } from "~/models/announcement.server";
import { countDepartments, type Visibility } from "~/models/follow.server";
import type { ItemSummary } from "~/models/item.server";
import { listRecentlyUpdatedGuides } from "~/models/guide.server";
import { listRecentPolicyChanges } from "~/models/policy.server";
import { forAudience } from "./audience-cache.server";
import { listHomePersonal } from "~/models/home.server";
import { forYouEntries, groupMustReads, MAX_NOTICES, mustReadEntries, noticeEntries } from "./delivery.server";

/**
 * How many of each the home page shows: together at most four screens on a 360 px phone
 * for every demo role (tests/e2e/home-phone.test.ts measures it), where the compact lists show
 * their first two or three only (app.css). The rest is one link away.
 */
export const HOME_LIMITS = { notices: 3, mustRead: 5, forYou: 4, latest: 4, policyChanges: 3, guides: 3 } as const;

/** Fetched before repeats are taken out, so a section still fills up after them. */
const FETCH = { forYou: 20, latest: 20, policyChanges: 12 } as const;

export type Attention = { urgent: number; needToKnow: number; mustRead: number };

export type HomeSections = {
  attention: Attention;
  /** The most urgent notice, in full: urgent before need to know, newest first. */
  lead: BannerEntry | null;
  /** The next few notices, as a compact list; `moreNotices` more are on /me/notices. */
  notices: BannerEntry[];
  moreNotices: number;
  /** Things to read and confirm not already shown as a notice, grouped; `mustReadTotal` counts them all. */
  mustRead: MustReadGroup[];
  mustReadTotal: number;
  forYou: ForYouEntry[];
  latest: ListItem[];
  policyChanges: (PolicyChangeEntry & { upcoming: boolean })[];
  guides: ListItem[];
};

export type HomeInput = {
  notices: BannerEntry[];
  mustRead: MustReadEntry[];
  forYou: ForYouEntry[];
  latest: ListItem[];
  policyChanges: PolicyChangeEntry[];
  guides: ListItem[];
};

/**
 * Chooses what each section shows, in order, leaving out what an earlier section showed.
 * Pure: lists in, sections out (tests/pages/home-sections.test.ts).
 */
export function arrangeHome(input: HomeInput, today: string, limits: typeof HOME_LIMITS = HOME_LIMITS): HomeSections {
  const shown = new Set<string>();
  const take = <T>(items: T[], href: (item: T) => string, limit: number): T[] => {
    const chosen: T[] = [];
    for (const item of items) {
      if (chosen.length >= limit) break;
      const key = href(item);
      if (shown.has(key)) continue;
      chosen.push(item);
      shown.add(key);
    }
    return chosen;
  };
  const announcementHref = (a: { slug: string }) => itemPath("announcement", a.slug);

  const [lead = null, ...rest] = input.notices;
  if (lead) shown.add(announcementHref(lead));
  const notices = take(rest, announcementHref, limits.notices);
  // Everything not yet shown is still "to read and confirm": taken after the notices, so a
  // must-read notice is shown once, as a notice.
  const mustRead = take(input.mustRead, (m) => m.href, limits.mustRead);
  const forYou = take(input.forYou, announcementHref, limits.forYou);
  // Latest news is the news beyond the person's stream: what For you has, here or on its
  // own page, is not offered again.
  for (const item of input.forYou) shown.add(announcementHref(item));
  const latest = take(input.latest, (i) => itemPath(i.type, i.slug), limits.latest);
  const policyChanges = take(input.policyChanges, (c) => itemPath("policy", c.slug), limits.policyChanges);
  const guides = take(input.guides, (g) => itemPath(g.type, g.slug), limits.guides);

  return {
    attention: {
      urgent: input.notices.filter((n) => n.priority === "urgent").length,
      needToKnow: input.notices.filter((n) => n.priority === "need-to-know").length,
      mustRead: input.mustRead.length,
    },
    lead,
    notices,
    moreNotices: Math.max(0, rest.length - notices.length),
    mustRead: groupMustReads(mustRead),
    mustReadTotal: input.mustRead.length,
    forYou,
    latest,
    policyChanges: policyChanges.map((c) => ({ ...c, upcoming: c.effectiveOn > today })),
    guides,
  };
}

type Person = { id: number; departmentId: number | null; departmentName: string | null };

/** The parts of the home page that are the same for everyone the same `visibility` admits to the same pages. */
export type SharedHome = { latest: ListItem[]; policyChanges: PolicyChangeEntry[]; guides: ItemSummary[]; departmentCount: number };

/** Latest news, policy changes and guides through `visibility`, and how many departments there are. */
export async function loadSharedHome(q: Queryable, visibility: Visibility): Promise<SharedHome> {
  const [latest, policyChanges, guides, departmentCount] = await Promise.all([
    listAnnouncements(q, visibility, {}, { limit: FETCH.latest, offset: 0 }),
    listRecentPolicyChanges(q, visibility, FETCH.policyChanges),
    listRecentlyUpdatedGuides(q, visibility, HOME_LIMITS.guides),
    countDepartments(q),
  ]);
  return { latest: latest.items, policyChanges, guides, departmentCount };
}

/**
 * The home page's lists for this person (each through the audience rule), arranged. The
 * shared parts come from `shared` when given (computed with the same person's visibility),
 * else are read now.
 */
export async function loadHomePage(q: Queryable, user: Person, visibility: Visibility, today: string, shared?: SharedHome): Promise<HomeSections> {
  // The person's notices, things to confirm and For you in one statement (decision 250).
  const [personal, common] = await Promise.all([
    listHomePersonal(q, user, visibility, { banners: MAX_NOTICES, forYou: FETCH.forYou }),
    shared ?? loadSharedHome(q, visibility),
  ]);
  const notices = noticeEntries(personal.banners);
  const mustRead = mustReadEntries(personal.outstanding, today);
  const forYou = forYouEntries(personal.forYou, user, common.departmentCount);
  return arrangeHome(
    {
      notices,
      mustRead,
      forYou,
      latest: common.latest,
      policyChanges: common.policyChanges,
      guides: common.guides.map((g) => ({ ...g, reviewOverdue: isPastDay(g.reviewBy) })),
    },
    today,
  );
}

/**
 * The signed-in home page: the shared parts from the per-audience cache (kept until the
 * change feed or the clock says otherwise), the personal parts read for this person.
 */
export async function loadHomePageFor(q: Queryable, viewer: Viewer & Person & { sight?: { feedId: number } }, today: string): Promise<HomeSections> {
  const shared = await forAudience(q, "home", viewer, (visibility) => loadSharedHome(q, visibility), viewer.sight?.feedId);
  return loadHomePage(q, viewer, visibleItemsSql(viewer), today, shared);
}
