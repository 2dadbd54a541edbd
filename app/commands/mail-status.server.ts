/**
 * What the admin home page says about email, in plain words: whether a mail server is
 * set, how many emails wait, settings that make email wrong (PUBLIC_URL), and which
 * emails were dropped because they waited too long to be worth sending (decision 078).
 */
import { countWaitingEmail, listEmailDroppedAsTooOld, type DroppedEmailGroup } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isMailConfigured, mailSettingWarnings } from "~/utils/mail.server";
import { inlineMarkdownToText } from "~/utils/markdown.server";

const DAY_MS = 86_400_000;

export type MailStatus = {
  configured: boolean;
  /** What the page says, in order, each as one paragraph; warnings are marked as such. */
  lines: { text: string; warning: boolean }[];
  /** Emails still to send (queued, or being sent now). */
  waiting: number;
  /** Of those, how many are older than the limit and will be dropped rather than sent. */
  tooOldToSend: number;
  maxAgeDays: number;
  perMinute: number;
  warnings: string[];
  dropped: { total: number; groups: (DroppedEmailGroup & { label: string })[] };
};

const plain = (markdown: string) => inlineMarkdownToText(markdown, { withUrls: false });
const emails = (n: number) => `${n} ${n === 1 ? "email" : "emails"}`;
const PURPOSE_LABEL: Record<string, string> = { alert: "Alert", reminder: "Reminder", digest: "Digest" };

export async function getMailStatus(now = new Date()): Promise<MailStatus> {
  const env = getEnv();
  const db = await getDb();
  const staleBefore = new Date(now.getTime() - env.ALERT_MAX_AGE_DAYS * DAY_MS).toISOString();
  const { waiting, stale } = await countWaitingEmail(db, staleBefore);
  const dropped = await listEmailDroppedAsTooOld(db);
  const configured = isMailConfigured();
  const lines: MailStatus["lines"] = [];
  if (!configured)
    lines.push({ text: `Email is not being sent: no mail server is set (SMTP_HOST). ${waiting === 1 ? "1 email is" : `${waiting} emails are`} waiting.`, warning: true });
  else
    lines.push({
      text: `Email is being sent${waiting > 0 ? `: ${emails(waiting)} waiting to go` : ""}. Reminders, review notices and digests go out at most ${env.MAIL_PER_MINUTE} a minute; alerts are not held back.`,
      warning: false,
    });
  if (stale > 0)
    lines.push({ text: `${stale === 1 ? "1 of them is" : `${stale} of them are`} older than ${env.ALERT_MAX_AGE_DAYS} days and will be dropped, not sent late.`, warning: false });
  for (const w of mailSettingWarnings()) lines.push({ text: w, warning: true });
  if (dropped.total > 0)
    lines.push({
      text: `Cancelled, too old to send: ${emails(dropped.total)} waited more than ${env.ALERT_MAX_AGE_DAYS} days and ${dropped.total === 1 ? "was" : "were"} dropped rather than sent late.`,
      warning: false,
    });
  return {
    configured,
    lines,
    waiting,
    tooOldToSend: stale,
    maxAgeDays: env.ALERT_MAX_AGE_DAYS,
    perMinute: env.MAIL_PER_MINUTE,
    warnings: mailSettingWarnings(),
    dropped: {
      total: dropped.total,
      groups: dropped.groups.map((g) => ({
        ...g,
        label: g.itemTitle ? `${PURPOSE_LABEL[g.purpose] ?? "Email"} about “${plain(g.itemTitle)}”` : g.subject ? plain(g.subject) : (PURPOSE_LABEL[g.purpose] ?? "Email"),
      })),
    },
  };
}
