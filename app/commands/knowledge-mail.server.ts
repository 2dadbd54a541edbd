/**
 * Email about keeping knowledge current (review reminders, hand-overs, feedback, knowledge
 * requests, the weekly summary) goes through the shared outbox, written in the same
 * transaction as its reason, so nothing is sent for a change that rolled back and nothing
 * is lost while the mail server is down.
 *
 * The message is a short notice: a subject, a few plain sentences and one link. The
 * outbox composes and sends it; the person's address is looked up at send time. Without
 * a mail server the notice waits in the outbox and goes once one is set, unless it waited
 * longer than ALERT_MAX_AGE_DAYS (decision 078); the pages show the same things meanwhile
 * (/me/reviews, /me/feedback, /requests). Scheduled notices (review reminders, the weekly
 * summary) are not queued without a mail server: their schedule queues them once there is one.
 *
 * A notice about a page (`itemId`) is queued only for someone the access rule lets be told
 * about it (`mayBeToldAbout`: they may open it, or look after or edit it and are in its
 * audience); the outbox checks again when it sends. Callers that tell several people, like
 * a request answered by a guide, word the message for those who may not open the page.
 */
import { mayBeToldAbout } from "~/access/ownership.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { enqueueMessage, type OutboxPurpose } from "~/models/outbox.server";
import { findPersonById } from "~/models/ownership.server";
import type { Queryable } from "~/utils/db.server";
import { log } from "~/utils/log.server";

export type KnowledgeMail = {
  purpose: Extract<OutboxPurpose, "alert" | "reminder" | "digest">;
  /** Makes queueing idempotent: the same key is never queued twice. */
  dedupeKey: string;
  userId: number;
  itemId?: number | null;
  subject: string;
  /** Paragraphs of plain text. */
  lines: string[];
  /** One call to action, as a path on the intranet. */
  link?: { text: string; path: string };
  /** Optional tables (the weekly summary). */
  tables?: { caption: string; head: string[]; rows: (string | number)[][] }[];
};

export const NOTICE_TEMPLATE = "notice";

/** Queues the notice (with or without a mail server: it waits in the outbox until one is set). */
export async function queueKnowledgeMail(q: Queryable, mail: KnowledgeMail, now = new Date().toISOString()): Promise<boolean> {
  if (mail.itemId != null && !(await mayBeToldAboutItem(q, mail.userId, mail.itemId, new Date(now)))) {
    log.info("notice not queued: the person may not be told about the page", { itemId: mail.itemId, userId: mail.userId });
    return false;
  }
  return enqueueMessage(
    q,
    {
      kind: "email",
      purpose: mail.purpose,
      dedupeKey: `knowledge:${mail.dedupeKey}`,
      userId: mail.userId,
      itemId: mail.itemId ?? null,
      payload: { template: NOTICE_TEMPLATE, subject: mail.subject, lines: mail.lines, link: mail.link ?? null, tables: mail.tables ?? [] },
    },
    now,
  );
}

/** The access rule for one notice: may this person be told about this page now? */
export async function mayBeToldAboutItem(q: Queryable, userId: number, itemId: number, now = new Date()): Promise<boolean> {
  const [person, item] = await Promise.all([findPersonById(q, userId), findItemById(q, itemId)]);
  if (!person || !item) return false;
  return mayBeToldAbout(person, item, await getAudienceFacts(q, item), now);
}
