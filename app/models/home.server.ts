/**
 * The home page's personal lists in one statement (decision 250): the person's notices
 * (`listBanners`), what they are still asked to confirm (`listOutstandingForUser`) and their
 * "For you" stream (`listForYou`), each the very statement of its own model function, through
 * the same visibility clause, joined with UNION ALL into one shape. On PostgreSQL each
 * statement is a round trip (a write, a wake-up of the server, a read and parse); three fewer
 * per home page. The rows are put back in each list's own order here, as UNION ALL promises none.
 */
import type { Queryable } from "~/utils/db.server";
import { outstandingSql, type MustReadItem } from "./acknowledgement.server";
import { bannersSql, type BannerRow } from "./banner.server";
import { forYouSql, type FollowSubject, type ForYouRow } from "./follow.server";

type Visibility = { sql: string; params: unknown[] };

export type HomePersonalLists = {
  banners: BannerRow[];
  outstanding: (MustReadItem & { effectiveOn: string | null })[];
  forYou: ForYouRow[];
};

/** The columns every part has are a must-read item's; the rest are NULL where a part has none. */
type Row = Omit<MustReadItem, "requiredVersion"> & {
  part: "notice" | "must-read" | "for-you";
  mustRead: number | null;
  expiresAt: string | null;
  requiredVersion: number | null;
  effectiveOn: string | null;
  departmentName: string | null;
  targetNames: string | null;
  targetCount: number | null;
  targetsMine: number | null;
  followedChannelNames: string | null;
  inMandatoryChannel: number | null;
};

// Every column of the one shape, typed, so PostgreSQL matches the parts (NULL alone has no type).
const NONE_INT = "CAST(NULL AS INTEGER)";
const NONE_TEXT = "CAST(NULL AS TEXT)";

/** The three lists as their own functions give them (`bannerLimit`, `forYouLimit` as they take them). */
export async function listHomePersonal(
  q: Queryable,
  user: FollowSubject,
  visibility: Visibility,
  limits: { banners: number; forYou: number },
): Promise<HomePersonalLists> {
  const banners = bannersSql(user.id, visibility, limits.banners);
  const outstanding = outstandingSql(user.id, visibility);
  const forYou = forYouSql(user, visibility, { limit: limits.forYou });
  const rows = await q.all<Row>(
    `SELECT 'notice' AS part, b.id, 'announcement' AS type, b.slug, b.title, b.summary, b.priority, b.mustRead, b.publishedAt, b.expiresAt,
            ${NONE_INT} AS departmentId, ${NONE_INT} AS requiredVersion, ${NONE_TEXT} AS effectiveOn, ${NONE_TEXT} AS departmentName,
            ${NONE_TEXT} AS targetNames, ${NONE_INT} AS targetCount, ${NONE_INT} AS targetsMine, ${NONE_TEXT} AS followedChannelNames,
            ${NONE_INT} AS inMandatoryChannel
       FROM (${banners.sql}) b
     UNION ALL
     SELECT 'must-read', m.id, m.type, m.slug, m.title, m.summary, m.priority, ${NONE_INT}, m.publishedAt, ${NONE_TEXT},
            m.departmentId, m.requiredVersion, m.effectiveOn, ${NONE_TEXT}, ${NONE_TEXT}, ${NONE_INT}, ${NONE_INT}, ${NONE_TEXT}, ${NONE_INT}
       FROM (${outstanding.sql}) m
     UNION ALL
     SELECT 'for-you', f.id, 'announcement', f.slug, f.title, f.summary, f.priority, f.mustRead, f.publishedAt, ${NONE_TEXT},
            ${NONE_INT}, ${NONE_INT}, ${NONE_TEXT}, f.departmentName, f.targetNames, f.targetCount, CAST(f.targetsMine AS INTEGER),
            f.followedChannelNames, CAST(f.inMandatoryChannel AS INTEGER)
       FROM (${forYou.sql}) f`,
    [...banners.params, ...outstanding.params, ...forYou.params],
  );
  const newest = (a: Row, b: Row) => (b.publishedAt ?? "").localeCompare(a.publishedAt ?? "") || b.id - a.id;
  const urgentFirst = (a: Row, b: Row) => Number(b.priority === "urgent") - Number(a.priority === "urgent") || newest(a, b);
  const part = (name: Row["part"], order: (a: Row, b: Row) => number) => rows.filter((r) => r.part === name).sort(order);
  return {
    banners: part("notice", urgentFirst).map((r) => ({
      id: r.id, slug: r.slug, title: r.title, summary: r.summary, priority: r.priority as BannerRow["priority"],
      mustRead: r.mustRead ?? 0, publishedAt: r.publishedAt, expiresAt: r.expiresAt,
    })),
    outstanding: part("must-read", urgentFirst).map((r) => ({
      id: r.id, type: r.type, slug: r.slug, title: r.title, summary: r.summary, priority: r.priority, publishedAt: r.publishedAt,
      departmentId: r.departmentId, requiredVersion: r.requiredVersion ?? 0, effectiveOn: r.effectiveOn,
    })),
    forYou: part("for-you", newest).map((r) => ({
      id: r.id, slug: r.slug, title: r.title, summary: r.summary, priority: r.priority, mustRead: r.mustRead ?? 0,
      publishedAt: r.publishedAt, departmentName: r.departmentName, targetNames: r.targetNames, targetCount: r.targetCount ?? 0,
      targetsMine: r.targetsMine ?? 0, followedChannelNames: r.followedChannelNames, inMandatoryChannel: r.inMandatoryChannel ?? 0,
    })),
  };
}
