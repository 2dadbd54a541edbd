/**
 * Email about keeping knowledge current (review reminders, hand-overs, feedback, knowledge
 * requests, the weekly summary) goes through the shared outbox, written in the same
 * transaction as its reason, so nothing is sent for a change that rolled back and nothing
 * is lost while the mail server is down.
 *
 * The message is a short notice: a subject, a few plain sentences and one link. The
 * outbox composes and sends it; the person's address is looked up at send time.
 */
import { enqueueMessage, type OutboxPurpose } from "~/models/outbox.server";
import type { Queryable } from "~/utils/db.server";

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

export async function queueKnowledgeMail(q: Queryable, mail: KnowledgeMail, now = new Date().toISOString()): Promise<boolean> {
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
