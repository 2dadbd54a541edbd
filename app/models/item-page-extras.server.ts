/**
 * What an announcement's or guide's page holds besides its own rows, asked in one statement
 * per view (decision 265): the item's comment state, whether it has comments, reactions and
 * corrections (and, for an announcement, a poll, questions, a staff story), and, for a guide,
 * this reader's own rating and "saved for offline" state (and its helpfulness counts for those who see them). The page then reads only what
 * exists: most items have none of these, and each was a statement on every view (on
 * PostgreSQL a round trip). Nothing here is kept between requests: these tables do not feed
 * the change feed, and the guide's last two columns are one person's.
 *
 * No SQL here reads `items`: the caller has already checked the audience rule on the item.
 */
import type { Queryable } from "~/utils/db.server";
import { COMMENT_STATE_COLUMNS, commentStateOf, type CommentStateRow, type ItemCommentState } from "./comment.server";
import { HELPFULNESS_COLUMNS, type Helpfulness } from "./feedback.server";

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
  /** Guides, when asked for (`helpfulness`: this reader may see them): the page's helpfulness counts; else null. */
  helpfulness: Helpfulness | null;
};

type Row = CommentStateRow & Partial<Helpfulness> & {
  anyComments: number; anyReactions: number; anyCorrections: number;
  anyPoll: number | null; anyQuestions: number | null; anyStory: number | null; mine: number | null; saved: number | null;
};

const NONE_INT = "CAST(NULL AS INTEGER)";

const COMMON = `${COMMENT_STATE_COLUMNS},
  EXISTS (SELECT 1 FROM comments c WHERE c.item_id = $id) AS anyComments,
  EXISTS (SELECT 1 FROM item_reactions r WHERE r.item_id = $id) AS anyReactions,
  EXISTS (SELECT 1 FROM item_corrections k WHERE k.item_id = $id) AS anyCorrections`;

const ANNOUNCEMENT = `SELECT ${COMMON},
  EXISTS (SELECT 1 FROM polls p WHERE p.item_id = $id) AS anyPoll,
  EXISTS (SELECT 1 FROM announcement_questions q WHERE q.item_id = $id) AS anyQuestions,
  EXISTS (SELECT 1 FROM stories st WHERE st.item_id = $id) AS anyStory,
  ${NONE_INT} AS mine, ${NONE_INT} AS saved`;

const GUIDE = `SELECT ${COMMON},
  ${NONE_INT} AS anyPoll, ${NONE_INT} AS anyQuestions, ${NONE_INT} AS anyStory,
  (SELECT pr.helpful FROM page_ratings pr WHERE pr.item_id = $id AND pr.user_id = $user) AS mine,
  EXISTS (SELECT 1 FROM saved_offline so WHERE so.item_id = $id AND so.user_id = $user) AS saved`;

/** A guide for one of its keepers (owner, deputy) or a comms editor: its helpfulness counts as well. */
const GUIDE_WITH_HELPFULNESS = `${GUIDE}, ${HELPFULNESS_COLUMNS}`;

/**
 * One statement: what the page of this announcement or guide has, for this reader (`userId`: a
 * guide's own rating and saved state). `helpfulness`: a guide's counts too (the caller decided
 * this reader may see them: seesHelpfulness).
 */
export async function itemPageExtras(
  q: Queryable, type: "announcement" | "guide", itemId: number, userId: number, opts: { helpfulness?: boolean } = {},
): Promise<ItemPageExtras> {
  const row = type === "announcement"
    ? await q.get<Row>(ANNOUNCEMENT, { id: itemId })
    : await q.get<Row>(opts.helpfulness ? GUIDE_WITH_HELPFULNESS : GUIDE, { id: itemId, user: userId });
  const counted = type === "guide" && opts.helpfulness;
  return {
    commentState: commentStateOf(row),
    hasComments: row?.anyComments === 1,
    hasReactions: row?.anyReactions === 1,
    hasCorrections: row?.anyCorrections === 1,
    hasPoll: row?.anyPoll === 1,
    hasQuestions: row?.anyQuestions === 1,
    hasStory: row?.anyStory === 1,
    myRating: row?.mine == null ? null : row.mine === 1,
    savedOffline: row?.saved === 1,
    helpfulness: counted ? { yes: row?.yes ?? 0, no: row?.no ?? 0, openComments: row?.openComments ?? 0, comments: row?.comments ?? 0 } : null,
  };
}
