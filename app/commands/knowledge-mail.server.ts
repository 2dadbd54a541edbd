/**
 * Email about keeping knowledge current (review reminders, hand-overs, feedback, knowledge
 * requests, the weekly summary) goes through the shared outbox, written in the same
 * transaction as its reason, so nothing is sent for a change that rolled back and nothing
 * is lost while the mail server is down.
 *
 * The message is a short notice: a subject, a few plain sentences and one link. The
 * outbox composes and sends it; the person's address is looked up at send time. Without
 * a mail server nothing is queued (the pages show the same things: /me/reviews,
 * /me/feedback, /requests).
 */
import { enqueueMessage, type OutboxPurpose } from "~/models/outbox.server";
import type { Queryable } from "~/utils/db.server";
import { isMailConfigured } from "~/utils/mail.server";

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

/** Queues the notice; with no mail server configured (SMTP_HOST unset) nothing is queued, like every other email. */
export async function queueKnowledgeMail(q: Queryable, mail: KnowledgeMail, now = new Date().toISOString()): Promise<boolean> {
  if (!isMailConfigured()) return false;
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
