/**
 * Every periodic background job, in ONE list, run only by the leader (decision 205): of all
 * the instances sharing a database exactly one runs them; on SQLite that is always this one.
 * A job started anywhere else would run once per instance (twice the email, two sweeps
 * racing), so `tests/unit/leader-jobs.test.ts` fails when a timer in app/ is started any
 * other way, unless it is listed there as per-instance work with its reason.
 *
 * What each instance does for itself (its own search index and the follower that feeds it,
 * page-view counters, "look now" nudges) stays in boot.server.ts.
 */
import { runWhileLeader, type Job, type LeadershipOptions } from "~/utils/leadership.server";
import { startAccessCodeExpiry } from "./access-codes.server";
import { startDelivery } from "./deliver.server";
import { startDocumentText } from "./document-text.server";
import { startBucketSweep, startOrphanObjectSweep } from "./file-objects.server";
import { startKnowledgeSweeps } from "./knowledge-sweep.server";
import { startScheduler } from "./scheduler.server";

export const LEADER_JOBS: readonly Job[] = [
  // The outbox sender, the change-feed follower that queues alerts and Teams posts for what was
  // published, and the digest and reminder schedule (retention of sent mail included).
  { name: "delivery", start: startDelivery },
  // Publishes scheduled items, expires old ones, pre-election periods, monthly retention, event reminders.
  { name: "scheduler", start: async () => startScheduler() },
  // Reads the words of attached files for search, off the request path (decision 151).
  { name: "document text", start: async () => startDocumentText() },
  // Removes objects that failed uploads left in the object store and could not remove then (decision 221): hourly.
  { name: "orphan object sweep", start: async () => startOrphanObjectSweep() },
  // Removes objects in the bucket that no file uses, written more than a day before (decision 236): daily.
  { name: "bucket sweep", start: async () => startBucketSweep() },
  // Hands over ownerless pages, review reminders, the weekly summary, the league: hourly.
  { name: "knowledge sweeps", start: async () => startKnowledgeSweeps() },
  // Marks access codes past their expiry, each in the audit log (issue 18): hourly.
  { name: "access code expiry", start: async () => startAccessCodeExpiry() },
];

/** Starts the leader rule over LEADER_JOBS; returns the stop function (boot step "background jobs"). */
export function startBackgroundJobs(options: LeadershipOptions = {}): Promise<() => Promise<void>> {
  return runWhileLeader(LEADER_JOBS, options);
}
