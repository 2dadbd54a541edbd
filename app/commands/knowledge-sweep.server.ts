/**
 * The periodic work that keeps knowledge current, run at start-up and then every hour:
 * hand over pages nobody can look after, send review reminders that are due, and queue
 * last week's summary for comms editors, and tell owners, authors and thread followers of new
 * comments (one digest an hour, decision 170), and remind mentoring pairs that have not met (decision 136). Each step is idempotent, so running it twice
 * (two servers, a restart) changes nothing the second time.
 */
import { log } from "~/utils/log.server";
import { repeat } from "~/utils/repeat.server";
import { sendCommentDigests } from "./comments.server";
import { snapshotLeague } from "./league.server";
import { sendMentoringReminders } from "./mentoring.server";
import { wakeDeliveryWorker } from "./deliver.server";
import { sweepOwnership } from "./ownership.server";
import { sendPublicAccountReviewReminders } from "./public-accounts.server";
import { sendReviewReminders } from "./reviews.server";
import { queueWeeklySummary } from "./weekly-summary.server";

export const SWEEP_EVERY_MS = 60 * 60 * 1000;

export async function runKnowledgeSweep(now = new Date()) {
  const handovers = await sweepOwnership(now);
  const reminders = await sendReviewReminders(now);
  const summary = await queueWeeklySummary(now);
  const accountReminders = await sendPublicAccountReviewReminders(now);
  const commentDigests = await sendCommentDigests(now);
  // Mentoring pairs with no meeting logged for their agreed interval (decision 136).
  const mentoringReminders = await sendMentoringReminders(now);
  // The department league: this quarter recounted, a quarter that has ended stored for good (decision 137).
  const league = await snapshotLeague(now);
  if (handovers.length || reminders.length || summary || accountReminders || commentDigests || mentoringReminders) wakeDeliveryWorker();
  return { handovers: handovers.length, reminders: reminders.length, weeklySummary: summary?.weekStart ?? null, accountReminders, commentDigests, mentoringReminders, league: league.current };
}

/** Runs the sweep now (without holding up start-up) and every `everyMs`; returns the stop function. */
export function startKnowledgeSweeps(everyMs = SWEEP_EVERY_MS): () => Promise<void> {
  return repeat(everyMs, async () => log.info("knowledge sweep", await runKnowledgeSweep()), { failure: "knowledge sweep failed" });
}
