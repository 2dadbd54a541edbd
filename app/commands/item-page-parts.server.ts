/**
 * The per-reader parts of an announcement's and a guide's page (decision 265): poll, questions,
 * comments, reactions, corrections, the staff story's byline; a guide's "Was this page helpful?"
 * box and "saved for offline" state. One statement says which of them the item has (and this
 * reader's own rating and saved state on a guide); only those are read, side by side. Before,
 * each was read on every view, one after another, although most items have none of them.
 *
 * Nothing here is kept between requests (these tables do not feed the change feed, and much
 * of it is one person's). The route has already asked `canSeeItem` for this reader.
 */
import { itemPageExtras } from "~/models/item-page-extras.server";
import type { ItemRow } from "~/models/item.server";
import type { SessionUser } from "~/utils/auth.server";
import type { Queryable } from "~/utils/db.server";
import { getConversation } from "./comments.server";
import { getItemCorrections } from "./corrections.server";
import { getFeedbackPanel, seesHelpfulness } from "./feedback.server";
import { getEngagement } from "./questions.server";
import { storyOfItem } from "./stories.server";

/** An announcement page's engagement (poll, questions), conversation, corrections and story, for this reader. */
export async function announcementParts(q: Queryable, user: SessionUser, item: ItemRow) {
  const has = await itemPageExtras(q, "announcement", item.id, user.id);
  const [engagement, conversation, corrections, story] = await Promise.all([
    getEngagement(q, user, item, { poll: has.hasPoll, questions: has.hasQuestions }),
    getConversation(q, user, item, new Date(), { setting: has.commentState, hasComments: has.hasComments, hasReactions: has.hasReactions }),
    getItemCorrections(q, user, item, has.hasCorrections),
    storyOfItem(q, item.id, has.hasStory),
  ]);
  return { engagement, conversation, corrections, story };
}

/** A guide page's feedback box, conversation, corrections and whether this reader saved it for offline reading. */
export async function guideParts(q: Queryable, user: SessionUser, item: ItemRow) {
  const has = await itemPageExtras(q, "guide", item.id, user.id, { helpfulness: seesHelpfulness(user, item) });
  const [feedback, conversation, corrections] = await Promise.all([
    getFeedbackPanel(user, item, { myRating: has.myRating, helpfulness: has.helpfulness }),
    getConversation(q, user, item, new Date(), { setting: has.commentState, hasComments: has.hasComments, hasReactions: has.hasReactions }),
    getItemCorrections(q, user, item, has.hasCorrections),
  ]);
  return { feedback, conversation, corrections, savedOffline: has.savedOffline };
}
