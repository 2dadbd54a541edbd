/**
 * The durable change feed (decision 090): every write that changes what readers see
 * leaves a row in the same transaction, so no command can forget it.
 *
 * - Tables: every table in the schema is either fed by triggers (insert, update and
 *   delete) or listed here with the reason readers do not see it. A new table fails
 *   this test until someone decides.
 * - Commands: every module in app/commands is listed, as the route matrix lists routes,
 *   with a scenario that runs its writes and shows the feed rows, or the reason it
 *   writes nothing readers see. A new module fails this test until it is listed.
 * - Followers: cursors survive restarts, a replay sends nothing twice, rolled-back
 *   writes leave no row.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { changeFeedSettled, followChanges } from "~/commands/change-feed.server";
import { runScheduler } from "~/commands/scheduler.server";
import { createFromEditor, restoreRevision, saveFromEditor } from "~/commands/edit.server";
import { runWorkflowAction } from "~/commands/workflow.server";
import { markReviewed } from "~/commands/reviews.server";
import { sweepOwnership } from "~/commands/ownership.server";
import { archiveChannel, updateDepartment } from "~/commands/organisation.server";
import { importContent } from "~/commands/import.server";
import { attachFile } from "~/commands/attachments.server";
import { extractPendingTexts } from "~/commands/document-text.server";
import { draftFromWord } from "~/commands/word-import.server";
import { makeDocx } from "../documents/fixtures";
import { importDirectory } from "~/commands/import-dir.server";
import { approvePublicity, savePeriod } from "~/commands/elections.server";
import { setPermissionGrant } from "~/models/election.server";
import { getChangeCursor, latestChangeId, listChangesAfter, rewindChangeCursor, type ChangeRow } from "~/models/change-feed.server";
import { getDb, openConfiguredDatabase } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { createChannel, createDepartment, createItem, createUser, requestAs } from "../factories";
import { load } from "../pages/load";
import { copyFixture } from "../import/helpers";
import { buildWorld, editorData, type World } from "../editor/world";
import { publishStory, saveStory } from "~/commands/stories.server";
import { StoryForm } from "~/schemas/stories";

let w: World;
let wordFixture: Buffer;
beforeAll(async () => {
  w = await buildWorld();
  wordFixture = await makeDocx(["Grit bins are refilled in November."], { heading: "Grit bins" });
});

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** The feed rows `work` wrote. */
async function rowsOf(work: () => Promise<unknown>): Promise<ChangeRow[]> {
  const db = await getDb();
  const before = await latestChangeId(db);
  await work();
  return listChangesAfter(db, before, 100_000);
}

const itemRow = (id: number, change?: ChangeRow["change"]) =>
  expect.objectContaining({ entity: "item", entityId: id, ...(change ? { change } : {}) });

/* ---------------------------------------------------------------- tables ---- */

/** Tables fed by triggers: what readers see of items, organisation units and the glossary. */
const FED = [
  "items", "item_target_departments", "item_channels", "item_audience_departments", "item_audience_roles", "item_tags",
  "item_related", "policy_versions", "departments", "channels", "glossary_terms",
  "attachments", "attachment_versions",
];
/** Fed on update only: new rows reach readers through another table. */
const FED_ON_UPDATE = { revisions: "a new revision is seen only when items.current_revision_id points at it" };
/** Tables whose rows readers do not see as content, with the reason. */
const NOT_FED: Record<string, string> = {
  schema_migrations: "bookkeeping",
  change_feed: "the feed itself",
  change_feed_cursors: "the followers' own positions",
  sqlite_sequence: "SQLite's bookkeeping",
  users: "accounts: not content (a person's department changes what they see, not what is published)",
  sessions: "sign-in state",
  department_grants: "who may post where: permissions, not content",
  content_files: "the importer's hashes of files",
  audit_log: "the record of who did what",
  search_misses: "search insight counts",
  search_query_days: "search insight counts",
  sign_in_attempts: "throttling", sign_in_locks: "throttling", sign_in_resets: "throttling",
  oidc_flows: "sign-in state", password_links: "sign-in state",
  workflow_events: "the editorial history (the items row changes when something goes live)",
  pending_changes: "changes waiting for approval: readers see them only once they go live (items row)",
  channel_follows: "a person's own choices", notification_prefs: "a person's own choices", feed_tokens: "a person's own secrets",
  signing_keys: "secrets", acknowledgements: "a person's confirmations", banner_dismissals: "a person's own choices",
  reach_daily: "counts", outbox: "delivery's own queue",
  ownership_changes: "history (the items row holds the owner)", page_reviews: "history (the items row holds the review dates)",
  review_reminders: "what was sent", knowledge_settings: "settings",
  page_ratings: "private feedback to owners", page_feedback: "private feedback to owners", page_feedback_replies: "private feedback to owners",
  knowledge_requests: "requests: shown on their own pages, not indexed or announced",
  knowledge_request_routes: "request routing", knowledge_request_votes: "request votes",
  polls: "engagement on an announcement page (counts), not indexed or announced", poll_options: "engagement", poll_voters: "engagement",
  announcement_questions: "Q&A on an announcement page, moderated, not indexed or announced",
  weekly_summaries: "what was sent",
  file_blobs: "attached files' bytes: an attachment version points at them, and its row feeds",
  object_store_orphans: "hashes of objects failed uploads left in the object store, for the sweep (decision 221): never shown",
  comments: "conversation under an item (decision 170): never indexed or announced", comment_versions: "earlier wording of comments",
  stories: "staff stories before publication (decision 172): seen by the writer and editors; a published story is an item whose own rows feed", story_suggestions: "editors' coaching on a story, seen by its writer and editors",
  comment_reports: "moderation", comment_follows: "a person's own choices", comment_mentions: "who a comment mentions",
  item_comment_settings: "whether an item takes comments (not content)", channel_comment_settings: "moderation setting",
  item_corrections: "corrections (decision 171): shown on the item page, not indexed; the fixed text reaches readers through items/revisions",
  item_alert_recipients: "who was alerted (delivery's record)", item_alert_channels: "where Teams alerts went (delivery's record)",
  item_reactions: "reactions under items (decision 170), not content", comment_reactions: "reactions under comments, not content",
  site_settings: "intranet-wide switches (the public tier is read on every public request, not cached)",
  comms_requests: "requests to the comms team: shown on their own pages to the requester and the team, not indexed or announced",
  comms_request_messages: "the conversation on a request to the comms team",
  comms_request_files: "files attached to a request to the comms team, seen by the requester and the team only",
  public_accounts: "the comms team's register of public accounts (an admin page)",
  permission_grants: "who holds a granted permission: not content",
  election_periods: "pre-election periods: their notice is read on every page, not cached", election_period_departments: "a period's scope",
  election_period_wards: "a period's scope", election_candidates: "names highlighted for editors and reviewers",
  publicity_checks: "checklist answers (the editorial record)", publicity_decisions: "publicity approvals (the items row changes when something goes live)",
  election_period_log: "the period's log (report)",
  accessibility_statements: "the accessibility statement (read from its table on each request)", accessibility_reports: "accessibility problems reported (a queue, not content)",
  retention_rules: "the retention schedule", legal_holds: "legal holds (IG)", disposal_queue: "what waits for a disposal decision",
  disposal_records: "what was disposed of (the items row's deletion feeds readers)",
  people_profiles: "the directory: people, not content; feeds people search through people_changes (decision 140)",
  people_expertise: "the directory: feeds people search through people_changes (decision 140)",
  people_languages: "the directory: feeds people search through people_changes (decision 140)",
  people_photos: "the directory: feeds people search through people_changes (decision 140)",
  people_teams: "the directory: a rename feeds people search through people_changes (decision 140)",
  people_changes: "people search's own feed (decision 140)",
  scim_tokens: "secrets", scim_groups: "directory sync's groups (their meaning is a person's department and role)",
  scim_group_members: "directory sync's group members",
  access_codes: "sign-in state (issue 18)", shared_devices: "sign-in state: which browsers are shared (issue 18)",
  reading_settings: "a person's text size, spacing and contrast (decision 122): not what anyone reads of an item",
  briefings: "who was briefed in person on a must-read (decision 123): completion counts, like acknowledgements, not item content",
  saved_offline: "guides a person keeps for offline reading (decision 124): not what anyone reads of an item",
  push_keys: "the server's Web Push key pair (decision 125)",
  push_subscriptions: "browsers a person turned notifications on for (decision 125): not what anyone reads of an item",
  push_messages: "notifications queued and sent (decision 125): delivery's own records, like the outbox",
  briefing_attendees: "who was briefed in person (decision 123): completion counts, not item content",
  campaigns: "the comms team's plan: figures about items, not what readers see",
  campaign_audience_departments: "a campaign's audience (the plan, not content)", campaign_audience_roles: "a campaign's audience (the plan, not content)",
  campaign_items: "which items a campaign gathers (the plan, not content)", campaign_events: "which events a campaign gathers (the plan, not content)", campaign_targets: "a campaign's targets",
  events: "events and training (decision 130): their own pages and calendar feeds, not items, not indexed or announced",
  event_organisers: "events (decision 130)", event_audience_departments: "events (decision 130)", event_audience_roles: "events (decision 130)",
  event_bookings: "a person's bookings", event_attendance: "the attendance register", event_feedback: "private feedback to organisers",
  learning_paths: "learning paths (decision 132): their own pages, not items, not indexed or announced",
  learning_path_audience_departments: "learning paths (decision 132)", learning_path_audience_roles: "learning paths (decision 132)",
  learning_path_steps: "a path's steps (they point at guides, which are not changed)", learning_enrolments: "who is on a path",
  learning_guide_confirmations: "a person's own \"I have read it\" (progress, not what readers see of the guide)", learning_task_confirmations: "a person's ticked task",
  learning_grants: "who may coordinate learning: permissions, not content",
  mentoring_offers: "mentoring (decision 136): people's offers, not content, never indexed", mentoring_offer_topics: "mentoring offers' topics",
  mentoring_asks: "requests for a mentor (seen by the person and coordinators)", mentoring_pairs: "mentoring pairs: private to the pair, never indexed or announced",
  mentoring_log_entries: "a pair's private session log: never indexed, announced or fed", mentoring_reminders: "reminders sent (bookkeeping)",
  mentoring_settings: "coordinators' setting",
  thanks_notes: "thank-you notes between colleagues (decision 137): shown on profiles as the recipient chooses, not indexed or announced",
  league_snapshots: "the department league's stored figures per quarter (aggregates)",
};

describe("tables", () => {
  it("every table is fed by triggers or says why readers do not see it", async () => {
    const db = await getDb();
    const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((t) => t.name);
    const undecided = tables.filter((t) => !FED.includes(t) && !(t in FED_ON_UPDATE) && !(t in NOT_FED));
    expect(undecided, "new tables: add triggers in a migration (decision 090) or list them in NOT_FED with the reason").toEqual([]);
    const triggers = await db.all<{ tbl_name: string; sql: string }>("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'");
    const fedOps = (table: string) =>
      triggers.filter((t) => t.tbl_name === table && /INSERT INTO change_feed/i.test(t.sql)).map((t) => /AFTER (INSERT|UPDATE|DELETE)/i.exec(t.sql)![1].toUpperCase()).sort();
    for (const table of FED) expect(fedOps(table), table).toEqual(["DELETE", "INSERT", "UPDATE"]);
    for (const table of Object.keys(FED_ON_UPDATE)) expect(fedOps(table), table).toEqual(["UPDATE"]);
  });

  it("writes nothing when the transaction rolls back", async () => {
    const db = await getDb();
    const before = await latestChangeId(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.run("UPDATE departments SET name = name || ' (renamed)' WHERE id = ?", [w.housing.id]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await listChangesAfter(db, before, 10)).toEqual([]);
  });

  it("says whether an item went live, left live, or changed", async () => {
    const db = await getDb();
    let id = 0;
    const created = await rowsOf(async () => void ({ id } = await createItem({ slug: "feed-kinds", status: "draft" })));
    expect(created).toContainEqual(itemRow(id, "create"));
    expect(await rowsOf(() => db.run("UPDATE items SET status = 'published' WHERE id = ?", [id]))).toEqual([itemRow(id, "publish")]);
    expect(await rowsOf(() => db.run("UPDATE items SET title = 'Renamed' WHERE id = ?", [id]))).toEqual([itemRow(id, "edit")]);
    expect(await rowsOf(() => db.run("UPDATE items SET status = 'archived' WHERE id = ?", [id]))).toEqual([itemRow(id, "withdraw")]);
    expect(await rowsOf(() => db.run("INSERT INTO item_tags (item_id, tag) VALUES (?, 'gritting')", [id]))).toEqual([itemRow(id, "edit")]);
  });
});

/* -------------------------------------------------------------- commands ---- */

type Entry = { scenario: () => Promise<void> } | { none: string };

/** Every module in app/commands. A module that writes what readers see has a scenario that shows its feed rows. */
const COMMANDS: Record<string, Entry> = {
  "edit.server.ts": {
    scenario: async () => {
      let id = 0;
      const created = await rowsOf(async () => void ({ itemId: id } = await createFromEditor(w.comms, editorData("guide", { title: "Feed: grit bins" }), "publish")));
      expect(created).toContainEqual(itemRow(id, "publish"));
      const saved = await rowsOf(() => saveFromEditor(w.comms, id, editorData("guide", { title: "Feed: grit bins and salt" }), 1, "publish"));
      expect(saved).toContainEqual(itemRow(id));
      expect(await rowsOf(() => restoreRevision(w.comms, id, 1))).toContainEqual(itemRow(id));
    },
  },
  "workflow.server.ts": {
    scenario: async () => {
      const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Feed: archive me" }), "publish");
      expect(await rowsOf(() => runWorkflowAction(w.comms, itemId, { intent: "archive" }))).toContainEqual(itemRow(itemId, "withdraw"));
    },
  },
  "scheduler.server.ts": {
    scenario: async () => {
      const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Feed: later", publishAt: "2031-01-06T09:00" }), "publish");
      expect(await rowsOf(() => runScheduler(new Date("2031-01-06T09:00:30Z")))).toContainEqual(itemRow(itemId, "publish"));
    },
  },
  "reviews.server.ts": {
    scenario: async () => {
      const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Feed: reviewed" }), "publish");
      expect(await rowsOf(() => markReviewed(w.comms, itemId))).toContainEqual(itemRow(itemId, "edit"));
    },
  },
  "ownership.server.ts": {
    scenario: async () => {
      const owner = await createUser({ role: "champion", departmentId: w.housing.id, email: "feed.owner@riverside.test" });
      const { id } = await createItem({ type: "guide", slug: "feed-owned", ownerEmail: "feed.owner@riverside.test", departmentId: w.housing.id });
      const db = await getDb();
      await db.run("UPDATE users SET active = 0 WHERE id = ?", [owner.id]);
      expect(await rowsOf(() => sweepOwnership())).toContainEqual(itemRow(id));
    },
  },
  "organisation.server.ts": {
    scenario: async () => {
      const renamed = await rowsOf(() => updateDepartment(w.admin, w.housing.id, { name: "Housing and Homes", description: "" }));
      expect(renamed).toContainEqual(expect.objectContaining({ entity: "department", entityId: w.housing.id, change: "edit" }));
      const channel = await createChannel({ slug: "feed-channel" });
      expect(await rowsOf(() => archiveChannel(w.admin, channel.id, true))).toContainEqual(expect.objectContaining({ entity: "channel", entityId: channel.id }));
    },
  },
  "import.server.ts": {
    scenario: async () => {
      const rows = await rowsOf(() => importContent({ contentDir: copyFixture("content-basic"), now: new Date("2026-11-01T10:00:00Z") }));
      expect(rows.some((r) => r.entity === "item" && r.change === "publish")).toBe(true);
      expect(rows.some((r) => r.entity === "department")).toBe(true);
      expect(rows.some((r) => r.entity === "glossary")).toBe(true);
    },
  },
  "import-dir.server.ts": {
    scenario: async () => {
      const department = await createDepartment({ slug: "feed-docs" });
      const report = await importDirectory({ dir: copyFixture("content-docs"), type: "guide", department: department.slug, owner: w.champion.email });
      expect(report.itemIds.length).toBeGreaterThan(0);
      const rows = await listChangesAfter(await getDb(), 0, 1_000_000);
      for (const id of report.itemIds) expect(rows).toContainEqual(itemRow(id));
    },
  },
  "attachments.server.ts": {
    scenario: async () => {
      const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Feed: with a file" }), "publish");
      const attached = await rowsOf(() => attachFile(w.comms, itemId, { fileName: "rota.txt", bytes: Buffer.from("Monday: Sam"), title: "Rota", alt: "" }));
      expect(attached).toContainEqual(itemRow(itemId, "edit"));
    },
  },
  "document-text.server.ts": {
    scenario: async () => {
      const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Feed: words in a file" }), "publish");
      await attachFile(w.comms, itemId, { fileName: "notes.txt", bytes: Buffer.from("Salt barn keys"), title: "Notes", alt: "" });
      expect(await rowsOf(() => extractPendingTexts())).toContainEqual(itemRow(itemId, "edit"));
    },
  },
  "word-import.server.ts": {
    scenario: async () => {
      const rows = await rowsOf(() => draftFromWord(w.comms, "guide", { fileName: "feed.docx", bytes: Buffer.from(wordFixture), department: "housing" }));
      expect(rows.some((r) => r.entity === "item" && r.change === "create")).toBe(true);
    },
  },
  "import-write.server.ts": { none: "the import's writing half: runs inside import.server.ts's transactions (its scenario)" },
  "import-organisation.server.ts": { none: "part of import.server.ts: departments and channels from organisation.yml (its scenario shows department rows)" },
  "import-parse.server.ts": { none: "reads and validates files" },
  "import-attachments.server.ts": { none: "part of import-write.server.ts: files listed in front matter, attached in the item's own transaction (attachments feed through their triggers)" },
  "export.server.ts": { none: "reads only: content out as Markdown files and zips" },
  "item-page-parts.server.ts": { none: "reads only: an announcement's and a guide's per-reader parts (decision 265)" },
  "database-copy.server.ts": { none: "npm run db:copy (decision 225): copies a whole database, the change feed's own rows included as they are, with triggers off in its one transaction; tests/reliability/db-copy.test.ts shows the copy's feed equals the source's and its triggers work again" },
  "background.server.ts": { none: "starts the leader's background jobs (decision 205); each job's own module is listed here" },
  "import-links.server.ts": { none: "rewrites links while parsing" },
  "import-scan.server.ts": { none: "finds and hashes files" },
  "import-pool.server.ts": { none: "worker threads that parse and render" },
  "import-worker.server.ts": { none: "worker thread body: parse and render" },
  "import-check.server.ts": { none: "check-content: no database" },
  "import-check-files.server.ts": { none: "check-content's file checks: reads files, no database" },
  "change-feed.server.ts": { none: "reads the feed (followers)" },
  "search-follower.server.ts": { none: "reads the feed into the search index" },
  "deliver.server.ts": { none: "writes the outbox (delivery's own queue)" },
  "digest.server.ts": { none: "writes the outbox" },
  "teams.server.ts": { none: "writes the outbox and a setting" },
  "knowledge-mail.server.ts": { none: "writes the outbox" },
  "mail-status.server.ts": { none: "reads the outbox for the admin home page" },
  "knowledge-sweep.server.ts": { none: "runs ownership and reviews on a timer (their scenarios)" },
  "weekly-summary.server.ts": { none: "writes the outbox" },
  "insights.server.ts": { none: "reads figures" },
  "acknowledge.server.ts": { none: "a person's confirmations and dismissals" },
  "follow.server.ts": { none: "a person's follows" },
  "feedback.server.ts": { none: "private feedback to owners" },
  "knowledge-requests.server.ts": { none: "requests and votes (not content)" },
  "polls.server.ts": { none: "poll votes (counts)" },
  "questions.server.ts": { none: "Q&A threads (moderated, not indexed)" },
  "sign-in.server.ts": { none: "sessions and throttling" },
  "oidc-sign-in.server.ts": { none: "accounts (ownership hand-over runs through ownership.server.ts)" },
  "users.server.ts": { none: "accounts (ownership hand-over runs through ownership.server.ts)" },
  "seed-demo.server.ts": { none: "demo accounts" },
  "people.server.ts": { none: "the directory: people, not content (people search follows people_changes, decision 140: tests/people)" },
  "scim.server.ts": { none: "directory sync: accounts, profiles and groups (decision 142); ownership hand-over runs through ownership.server.ts (tests/people/scim.test.ts)" },
  "demo-activity.server.ts": { none: "the demo's generated activity history: people, counts, confirmations, ratings, engagement, digests sent (tests/demo: it leaves no feed row)" },
  "demo-activity-plan.server.ts": { none: "plans the demo's activity in memory; writes nothing" },
  "comments.server.ts": { none: "comments, follows, reports, settings (decision 170: not content, never indexed)" },
  "demo-conversations.server.ts": { none: "no SQL of its own: it calls the comments, reactions, corrections and stories commands (stories.server.ts's scenario shows the feed rows of a published story)" },
  "stories.server.ts": {
    // Drafts, submissions and suggestions write no feed row; publishing makes an announcement item, whose rows feed (decision 172).
    scenario: async () => {
      const story = StoryForm.parse({ channel: w.channel.slug, title: "Feed: a story from the depot", body: "The new depot opened this week and crews are pleased.", intent: "submit" });
      let id = 0;
      expect(await rowsOf(async () => void ({ id } = (await saveStory(w.staff, null, story, null)) as { id: number }))).toEqual([]);
      expect(await rowsOf(() => publishStory(w.comms, id))).toContainEqual(expect.objectContaining({ entity: "item", change: "publish" }));
    },
  },
  "corrections.server.ts": { none: "corrections and the outbox (decision 171): the corrected text goes live through edit.server.ts" },
  "reactions.server.ts": { none: "reactions (counts, not content)" },
  "public-pages.server.ts": { none: "the public-pages switch (a setting) and what visitors may read" },
  "file-objects.server.ts": { none: "removes objects failed uploads left in the object store (decision 221); writes only object_store_orphans" },
  "comms-requests.server.ts": { none: "requests to the comms team and their conversation (not content)" },
  "public-accounts.server.ts": { none: "the register of public accounts (not content)" },
  "retention.server.ts": { none: "the schedule, holds and queue are not content; disposal deletes the items row, whose trigger feeds readers (tests/duties/retention.test.ts)" },
  "demo-duties.server.ts": { none: "the demo's pre-election periods, retention rule and legal hold (not content)" },
  "accessibility.server.ts": { none: "the accessibility statement's versions and problem reports (not content)" },
  "information-rights.server.ts": { none: "FOI and subject access exports read; they write only the audit log (decision 163)" },
  "publicity.server.ts": { none: "pre-election rules asked inside the workflow's and the scheduler's transactions (their scenarios)" },
  "elections.server.ts": {
    // A publicity reviewer's approval publishes a held announcement: the items row feeds it (decision 161).
    scenario: async () => {
      const now = new Date("2035-04-10T09:00:00Z");
      const db = await getDb();
      const made = await savePeriod(w.comms, null, { kind: "local", title: "Feed period", noticeOn: "2035-04-01", pollingOn: "2035-05-01", scope: "council" }, now);
      expect(made.ok).toBe(true);
      const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Feed: held for publicity" }), "save", now);
      const checklist = { namesOrPhotos: false, controversial: false, partyView: false, note: "" };
      expect(await runWorkflowAction(w.comms, itemId, { intent: "publish", checklist }, now)).toMatchObject({ held: true });
      await setPermissionGrant(db, w.staff.id, "publicity-reviewer", true, null, now.toISOString());
      const reviewer = { ...w.staff, granted: ["publicity-reviewer" as const] };
      expect(await rowsOf(() => approvePublicity(reviewer, itemId, "", now))).toContainEqual(itemRow(itemId, "publish"));
    },
  },
  "access-codes.server.ts": { none: "accounts and one-time sign-in codes (issue 18)" },
  "demo-planning.server.ts": { none: "the demo's campaigns, requests and public accounts (through their commands)" },
  "campaigns.server.ts": { none: "campaigns, their items and targets (the plan), and reminders through the outbox" },
  "events.server.ts": { none: "events, bookings, the register and feedback (not items) and the outbox" },
  "demo-mentoring.server.ts": { none: "no SQL of its own beyond the league's snapshot: it calls the mentoring and thanks commands (neither feeds)" },
  "league.server.ts": { none: "the league's stored figures per quarter (aggregates, not content)" },
  "thanks.server.ts": { none: "thank-you notes between colleagues (not items, never indexed) and the outbox" },
  "mentoring.server.ts": { none: "mentoring offers, asks, pairs and their private logs (decision 136: never indexed or announced) and the outbox" },
  "demo-learning.server.ts": { none: "the demo's events, bookings, registers and learning paths (through their commands)" },
  "learning-paths.server.ts": { none: "learning paths, steps, enrolments and confirmations (not items), the outbox and the audit entry" },
  "shared-devices.server.ts": { none: "which browsers are shared devices (sign-in state)" },
  "briefings.server.ts": { none: "briefings in person and who attended (completion, not item content) and the audit entry" },
  "push.server.ts": { none: "Web Push keys, subscriptions and the notifications queued from the delivery follower (decision 125: tests/frontline/push.test.ts)" },
};

describe("every command module", () => {
  const modules = fs.readdirSync(path.join(process.cwd(), "app", "commands")).filter((f) => /\.server\.ts$/.test(f)).sort();

  it("is listed (a new module must say whether it writes what readers see)", () => {
    expect(modules.filter((m) => !(m in COMMANDS))).toEqual([]);
    expect(Object.keys(COMMANDS).filter((m) => !modules.includes(m)), "listed but gone").toEqual([]);
  });

  for (const [module, entry] of Object.entries(COMMANDS)) {
    if ("scenario" in entry) it(`${module} writes change-feed rows in its own transactions`, entry.scenario, 30_000);
  }
});

/* ------------------------------------------------------------- followers ---- */

describe("followers", () => {
  it("read every change once, in order, from a stored cursor that survives a restart", async () => {
    const seen: number[] = [];
    stops.push(await followChanges("test-order", async (rows) => void seen.push(...rows.map((r) => r.id)), { everyMs: 20 }));
    const first = await rowsOf(() => createItem({ slug: "feed-order-1" }));
    await changeFeedSettled();
    expect(seen).toEqual(first.map((r) => r.id));
    await stops.pop()!();
    // Written while the follower is stopped: read when it starts again, from its cursor.
    const second = await rowsOf(() => createItem({ slug: "feed-order-2" }));
    expect(await getChangeCursor(await getDb(), "test-order")).toBe(first[first.length - 1].id);
    stops.push(await followChanges("test-order", async (rows) => void seen.push(...rows.map((r) => r.id)), { everyMs: 20 }));
    await changeFeedSettled();
    expect(seen).toEqual([...first, ...second].map((r) => r.id));
  });

  it.skipIf(!process.env.DATABASE_URL)("on PostgreSQL, wake at once for a write made through another instance (NOTIFY), not at their next poll", async () => {
    const seen: string[] = [];
    stops.push(await followChanges("test-notify", async (rows) => void seen.push(...rows.map((r) => `${r.entity}:${r.entityId}`)), { everyMs: 600_000 }));
    // Another instance: its own connections, and no commit listener in this process to nudge anyone.
    const other = await openConfiguredDatabase();
    const renameHousing = async (suffix: string) => {
      await other.run("UPDATE departments SET name = name || ? WHERE id = ?", [suffix, w.housing.id]);
      const deadline = Date.now() + 3_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return seen.splice(0);
    };
    try {
      // The first may be found when the LISTEN connection comes up (it looks once then); the second only by NOTIFY.
      expect(await renameHousing(" (1)")).toContain(`department:${w.housing.id}`);
      await new Promise((r) => setTimeout(r, 200));
      expect(await renameHousing(" (2)")).toEqual([`department:${w.housing.id}`]);
    } finally {
      await other.close();
    }
  });

  it("get a failed batch again (nothing is skipped when a handler throws)", async () => {
    const seen: number[] = [];
    let failures = 1;
    stops.push(
      await followChanges("test-retry", async (rows) => {
        if (failures-- > 0) throw new Error("the index was busy");
        seen.push(...rows.map((r) => r.entityId));
      }, { everyMs: 20 }),
    );
    const { id } = await createItem({ slug: "feed-retry" });
    const deadline = Date.now() + 5_000;
    while (!seen.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toContain(id);
  });

  it("a follower that has never run starts at the end of the feed; one told to starts at the beginning", async () => {
    await createItem({ slug: "feed-before-start" });
    const fromEnd: ChangeRow[] = [];
    const fromStart: ChangeRow[] = [];
    stops.push(await followChanges("test-new-end", async (rows) => void fromEnd.push(...rows)));
    stops.push(await followChanges("test-new-start", async (rows) => void fromStart.push(...rows), { startAt: "beginning" }));
    await changeFeedSettled();
    expect(fromEnd).toEqual([]);
    expect(fromStart.length).toBeGreaterThan(10);
  });

  it("are shown on the admin home page with how many changes each has still to handle", async () => {
    const { loader } = await import("~/routes/admin._index");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    stops.push(await followChanges("search", async () => gate, { everyMs: 20 }));
    await createItem({ slug: "feed-admin-lag" });
    await new Promise((r) => setTimeout(r, 50));
    const behind = await load(loader, await requestAs(w.admin.id, "/admin"));
    expect(behind.data.followers).toContainEqual(expect.objectContaining({ follower: "search", behind: expect.any(Number) }));
    expect(behind.data.followers.find((f: { follower: string }) => f.follower === "search").behind).toBeGreaterThan(0);
    release();
    await changeFeedSettled();
    const caughtUp = await load(loader, await requestAs(w.admin.id, "/admin"));
    expect(caughtUp.data.followers.find((f: { follower: string }) => f.follower === "search").behind).toBe(0);
  });

  it("replaying after a crash between handling and saving the cursor sends no alert twice", async () => {
    const { startDeliveryWorker } = await import("~/commands/deliver.server");
    // A mail server nobody answers at: messages stay queued, which is all this test counts.
    Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: "9" });
    resetEnvForTests();
    stops.push(async () => {
      delete process.env.SMTP_HOST;
      delete process.env.SMTP_PORT;
      resetEnvForTests();
    });
    const db = await getDb();
    const reader = await createUser({ role: "staff", departmentId: w.housing.id });
    stops.push(await startDeliveryWorker(60_000));
    const { id } = await createItem({ slug: "feed-urgent", title: "Feed: water off at the depot", priority: "urgent", publishAt: new Date().toISOString() });
    await changeFeedSettled();
    const alerts = async () => (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE purpose = 'alert' AND item_id = ? AND user_id = ?", [id, reader.id]))!.n;
    expect(await alerts()).toBe(1);
    // As if the process died after queueing but before saving its cursor: the rows come again.
    await stops.pop()!();
    await rewindChangeCursor(db, "delivery", 0);
    stops.push(await startDeliveryWorker(60_000));
    await changeFeedSettled();
    expect(await getChangeCursor(db, "delivery")).toBe(await latestChangeId(db));
    expect(await alerts()).toBe(1);
  });
});
