/**
 * Conversation figures for /admin/insights and the weekly summary (issue 23, decision 170/172):
 * comments, reactions, staff stories and corrections between two instants, counted by
 * department and channel. Counts only: no person, no title, no league of people.
 *
 *   - comments and reactions: by the department of the person who wrote or reacted, and the
 *     channel of the page (a page in two channels counts in both; none: "No channel");
 *   - stories: by the writer's department and the story's channel;
 *   - corrections: by the page's department (the content, never the person) and channel.
 */
import type { Queryable } from "~/utils/db.server";
import { storyCountsByDepartmentAndChannel } from "./story.server";

export type ConversationCounts = {
  departmentName: string; channelName: string; comments: number; reactions: number; storiesSubmitted: number; storiesPublished: number; corrections: number;
};

type Row = { departmentName: string | null; channelName: string | null; n: number };

const PAGE_CHANNEL = "LEFT JOIN item_channels ic ON ic.item_id = x.item_id LEFT JOIN channels c ON c.id = ic.channel_id";

export async function conversationCountsByDepartmentAndChannel(q: Queryable, from: string, to: string): Promise<ConversationCounts[]> {
  const [comments, itemReactions, commentReactions, corrections, stories] = await Promise.all([
    q.all<Row>(
      `SELECT d.name AS departmentName, c.name AS channelName, COUNT(*) AS n
         FROM comments x LEFT JOIN users u ON u.id = x.author_id LEFT JOIN departments d ON d.id = u.department_id ${PAGE_CHANNEL}
        WHERE x.created_at >= ? AND x.created_at < ? GROUP BY d.name, c.name`,
      [from, to],
    ),
    q.all<Row>(
      `SELECT d.name AS departmentName, c.name AS channelName, COUNT(*) AS n
         FROM item_reactions x JOIN users u ON u.id = x.user_id LEFT JOIN departments d ON d.id = u.department_id ${PAGE_CHANNEL}
        WHERE x.created_at >= ? AND x.created_at < ? GROUP BY d.name, c.name`,
      [from, to],
    ),
    q.all<Row>(
      `SELECT d.name AS departmentName, c.name AS channelName, COUNT(*) AS n
         FROM comment_reactions r JOIN comments x ON x.id = r.comment_id JOIN users u ON u.id = r.user_id
         LEFT JOIN departments d ON d.id = u.department_id ${PAGE_CHANNEL}
        WHERE r.created_at >= ? AND r.created_at < ? GROUP BY d.name, c.name`,
      [from, to],
    ),
    q.all<Row>(
      `SELECT d.name AS departmentName, c.name AS channelName, COUNT(*) AS n
         FROM item_corrections x JOIN items i ON i.id = x.item_id LEFT JOIN departments d ON d.id = i.department_id ${PAGE_CHANNEL}
        WHERE x.created_at >= ? AND x.created_at < ? GROUP BY d.name, c.name`,
      [from, to],
    ),
    storyCountsByDepartmentAndChannel(q, from, to),
  ]);
  const out = new Map<string, ConversationCounts>();
  const at = (dept: string | null, channel: string | null) => {
    const key = `${dept ?? ""}\u0000${channel ?? ""}`;
    let row = out.get(key);
    if (!row) {
      row = { departmentName: dept ?? "No department", channelName: channel ?? "No channel", comments: 0, reactions: 0, storiesSubmitted: 0, storiesPublished: 0, corrections: 0 };
      out.set(key, row);
    }
    return row;
  };
  for (const r of comments) at(r.departmentName, r.channelName).comments += Number(r.n);
  for (const r of [...itemReactions, ...commentReactions]) at(r.departmentName, r.channelName).reactions += Number(r.n);
  for (const r of corrections) at(r.departmentName, r.channelName).corrections += Number(r.n);
  for (const r of stories) {
    const row = at(r.departmentName === "No department" ? null : r.departmentName, r.channelName);
    row.storiesSubmitted += Number(r.submitted);
    row.storiesPublished += Number(r.published);
  }
  return [...out.values()].sort((a, b) => a.departmentName.localeCompare(b.departmentName) || a.channelName.localeCompare(b.channelName));
}

/** Totals of the same figures (each comment and reaction once, whatever its page's channels). */
export async function conversationTotals(q: Queryable, from: string, to: string): Promise<{ comments: number; reactions: number; storiesPublished: number; corrections: number }> {
  const one = async (sql: string) => Number((await q.get<{ n: number }>(sql, [from, to]))?.n ?? 0);
  const [comments, itemReactions, commentReactions, storiesPublished, corrections] = await Promise.all([
    one("SELECT COUNT(*) AS n FROM comments WHERE created_at >= ? AND created_at < ?"),
    one("SELECT COUNT(*) AS n FROM item_reactions WHERE created_at >= ? AND created_at < ?"),
    one("SELECT COUNT(*) AS n FROM comment_reactions WHERE created_at >= ? AND created_at < ?"),
    one("SELECT COUNT(*) AS n FROM stories WHERE published_at >= ? AND published_at < ?"),
    one("SELECT COUNT(*) AS n FROM item_corrections WHERE created_at >= ? AND created_at < ?"),
  ]);
  return { comments, reactions: itemReactions + commentReactions, storiesPublished, corrections };
}
