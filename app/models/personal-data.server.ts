/**
 * THE register of personal data (decision 160): every table in the schema is listed here
 * once, saying
 *   - which columns identify a person (`people`): subject access searches each of them,
 *     so a table listed here is in every subject access export by construction;
 *   - which rows belong to an item (`item`): disposal of an item removes them, so a table
 *     listed here is cleared when an item is disposed of by construction;
 *   - or, with a reason, why the table holds no personal data / keeps its rows.
 *
 * tests/unit/personal-data-register.test.ts enumerates every table (and every column that
 * refers to users, items or holds an email address) and fails, naming the table, until a
 * new table is listed here. Adding a table: add an entry; the exports, disposal and the
 * "sources searched" list follow.
 */
import type { Queryable } from "~/utils/db.server";

/** A column that identifies a person. */
export type PersonColumn = {
  column: string;
  /** `id`: a users.id (default); `email`: an email address (matched case-insensitively). */
  kind?: "id" | "email";
  /** How the export describes the person in this column, e.g. "asked by". */
  as: string;
};

/** How rows belong to an item: directly, or through a parent row that does. */
export type ItemLink = { column: string; via?: { table: string; key: string; itemColumn: string } };

export type RegisterEntry = {
  /** What a row is, in plain words (shown as a "source searched" in subject access exports). */
  holds: string;
  /** Columns that identify a person; empty when `noPersonalData` says why. */
  people: PersonColumn[];
  /** Why the table holds no personal data (required when `people` is empty). */
  noPersonalData?: string;
  /** Rows of an item: removed when the item is disposed of. */
  item?: ItemLink;
  /** Why rows that refer to an item stay when the item is disposed of. */
  itemKept?: string;
  /** Secrets and other people's private words: never exported. */
  omit?: string[];
  /** Extra condition to find rows about a person not in a person column (one `?`: the user id). */
  aboutSql?: string;
  /** Not offered in the self-service download at /me (still in the officer's export), with the reason. */
  officerOnly?: string;
  /**
   * Free-text columns that are the words of the person in `by`: a subject access export
   * shows them only when that person is the subject (another person's words are withheld).
   */
  words?: { columns: string[]; by: string };
};

export const PERSONAL_DATA: Record<string, RegisterEntry> = {
  users: { holds: "your account: name, email, role, department, job title, sign-in dates", people: [{ column: "id", as: "the account" }, { column: "email", kind: "email", as: "the account" }], omit: ["password_hash", "oidc_subject", "pin_hash"] },
  access_codes: { holds: "one-time sign-in codes issued to you (when issued, by whom, used, revoked, expired)", people: [{ column: "user_id", as: "for" }, { column: "issued_by", as: "issued by" }], omit: ["code_hash"] },
  reading_settings: { holds: "your reading settings (text size, spacing, contrast, motion)", people: [{ column: "user_id", as: "the account" }] },
  push_subscriptions: {
    holds: "browsers you turned notifications on for (when added, last notified)", people: [{ column: "user_id", as: "for" }],
    omit: ["endpoint", "p256dh", "auth"],
  },
  push_messages: { holds: "notifications sent to your browsers (title and link only; records kept 30 days)", people: [{ column: "user_id", as: "sent to" }], item: { column: "item_id" } },
  push_keys: { holds: "the server's Web Push key pair", people: [], noPersonalData: "secrets of the server" },
  saved_offline: { holds: "guides you saved for offline reading", people: [{ column: "user_id", as: "saved by" }], item: { column: "item_id" } },
  briefings: { holds: "briefings in person on must-read items (date, place, who led it, who recorded it)", people: [{ column: "recorded_by", as: "recorded by" }], item: { column: "item_id" } },
  briefing_attendees: {
    holds: "that you were briefed in person on a must-read item", people: [{ column: "user_id", as: "briefed" }],
    item: { column: "briefing_id", via: { table: "briefings", key: "id", itemColumn: "item_id" } },
  },
  shared_devices: { holds: "shared devices an administrator marked", people: [{ column: "created_by", as: "marked by" }, { column: "revoked_by", as: "revoked by" }] },
  sessions: { holds: "signed-in sessions", people: [{ column: "user_id", as: "signed in" }], omit: ["id", "csrf_token"] },
  department_grants: { holds: "departments you may post for", people: [{ column: "user_id", as: "granted to" }, { column: "granted_by", as: "granted by" }] },
  feed_tokens: { holds: "your private feed address", people: [{ column: "user_id", as: "owner" }], omit: ["token"] },
  password_links: { holds: "password set-up and reset links", people: [{ column: "user_id", as: "for" }, { column: "created_by", as: "created by" }] },
  sign_in_attempts: { holds: "sign-in attempts (account typed, address, outcome)", people: [{ column: "account", kind: "email", as: "account typed" }] },
  sign_in_locks: { holds: "temporary sign-in locks after repeated failures", people: [{ column: "key", kind: "email", as: "locked account" }] },
  sign_in_resets: { holds: "when an administrator cleared sign-in failures", people: [{ column: "account", kind: "email", as: "account" }] },
  oidc_flows: { holds: "sign-ins in progress through the identity provider (minutes)", people: [], noPersonalData: "random state only; no person until the sign-in completes" },
  signing_keys: { holds: "the server's secrets", people: [], noPersonalData: "secrets of the server" },
  audit_log: {
    holds: "the audit log: who did what, and what was done to your account",
    people: [{ column: "actor_id", as: "done by" }], aboutSql: "entity_type = 'user' AND entity_id = ?",
    itemKept: "the accountability record (who did what, when) outlives the item; it holds no content",
  },

  items: {
    holds: "pages you wrote, own or are deputy for",
    people: [{ column: "author_id", as: "author" }, { column: "owner_email", kind: "email", as: "owner" }, { column: "deputy_email", kind: "email", as: "deputy" }],
    item: { column: "id" },
  },
  revisions: { holds: "every saved version of a page, with who saved it", people: [{ column: "author_id", as: "saved by" }], item: { column: "item_id" }, omit: ["html", "toc_json"] },
  policy_versions: { holds: "policy versions", people: [], noPersonalData: "version numbers and dates; the text is in revisions", item: { column: "item_id" } },
  workflow_events: { holds: "submissions, reviews and approvals of pages", people: [{ column: "actor_id", as: "done by" }], item: { column: "item_id" } },
  pending_changes: { holds: "changes waiting for approval", people: [{ column: "updated_by", as: "changed by" }], item: { column: "item_id" } },
  item_target_departments: { holds: "where a page was sent", people: [], noPersonalData: "departments only", item: { column: "item_id" } },
  item_audience_departments: { holds: "who a page is for", people: [], noPersonalData: "departments only", item: { column: "item_id" } },
  item_audience_roles: { holds: "who a page is for", people: [], noPersonalData: "roles only", item: { column: "item_id" } },
  item_channels: { holds: "a page's channels", people: [], noPersonalData: "channels only", item: { column: "item_id" } },
  item_tags: { holds: "a page's tags", people: [], noPersonalData: "tags only", item: { column: "item_id" } },
  item_related: { holds: "related pages", people: [], noPersonalData: "links only", item: { column: "item_id" } },
  attachments: { holds: "files attached to pages (title, name, image description), with who attached them", people: [{ column: "created_by", as: "attached by" }], item: { column: "item_id" } },
  attachment_versions: {
    holds: "every upload of an attached file, with who uploaded it", people: [{ column: "uploaded_by", as: "uploaded by" }],
    item: { column: "attachment_id", via: { table: "attachments", key: "id", itemColumn: "item_id" } }, omit: ["text"],
  },
  file_blobs: {
    holds: "the bytes of attached files, once per SHA-256", people: [],
    noPersonalData: "file contents by hash: who attached them, and to which page, is in attachment_versions and attachments",
  },
  object_store_orphans: {
    holds: "hashes of stored objects a failed upload left, until the sweep removes them", people: [],
    noPersonalData: "hashes and times only",
  },
  content_files: { holds: "imported files' hashes", people: [], noPersonalData: "file paths and hashes", item: { column: "item_id" } },
  ownership_changes: {
    holds: "hand-overs of page ownership",
    people: [{ column: "actor_id", as: "done by" }, { column: "from_email", kind: "email", as: "from" }, { column: "to_email", kind: "email", as: "to" }],
    item: { column: "item_id" },
  },
  page_reviews: { holds: "page reviews you recorded", people: [{ column: "reviewer_id", as: "reviewer" }], item: { column: "item_id" } },
  review_reminders: { holds: "review reminders sent to you", people: [{ column: "recipient_email", kind: "email", as: "sent to" }], item: { column: "item_id" } },
  acknowledgements: { holds: "your confirmations of must-read pages (version and time)", people: [{ column: "user_id", as: "confirmed by" }], item: { column: "item_id" } },
  banner_dismissals: { holds: "notices you dismissed", people: [{ column: "user_id", as: "dismissed by" }], item: { column: "item_id" } },
  reach_daily: { holds: "page views per department per day", people: [], noPersonalData: "counts per department, no person", item: { column: "item_id" } },
  outbox: { holds: "email and messages sent to you", people: [{ column: "user_id", as: "sent to" }], item: { column: "item_id" } },
  page_ratings: { holds: "whether you found a page helpful", people: [{ column: "user_id", as: "rated by" }], item: { column: "item_id" } },
  page_feedback: {
    holds: "feedback you gave on pages (your own words)",
    people: [{ column: "author_id", as: "written by" }, { column: "resolved_by", as: "resolved by" }], item: { column: "item_id" },
    words: { columns: ["comment"], by: "author_id" },
  },
  page_feedback_replies: {
    holds: "replies to feedback",
    people: [{ column: "author_id", as: "written by" }], words: { columns: ["body"], by: "author_id" },
    item: { column: "feedback_id", via: { table: "page_feedback", key: "id", itemColumn: "item_id" } },
  },
  polls: { holds: "polls you created", people: [{ column: "created_by", as: "created by" }], item: { column: "item_id" } },
  poll_options: { holds: "poll answers (counts)", people: [], noPersonalData: "counts only: polls are anonymous", item: { column: "poll_id", via: { table: "polls", key: "id", itemColumn: "item_id" } } },
  poll_voters: { holds: "that you voted in a poll (never what you chose)", people: [{ column: "user_id", as: "voted" }], item: { column: "poll_id", via: { table: "polls", key: "id", itemColumn: "item_id" } } },
  announcement_questions: {
    holds: "questions you asked or answered",
    people: [{ column: "asker_id", as: "asked by" }, { column: "answered_by", as: "answered by" }, { column: "hidden_by", as: "hidden by" }],
    item: { column: "item_id" }, words: { columns: ["body"], by: "asker_id" },
  },
  comments: {
    holds: "comments you wrote on pages, and comments you moderated",
    people: [{ column: "author_id", as: "written by" }, { column: "moderated_by", as: "moderated by" }], item: { column: "item_id" },
    words: { columns: ["body"], by: "author_id" },
  },
  comment_versions: { holds: "earlier wording of comments edited later", people: [], noPersonalData: "text only; its writer is the comment's author", item: { column: "comment_id", via: { table: "comments", key: "id", itemColumn: "item_id" } } },
  comment_reports: {
    holds: "comments you reported to the moderators, with your reason",
    people: [{ column: "reporter_id", as: "reported by" }, { column: "resolved_by", as: "resolved by" }], words: { columns: ["reason"], by: "reporter_id" },
    item: { column: "comment_id", via: { table: "comments", key: "id", itemColumn: "item_id" } },
  },
  comment_follows: { holds: "comment threads you follow", people: [{ column: "user_id", as: "followed by" }], item: { column: "thread_id", via: { table: "comments", key: "id", itemColumn: "item_id" } } },
  comment_mentions: { holds: "comments that mention you", people: [{ column: "user_id", as: "mentioned" }], item: { column: "comment_id", via: { table: "comments", key: "id", itemColumn: "item_id" } } },
  item_comment_settings: { holds: "whether a page takes comments", people: [{ column: "changed_by", as: "changed by" }], item: { column: "item_id" } },
  channel_comment_settings: { holds: "channels whose comments wait for approval", people: [{ column: "changed_by", as: "changed by" }] },
  stories: {
    holds: "staff stories you wrote, and stories you published or sent back as an editor (decision 172)",
    people: [{ column: "writer_id", as: "written by" }, { column: "decided_by", as: "decided by" }], item: { column: "item_id" },
    omit: ["photo"],
  },
  story_suggestions: {
    holds: "suggestions you sent a story's writer",
    people: [{ column: "author_id", as: "suggested by" }], item: { column: "story_id", via: { table: "stories", key: "id", itemColumn: "item_id" } },
  },
  item_corrections: { holds: "corrections you recorded", people: [{ column: "created_by", as: "recorded by" }], item: { column: "item_id" } },
  item_alert_recipients: { holds: "alerts about pages sent to you", people: [{ column: "user_id", as: "alerted" }], item: { column: "item_id" } },
  item_alert_channels: { holds: "Teams channels alerted about pages", people: [], noPersonalData: "channels only", item: { column: "item_id" } },
  item_reactions: { holds: "your reactions to pages", people: [{ column: "user_id", as: "reacted" }], item: { column: "item_id" } },
  comment_reactions: { holds: "your reactions to comments", people: [{ column: "user_id", as: "reacted" }], item: { column: "comment_id", via: { table: "comments", key: "id", itemColumn: "item_id" } } },
  knowledge_requests: {
    holds: "knowledge requests you made or closed",
    people: [{ column: "requester_id", as: "asked by" }, { column: "closed_by", as: "closed by" }], words: { columns: ["details", "search_query"], by: "requester_id" },
    itemKept: "answer_item_id is cleared (the request is the requester's, not the page's)",
  },
  knowledge_request_routes: { holds: "knowledge requests routed to you", people: [{ column: "user_id", as: "routed to" }] },
  knowledge_request_votes: { holds: "knowledge requests you supported", people: [{ column: "user_id", as: "supported by" }] },
  channel_follows: { holds: "channels you follow", people: [{ column: "user_id", as: "follower" }] },
  notification_prefs: { holds: "your email choices", people: [{ column: "user_id", as: "for" }] },
  knowledge_settings: { holds: "knowledge settings", people: [{ column: "updated_by", as: "changed by" }] },
  site_settings: { holds: "intranet-wide settings", people: [{ column: "updated_by", as: "changed by" }] },

  permission_grants: { holds: "permissions an administrator granted you", people: [{ column: "user_id", as: "granted to" }, { column: "granted_by", as: "granted by" }] },
  election_periods: { holds: "pre-election periods you recorded", people: [{ column: "created_by", as: "recorded by" }], itemKept: "the guidance guide link is cleared (the period outlives its guide)" },
  election_period_departments: { holds: "a period's departments", people: [], noPersonalData: "departments only" },
  election_period_wards: { holds: "a period's wards", people: [], noPersonalData: "ward names only" },
  election_candidates: {
    holds: "candidates and councillors named in a period", people: [],
    noPersonalData: "no staff: names of candidates and councillors as published in the statement of persons nominated (public record); deleted with the period",
  },
  publicity_checks: { holds: "publicity checklist answers you gave", people: [{ column: "answered_by", as: "answered by" }], item: { column: "item_id" } },
  publicity_decisions: { holds: "publicity approvals and emergency overrides you made", people: [{ column: "actor_id", as: "decided by" }], item: { column: "item_id" } },
  election_period_log: {
    holds: "the log of pre-election periods (what was held, approved, published)", people: [{ column: "actor_id", as: "done by" }],
    itemKept: "the period's report outlives the item: it keeps the title and clears the link (item_id is set to NULL)",
  },

  comms_requests: {
    holds: "requests you made to the communications team, or were assigned",
    people: [{ column: "requester_id", as: "asked by" }, { column: "assignee_id", as: "assigned to" }],
  },
  comms_request_messages: { holds: "messages on requests to the communications team", people: [{ column: "author_id", as: "written by" }], words: { columns: ["body"], by: "author_id" } },
  comms_request_files: { holds: "files attached to requests to the communications team", people: [{ column: "uploaded_by", as: "uploaded by" }] },
  public_accounts: { holds: "official public accounts you hold the log-in for", people: [{ column: "holder1_id", as: "holder" }, { column: "holder2_id", as: "second holder" }] },

  retention_rules: { holds: "retention rules you changed", people: [{ column: "updated_by", as: "changed by" }] },
  legal_holds: {
    holds: "legal holds on you, or that you placed or released",
    people: [{ column: "user_id", as: "held" }, { column: "placed_by", as: "placed by" }, { column: "released_by", as: "released by" }],
    officerOnly: "a hold on a person may relate to a claim or request not yet disclosed to them",
    itemKept: "a held item is never disposed of; a released hold keeps its record (item_id set to NULL)",
  },
  disposal_queue: { holds: "pages waiting for a disposal decision", people: [{ column: "decided_by", as: "decided by" }], item: { column: "item_id" } },
  disposal_records: { holds: "disposals you approved (what, when, which rule)", people: [{ column: "approved_by", as: "approved by" }] },

  accessibility_statements: { holds: "versions of the accessibility statement you saved", people: [{ column: "created_by", as: "saved by" }] },
  accessibility_reports: {
    holds: "accessibility problems you reported, or handled", people: [{ column: "reporter_id", as: "reported by" }, { column: "handled_by", as: "handled by" }],
    words: { columns: ["problem", "format"], by: "reporter_id" },
  },

  campaigns: { holds: "campaigns you own or created", people: [{ column: "owner_id", as: "owner" }, { column: "created_by", as: "created by" }] },
  campaign_audience_departments: { holds: "a campaign's departments", people: [], noPersonalData: "departments only" },
  campaign_audience_roles: { holds: "a campaign's roles", people: [], noPersonalData: "roles only" },
  campaign_items: { holds: "pages in a campaign", people: [], noPersonalData: "links only", item: { column: "item_id" } },
  campaign_events: { holds: "events in a campaign", people: [], noPersonalData: "links only" },
  campaign_targets: { holds: "a campaign's targets", people: [], noPersonalData: "figures only" },

  departments: { holds: "departments", people: [], noPersonalData: "organisation units" },
  channels: { holds: "channels", people: [], noPersonalData: "organisation units" },
  glossary_terms: { holds: "glossary", people: [], noPersonalData: "terms and definitions" },
  search_misses: { holds: "searches that found nothing", people: [], noPersonalData: "the words typed, never who typed them" },
  search_query_days: { holds: "searches per day", people: [], noPersonalData: "counts of words typed, never who typed them" },
  weekly_summaries: { holds: "weekly summary figures", people: [], noPersonalData: "counts (recipients is a number)" },
  change_feed: { holds: "the change feed", people: [], noPersonalData: "ids of changed records", itemKept: "ids only; followers must see the item go" },
  change_feed_cursors: { holds: "followers' positions", people: [], noPersonalData: "bookkeeping" },
  schema_migrations: { holds: "applied migrations", people: [], noPersonalData: "bookkeeping" },

  people_profiles: {
    holds: "your directory profile: handle, manager, team, base, phones, working pattern, pronouns, about me and who sees each",
    people: [{ column: "user_id", as: "the profile" }, { column: "manager_id", as: "manager" }],
  },
  people_expertise: { holds: "what people can ask you about", people: [{ column: "user_id", as: "the profile" }] },
  people_languages: { holds: "languages on your profile", people: [{ column: "user_id", as: "the profile" }] },
  people_photos: { holds: "your profile photo (re-encoded, no metadata)", people: [{ column: "user_id", as: "the profile" }], omit: ["image"] },
  people_teams: { holds: "teams", people: [{ column: "manager_id", as: "team manager" }] },
  people_changes: { holds: "people search's feed", people: [{ column: "user_id", as: "changed" }], officerOnly: "ids of changed profiles: bookkeeping" },
  scim_tokens: { holds: "directory sync tokens", people: [{ column: "created_by", as: "created by" }, { column: "revoked_by", as: "revoked by" }], omit: ["token_hash"] },
  scim_groups: { holds: "directory sync groups", people: [], noPersonalData: "group names from the identity provider" },
  scim_group_members: { holds: "your directory sync group memberships", people: [{ column: "user_id", as: "member" }] },
  events: { holds: "events and training you organise", people: [{ column: "organiser_id", as: "organised by" }] },
  event_organisers: { holds: "events you co-organise", people: [{ column: "user_id", as: "co-organiser" }] },
  event_audience_departments: { holds: "an event's departments", people: [], noPersonalData: "departments only" },
  event_audience_roles: { holds: "an event's roles", people: [], noPersonalData: "roles only" },
  event_bookings: { holds: "your bookings, waiting-list places and approvals for events", people: [{ column: "user_id", as: "booked by" }] },
  event_attendance: { holds: "events you attended (the register)", people: [{ column: "user_id", as: "attended" }, { column: "recorded_by", as: "recorded by" }] },
  event_feedback: { holds: "your feedback on events (organisers see it without your name)", people: [{ column: "user_id", as: "given by" }], words: { columns: ["comment"], by: "user_id" } },
  learning_grants: { holds: "the learning permission an administrator granted you", people: [{ column: "user_id", as: "granted to" }, { column: "granted_by", as: "granted by" }] },
  mentoring_offers: { holds: "your offer to mentor (topics, how many at once, in person or online)", people: [{ column: "mentor_id", as: "offered by" }] },
  mentoring_offer_topics: { holds: "the topics of a mentoring offer", people: [], noPersonalData: "topic words; who offered them is in mentoring_offers" },
  mentoring_asks: { holds: "your requests for a mentor (topic, how you would meet, what you hoped for)", people: [{ column: "mentee_id", as: "asked by" }] },
  mentoring_pairs: {
    holds: "mentoring pairs you are in: who, the topic, your agreed goals and how often you meet, when it started and ended, and feedback left at the end",
    people: [{ column: "mentor_id", as: "mentor" }, { column: "mentee_id", as: "mentee" }, { column: "matched_by", as: "matched by" }, { column: "ended_by", as: "ended by" }],
    words: { columns: ["end_feedback"], by: "ended_by" },
  },
  mentoring_log_entries: {
    holds: "your own entries in a mentoring pair's private session log (the other person's entries are theirs)",
    people: [{ column: "author_id", as: "written by" }], words: { columns: ["notes"], by: "author_id" },
  },
  mentoring_reminders: { holds: "reminders sent to a mentoring pair", people: [], noPersonalData: "a pair id and a day; the pair is in mentoring_pairs" },
  mentoring_settings: { holds: "mentoring settings", people: [{ column: "updated_by", as: "changed by" }] },
  thanks_notes: {
    holds: "thank-you notes you sent or received, and whether you show them on your profile",
    people: [{ column: "sender_id", as: "sent by" }, { column: "recipient_id", as: "sent to" }],
    itemKept: "the note is between two colleagues, not part of the page: the link to the page is cleared (item_id set to NULL)",
  },
  league_snapshots: { holds: "the department league's figures per quarter", people: [], noPersonalData: "counts per department per quarter (aggregates; no person)" },
  learning_paths: { holds: "learning paths you built", people: [{ column: "created_by", as: "built by" }] },
  learning_path_audience_departments: { holds: "a learning path's departments", people: [], noPersonalData: "departments only" },
  learning_path_audience_roles: { holds: "a learning path's roles", people: [], noPersonalData: "roles only" },
  learning_path_steps: { holds: "the steps of learning paths", people: [], noPersonalData: "steps only (a guide, a kind of event or a task)", item: { column: "item_id" } },
  learning_enrolments: { holds: "learning paths you are on (enrolled yourself or by your manager)", people: [{ column: "user_id", as: "enrolled" }, { column: "enrolled_by", as: "enrolled by" }] },
  learning_guide_confirmations: { holds: "guides you confirmed you have read (learning path progress)", people: [{ column: "user_id", as: "confirmed by" }], item: { column: "item_id" } },
  learning_task_confirmations: {
    holds: "learning path tasks you ticked off", people: [{ column: "user_id", as: "done by" }],
    itemKept: "only task steps are ticked here, and a task step never points at an item (guide steps do); rows go with their step",
  },
  sqlite_sequence: { holds: "the database's counters", people: [], noPersonalData: "bookkeeping" },
};

/* --------------------------------------------------------------- queries ---- */

export type SourceRows = { table: string; holds: string; rows: Record<string, unknown>[] };

/** The WHERE clause finding a person's rows in one registered table (names come only from the register). */
function personWhere(entry: RegisterEntry): string {
  const parts = entry.people.map((p) => (p.kind === "email" ? `lower(${p.column}) = lower(?)` : `${p.column} = ?`));
  if (entry.aboutSql) parts.push(`(${entry.aboutSql})`);
  return parts.join(" OR ");
}

/** Every registered table's rows about a person (columns in `omit` removed), in register order. */
export async function rowsAboutPerson(q: Queryable, person: { id: number; email: string }, options: { selfService?: boolean } = {}): Promise<SourceRows[]> {
  const out: SourceRows[] = [];
  for (const [table, entry] of Object.entries(PERSONAL_DATA)) {
    if (entry.people.length === 0) continue;
    if (options.selfService && entry.officerOnly) continue;
    const params = entry.people.map((p) => (p.kind === "email" ? person.email : person.id));
    if (entry.aboutSql) params.push(person.id);
    const rows = await q.all<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${personWhere(entry)}`, params);
    const omit = new Set(entry.omit ?? []);
    out.push({ table, holds: entry.holds, rows: rows.map((r) => withholdOthersWords(entry, person.id, Object.fromEntries(Object.entries(r).filter(([k]) => !omit.has(k))))) });
  }
  return out;
}

/** What replaces another person's words in a subject access export. */
export const WITHHELD = "[withheld: another person's words]";

/** Another person's own words in a row about the subject (e.g. feedback the subject resolved) are withheld. */
function withholdOthersWords(entry: RegisterEntry, personId: number, row: Record<string, unknown>): Record<string, unknown> {
  if (!entry.words || row[entry.words.by] === personId) return row;
  const out = { ...row };
  for (const c of entry.words.columns) if (out[c] !== null && out[c] !== undefined && out[c] !== "") out[c] = WITHHELD;
  return out;
}

/** The tables searched for a person, in plain words (the export's "sources searched"). */
export function sourcesSearched(options: { selfService?: boolean } = {}): Array<{ table: string; holds: string }> {
  return Object.entries(PERSONAL_DATA)
    .filter(([, e]) => e.people.length > 0 && !(options.selfService && e.officerOnly))
    .map(([table, e]) => ({ table, holds: e.holds }));
}

/** Rows belonging to an item in one table (for exports and checks). */
export async function rowsOfItem(q: Queryable, table: string, itemId: number): Promise<Record<string, unknown>[]> {
  const entry = PERSONAL_DATA[table];
  if (!entry?.item) return [];
  const { column, via } = entry.item;
  const sql = via
    ? `SELECT * FROM ${table} WHERE ${column} IN (SELECT ${via.key} FROM ${via.table} WHERE ${via.itemColumn} = ?)`
    : `SELECT * FROM ${table} WHERE ${column} = ?`;
  return q.all<Record<string, unknown>>(sql, [itemId]);
}

/**
 * Removes every registered row of an item: tables reached through a parent first, the
 * items row last; knowledge requests that pointed at it lose the link. Returns rows removed per table.
 */
export async function deleteItemEverywhere(q: Queryable, itemId: number): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const entries = Object.entries(PERSONAL_DATA).filter(([, e]) => e.item);
  const order = [...entries.filter(([, e]) => e.item!.via), ...entries.filter(([t, e]) => !e.item!.via && t !== "items" && t !== "revisions")];
  await q.run("UPDATE knowledge_requests SET answer_item_id = NULL WHERE answer_item_id = ?", [itemId]);
  await q.run("UPDATE election_periods SET guide_item_id = NULL WHERE guide_item_id = ?", [itemId]);
  await q.run("UPDATE election_period_log SET item_id = NULL WHERE item_id = ?", [itemId]);
  await q.run("UPDATE legal_holds SET item_id = NULL WHERE item_id = ?", [itemId]);
  await q.run("UPDATE thanks_notes SET item_id = NULL WHERE item_id = ?", [itemId]);
  for (const [table, entry] of order) {
    const { column, via } = entry.item!;
    const sql = via
      ? `DELETE FROM ${table} WHERE ${column} IN (SELECT ${via.key} FROM ${via.table} WHERE ${via.itemColumn} = ?)`
      : `DELETE FROM ${table} WHERE ${column} = ?`;
    removed[table] = (await q.run(sql, [itemId])).changes;
  }
  // items and revisions point at each other: unhook, then remove revisions, then the item.
  await q.run("UPDATE items SET current_revision_id = NULL WHERE id = ?", [itemId]);
  removed.revisions = (await q.run("DELETE FROM revisions WHERE item_id = ?", [itemId])).changes;
  removed.items = (await q.run("DELETE FROM items WHERE id = ?", [itemId])).changes;
  return removed;
}
