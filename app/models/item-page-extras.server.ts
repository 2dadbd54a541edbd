/**
 * What an announcement's or guide's page holds besides its own rows, asked in one statement
 * per view (decision 265): the item's comment state, whether it has comments, reactions and
 * corrections (and, for an announcement, a poll, questions, a staff story), and, for a guide,
 * this reader's own rating and "saved for offline" state. The page then reads only what
 * exists: most items have none of these, and each was a statement on every view (on
 * PostgreSQL a round trip). Nothing here is kept between requests: these tables do not feed
 * the change feed, and the guide's last two columns are one person's.
 *
 * No SQL here reads `items`: the caller has already checked the audience rule on the item.
 */
import type { Queryable } from "~/utils/db.server";
import { COMMENT_STATE_COLUMNS, commentStateOf, type CommentStateRow, type ItemCommentState } from "./comment.server";

export type ItemPageExtras = {
  commentState: ItemCommentState;
  hasComments: boolean;
  hasReactions: boolean;
  hasCorrections: boolean;
  /** Announcements only (false on a guide). */
  hasPoll: boolean;
  hasQuestions: boolean;
  /** A story the announcement was published from (published or not: the page decides what it shows). */
  hasStory: boolean;
  /** Guides only: this reader's own answer to "Was this page helpful?" (null: none, or not a guide). */
  myRating: boolean | null;
  /** Guides only: this reader saved the page for offline reading. */
  savedOffline: boolean;
};

type Row = CommentStateRow & {
  comments: number; reactions: number; corrections: number;
  poll: number | null; questions: number | null; story: number | null; mine: number | null; saved: number | null;
};

const NONE_INT = "CAST(NULL AS INTEGER)";

const COMMON = `${COMMENT_STATE_COLUMNS},
  EXISTS (SELECT 1 FROM comments c WHERE c.item_id = $id) AS comments,
  EXISTS (SELECT 1 FROM item_reactions r WHERE r.item_id = $id) AS reactions,
  EXISTS (SELECT 1 FROM item_corrections k WHERE k.item_id = $id) AS corrections`;

const ANNOUNCEMENT = `SELECT ${COMMON},
  EXISTS (SELECT 1 FROM polls p WHERE p.item_id = $id) AS poll,
  EXISTS (SELECT 1 FROM announcement_questions q WHERE q.item_id = $id) AS questions,
  EXISTS (SELECT 1 FROM stories st WHERE st.item_id = $id) AS story,
  ${NONE_INT} AS mine, ${NONE_INT} AS saved`;

const GUIDE = `SELECT ${COMMON},
  ${NONE_INT} AS poll, ${NONE_INT} AS questions, ${NONE_INT} AS story,
  (SELECT pr.helpful FROM page_ratings pr WHERE pr.item_id = $id AND pr.user_id = $user) AS mine,
  EXISTS (SELECT 1 FROM saved_offline so WHERE so.item_id = $id AND so.user_id = $user) AS saved`;

/** One statement: what the page of this announcement or guide has, for this reader (`userId`: a guide's own rating and saved state). */
export async function itemPageExtras(q: Queryable, type: "announcement" | "guide", itemId: number, userId: number): Promise<ItemPageExtras> {
  const row = await q.get<Row>(type === "announcement" ? ANNOUNCEMENT : GUIDE, type === "announcement" ? { id: itemId } : { id: itemId, user: userId });
  return {
    commentState: commentStateOf(row),
    hasComments: row?.comments === 1,
    hasReactions: row?.reactions === 1,
    hasCorrections: row?.corrections === 1,
    hasPoll: row?.poll === 1,
    hasQuestions: row?.questions === 1,
    hasStory: row?.story === 1,
    myRating: row?.mine == null ? null : row.mine === 1,
    savedOffline: row?.saved === 1,
  };
}
