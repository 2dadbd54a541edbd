/**
 * Every model function that reads items applies the access rule, or says why not.
 *
 * The models (app/models/*.server.ts) are read at test time, as tests/auth/route-matrix.test.ts
 * reads the routes. A function "reads items" when its SQL selects from `items`, `revisions`
 * or `policy_versions`, directly or through a constant or function of its own file or one
 * it imports from another model. Each such exported function must be in RULES below:
 *
 * - `viewer`: it takes the viewer's clause (`visibleItemsSql`, or `listedOrEditableSql` for
 *   lists of someone's own pages) in the named parameter and puts it in its SQL. Checked
 *   by reading the function, and by running `probe` as a person outside a restricted
 *   page's audience (nothing of it may come back) and as one inside it (it must, or the
 *   probe proves nothing). Drafts (`zqd`) come back for nobody.
 * - `editor`: it takes an `EditScope` (app/access/drafts.server.ts: who may edit) and puts
 *   `editScopeSql` in its SQL; probed with a champion of another department and of its own.
 * - `unfiltered`: only for the reason given, and every file that imports it is listed in
 *   `callers` (and still imports it), so a new use has to be looked at and added here.
 * - `noItemData`: it touches items only to count, order or join, and returns nothing of
 *   an item a person could read (the reason says what).
 *
 * A new function that reads items and is not in RULES fails the first test, naming it.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { editScope, listedOrEditableSql, type EditScope } from "~/access/drafts.server";
import * as acknowledgement from "~/models/acknowledgement.server";
import * as announcement from "~/models/announcement.server";
import * as champions from "~/models/champions.server";
import * as banner from "~/models/banner.server";
import * as contentHealth from "~/models/content-health.server";
import * as contentExport from "~/models/content-export.server";
import * as feed from "~/models/feed.server";
import * as feedback from "~/models/feedback.server";
import * as follow from "~/models/follow.server";
import * as guide from "~/models/guide.server";
import * as homeModel from "~/models/home.server";
import * as insights from "~/models/insights.server";
import * as item from "~/models/item.server";
import * as learningPath from "~/models/learning-path.server";
import * as policy from "~/models/policy.server";
import * as search from "~/models/search.server";
import * as savedOffline from "~/models/saved-offline.server";
import * as workflow from "~/models/workflow.server";
import * as deliveryView from "~/presenters/delivery.server";
import * as home from "~/presenters/home.server";
import { getDb, type Database } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { createChannel, createDepartment, createItem, createPolicyVersion, createUser } from "../factories";

type Person = Viewer & { grants: [] };
type World = {
  db: Database;
  outside: Person;
  inside: Person;
  openDepartment: number;
  secretDepartment: number;
  channelId: number;
  itemIds: number[];
  restrictedGuide: number;
  restrictedPolicy: number;
  openGuide: number;
};
type Who = "outside" | "inside";
/** What a probe returns: labels (titles, tags, department names, days) of what came back. */
type Probe = (w: World, who: Who, person: Person) => Promise<string[]>;
type Rule =
  | { viewer: string; probe: Probe; titles?: boolean }
  | { editor: string; probe: (w: World, scope: EditScope) => Promise<string[]> }
  | { unfiltered: string; callers: string[] }
  | { noItemData: string };

/** Restricted content is marked `zqm` (titles, a tag, its department's name, a reach day); drafts `zqd`. */
const MARK = "zqm";
const DRAFT = "zqd";
const SECRET_DAY = "2020-02-02";
const PERIOD = { from: "2020-02-01", to: "2020-02-29" };
const FROM = "2020-02-01T00:00:00.000Z";
const TO = "2020-03-01T00:00:00.000Z";

const vis = (p: Person) => visibleItemsSql(p, "i", { includeExpired: true });
const listing = (p: Person) => listedOrEditableSql(p);
const titles = (rows: { title: string }[]) => rows.map((r) => r.title);
/** A model's statement builder's SQL, run as the model function that uses it runs it. */
const runBuilt = (w: World, built: { sql: string; params: unknown[] }) => w.db.all<{ title: string }>(built.sql, built.params);
const day = (d: string) => (d === SECRET_DAY ? `${MARK}-day` : d);

const RULES: Record<string, Rule> = {
  // ---- acknowledgements
  "acknowledgement.server.ts#listOutstandingForUser": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await acknowledgement.listOutstandingForUser(w.db, p.id, vis(p))) },
  "saved-offline.server.ts#listSavedOffline": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => {
      await savedOffline.saveForOffline(w.db, p.id, w.restrictedGuide, "2020-01-01T00:00:00.000Z");
      await savedOffline.saveForOffline(w.db, p.id, w.openGuide, "2020-01-01T00:00:00.000Z");
      return titles(await savedOffline.listSavedOffline(w.db, p.id, vis(p)));
    },
  },
  "acknowledgement.server.ts#listMustReadItems": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await acknowledgement.listMustReadItems(w.db, vis(p))) },
  "acknowledgement.server.ts#listMustReadPublishedBetween": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await acknowledgement.listMustReadPublishedBetween(w.db, FROM, TO, vis(p))) },
  "acknowledgement.server.ts#getAcknowledgementStatus": { unfiltered: "one item's confirmation state for its reader; the item page and the confirm command check canSeeItem first", callers: ["app/commands/acknowledge.server.ts", "app/commands/deliver.server.ts", "app/presenters/delivery.server.ts", "app/commands/push.server.ts"] },
  "acknowledgement.server.ts#currentPolicyVersion": { unfiltered: "a version number of one item whose page the caller already checked", callers: ["app/commands/acknowledge.server.ts", "app/commands/deliver.server.ts", "app/presenters/delivery.server.ts", "app/commands/corrections.server.ts"] },
  "acknowledgement.server.ts#latestPolicyVersion": { unfiltered: "the alert about one item, composed for a recipient checked with canSeeItem", callers: ["app/commands/deliver.server.ts"] },
  "acknowledgement.server.ts#findMustReadItem": { unfiltered: "one must-read item for the completion pages, which check canSeeItem and read:acknowledgements (utils/acknowledgement-access); the briefing command for an item its route checked the same way", callers: ["app/utils/acknowledgement-access.server.ts", "app/commands/briefings.server.ts"] },
  "acknowledgement.server.ts#completionByDepartment": { unfiltered: "counts for one item the completion pages already checked, limited to the departments the person may see", callers: ["app/routes/acknowledgements.$itemId.tsx", "app/routes/acknowledgements._index.tsx", "app/presenters/campaign.server.ts"] },
  "acknowledgement.server.ts#listPeopleInScope": { unfiltered: "who confirmed one item the completion page already checked (the briefing pages and sign-off sheets too: loadCompletionItem, or the team briefing's own visible must-reads)", callers: ["app/routes/acknowledgements.$itemId.tsx", "app/routes/acknowledgements.$itemId.export[.]csv.tsx", "app/commands/campaigns.server.ts", "app/commands/briefings.server.ts", "app/routes/acknowledgements.$itemId_.briefed.tsx", "app/routes/departments.$slug_.briefing.tsx"] },
  "acknowledgement.server.ts#listRecipientsInScope": { unfiltered: "the people an alert could go to; deliver filters each with canSeeItem and checks again when it sends", callers: ["app/commands/deliver.server.ts"] },
  "acknowledgement.server.ts#listOutstandingRecipients": { unfiltered: "reminder candidates for one item; the digest checks each person with canSeeItem and the outbox again when it sends", callers: ["app/commands/digest.server.ts"] },
  // ---- learning paths (decision 132)
  "learning-path.server.ts#listGuidesByIds": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await learningPath.listGuidesByIds(w.db, w.itemIds, vis(p))) },
  "learning-path.server.ts#listGuideChoices": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await learningPath.listGuideChoices(w.db, vis(p))) },
  "learning-path.server.ts#listSteps": { noItemData: "a path's steps with a guide step's item id only; titles come through listGuidesByIds" },
  "learning-path.server.ts#findStep": { noItemData: "one step with a guide step's item id only" },
  "learning-path.server.ts#listProgressFacts": { noItemData: "person ids and times of what they did (guides they wrote that went live or were approved); no title, text or id of an item" },
  // ---- reading pages
  "announcement.server.ts#listAnnouncements": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles((await announcement.listAnnouncements(w.db, vis(p), {}, { limit: 100, offset: 0 })).items) },
  "announcement.server.ts#findAnnouncementBySlug": { unfiltered: "one page by address, kept with its page's rows (item-page); its route answers 404 unless canSeeItem", callers: ["app/presenters/item-page.server.ts"] },
  "guide.server.ts#findGuideBySlug": { unfiltered: "one page by address, kept with its page's rows (item-page); its route answers 404 unless canSeeItem", callers: ["app/presenters/item-page.server.ts"] },
  "policy.server.ts#findPolicyBySlug": { unfiltered: "one page by address (the page's rows kept by item-page); its routes answer 404 unless canSeeItem", callers: ["app/presenters/item-page.server.ts", "app/routes/policies.$slug_.compare.tsx"] },
  "guide.server.ts#listGuides": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles((await guide.listGuides(w.db, vis(p), {}, { limit: 100, offset: 0 })).items) },
  "guide.server.ts#listRecentlyUpdatedGuides": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await guide.listRecentlyUpdatedGuides(w.db, vis(p), 100)) },
  "guide.server.ts#listGuideTags": { viewer: "visibility", probe: async (w, _, p) => (await guide.listGuideTags(w.db, vis(p))).map((t) => t.tag) },
  "guide.server.ts#listGuideDepartments": { viewer: "visibility", probe: async (w, _, p) => (await guide.listGuideDepartments(w.db, vis(p))).map((d) => d.name) },
  "policy.server.ts#listPolicies": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles((await policy.listPolicies(w.db, vis(p), {}, { limit: 100, offset: 0 })).items) },
  "item.server.ts#nextVisibilityChangeAt": { noItemData: "the next publish or expiry instant of any item, when lists shared per audience are recomputed" },
  "policy.server.ts#listRecentPolicyChanges": { viewer: "visibility", probe: async (w, _, p) => titles(await policy.listRecentPolicyChanges(w.db, vis(p), 100)) },
  "policy.server.ts#listUpcomingPolicyChanges": { viewer: "visibility", probe: async (w, _, p) => titles(await policy.listUpcomingPolicyChanges(w.db, vis(p), "2020-01-01", 100)) },
  "policy.server.ts#listPolicyVersions": { unfiltered: "versions of one policy whose page the route checks with canSeeItem (kept with the page's rows by item-page)", callers: ["app/presenters/item-page.server.ts", "app/routes/policies.$slug_.compare.tsx"] },
  "policy.server.ts#latestVersionRevisionId": { noItemData: "a revision id, used inside revisionIdForVersion" },
  "policy.server.ts#revisionIdForVersion": { unfiltered: "which revision holds a version of one policy the route checks (the current one kept by item-page)", callers: ["app/presenters/item-page.server.ts", "app/routes/policies.$slug.tsx", "app/routes/policies.$slug_.compare.tsx"] },
  "item.server.ts#listVisibleItemRefs": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => {
      const all = await w.db.all<{ type: item.ItemType; slug: string; title: string }>(`SELECT type, slug, title FROM items WHERE id IN (${w.itemIds.join(", ")})`);
      const open = await item.listVisibleItemRefs(w.db, all, vis(p));
      return all.filter((i) => open.has(`${i.type}:${i.slug}`)).map((i) => i.title);
    },
  },
  "item.server.ts#listVisibleRelatedItems": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await item.listVisibleRelatedItems(w.db, w.openGuide, vis(p))) },
  "plan-calendar.server.ts#listItemDatesBetween": { unfiltered: "dates of items for the comms team's calendar; its presenter shows each only to those who may open it (canSeeItem or canOpenInEditor)", callers: ["app/presenters/plan-calendar.server.ts"] },
  "item.server.ts#findItemById": {
    unfiltered: "one item by id for commands and routes that then apply canSeeItem, canOpenInEditor or mayBeToldAbout (or act on behalf of the system)",
    callers: [
      "app/routes/me.offline.tsx",
      "app/commands/acknowledge.server.ts", "app/commands/learning-paths.server.ts", "app/commands/attachments.server.ts", "app/commands/deliver.server.ts", "app/commands/digest.server.ts", "app/commands/edit.server.ts",
      "app/commands/comments.server.ts", "app/commands/export.server.ts", "app/commands/reactions.server.ts", "app/commands/corrections.server.ts",
      "app/commands/feedback.server.ts", "app/commands/import-write.server.ts", "app/commands/knowledge-mail.server.ts", "app/commands/polls.server.ts",
      "app/commands/reviews.server.ts", "app/commands/workflow.server.ts", "app/routes/editor.preview.tsx", "app/routes/feedback._index.tsx",
      "app/commands/elections.server.ts", "app/commands/scheduler.server.ts", "app/commands/retention.server.ts",
      "app/routes/requests.$id.tsx", "app/utils/acknowledgement-access.server.ts",
      "app/commands/campaigns.server.ts", "app/presenters/campaign.server.ts", "app/presenters/plan-calendar.server.ts", "app/commands/teams.server.ts",
      "app/commands/stories.server.ts", "app/commands/push.server.ts",
    ],
  },
  "item.server.ts#findItemBySlug": {
    unfiltered: "one item by type and address: the reading pages' find*BySlug (their routes check canSeeItem), the editor's and import's uniqueness checks, the guide that answers a request (named only to those who may open it), the public pages (public items only), a thank-you note's guide (the sender must pass canSeeItem)",
    callers: [
      "app/commands/thanks.server.ts",
      "app/commands/edit.server.ts", "app/commands/import-write.server.ts", "app/commands/knowledge-requests.server.ts", "app/commands/public-pages.server.ts",
      "app/models/announcement.server.ts", "app/models/guide.server.ts", "app/models/policy.server.ts",
      "app/commands/campaigns.server.ts",
      "app/commands/stories.server.ts", "app/commands/demo-conversations.server.ts",
    ],
  },
  // ---- revisions and policy versions (the text of one item)
  "revision.server.ts#getRevision": {
    unfiltered: "the text of one item's revision, after its route checked canSeeItem (pages) or canOpenInEditor (editor), or for the system (workflow, import)",
    callers: [
      "app/commands/edit.server.ts", "app/commands/import-write.server.ts", "app/commands/public-pages.server.ts", "app/commands/workflow.server.ts",
      "app/commands/elections.server.ts",
      "app/presenters/item-page.server.ts", "app/routes/policies.$slug.tsx", "app/routes/policies.$slug_.compare.tsx",
    ],
  },
  "revision.server.ts#getRevisionByNumber": { unfiltered: "editor restore and compare, after canOpenInEditor", callers: ["app/commands/edit.server.ts"] },
  "revision.server.ts#listRevisions": { unfiltered: "the editor's history page, after canOpenInEditor", callers: ["app/routes/editor.$id.history.tsx"] },
  "revision.server.ts#addRevision": { noItemData: "writes a revision; reads only the next revision number" },
  "revision.server.ts#addRevisionNotCurrent": { noItemData: "writes a revision; reads only the item's current revision id and time" },
  "policy-version.server.ts#listStoredPolicyVersions": { unfiltered: "versions of one policy for the editor (after canOpenInEditor), the workflow and the import", callers: ["app/commands/edit.server.ts", "app/commands/import-write.server.ts", "app/commands/workflow.server.ts"] },
  "workflow.server.ts#currentRevisionNumber": { noItemData: "a revision number of one item the editor already opened" },
  "workflow.server.ts#listWorkflowEvents": { unfiltered: "the editor's history of one item, after canOpenInEditor", callers: ["app/commands/edit.server.ts", "app/routes/editor.$id.history.tsx"] },
  "workflow.server.ts#latestWorkflowEvent": { unfiltered: "the workflow's last decision on one item, after canOpenInEditor", callers: ["app/commands/workflow.server.ts"] },
  "workflow.server.ts#findPendingChange": { unfiltered: "the waiting change of one item, for the editor and the workflow after canOpenInEditor, and the publicity review (decision 161)", callers: ["app/commands/edit.server.ts", "app/commands/workflow.server.ts", "app/commands/elections.server.ts"] },
  // ---- records and retention (decision 162): information-governance officers only
  "retention.server.ts#listItemsReached": { noItemData: "ids and trigger dates of items a retention rule has reached, for the monthly job" },
  "retention.server.ts#listDisposalQueue": { unfiltered: "the disposal queue: titles of every record due for a decision, shown only to information-governance officers (requireIgOfficer)", callers: ["app/routes/admin.retention.tsx"] },
  "retention.server.ts#listActiveHolds": { unfiltered: "legal holds with the held page's title, shown only to information-governance officers (requireIgOfficer)", callers: ["app/routes/admin.retention.tsx"] },
  // ---- information rights (decision 163): information-governance officers only
  "information-rights.server.ts#searchRecordedInformation": { unfiltered: "FOI search over every record whatever its audience or status (a request covers everything held), shown only to information-governance officers (requireIgOfficer)", callers: ["app/routes/admin.information-rights.tsx"] },
  "retention.server.ts#isItemHeld": { noItemData: "whether a hold covers an item (yes or no), inside the disposal transaction" },
  // ---- pre-election periods (decision 161)
  "election.server.ts#listPeriods": { unfiltered: "periods with the title and address of the guidance guide comms chose for them (the notice's link; the guide page itself checks canSeeItem)", callers: ["app/commands/elections.server.ts", "app/presenters/plan-calendar.server.ts", "app/commands/demo-duties.server.ts"] },
  "election.server.ts#listPeriodsOn": { unfiltered: "periods on today with their guidance guide's title and address (the notice on every page links to it; the guide page checks canSeeItem)", callers: ["app/commands/elections.server.ts", "app/commands/publicity.server.ts", "app/models/conversation-pause.server.ts", "app/commands/stories.server.ts"] },
  "election.server.ts#findPeriod": { unfiltered: "one period with its guidance guide's title and address, for its admin page and commands", callers: ["app/commands/elections.server.ts"] },
  "story.server.ts#countStories": { noItemData: "a count of all stories (the demo writes its own only into a council without any)" },
  "story.server.ts#findStory": { noItemData: "a staff story (decision 172): app/access/stories.server.ts decides who sees it; of an item only the address of the announcement the story became (published for everyone)" },
  "story.server.ts#findStoryOfItem": { noItemData: "a staff story (decision 172): app/access/stories.server.ts decides who sees it; of an item only the address of the announcement the story became (published for everyone); asked by the announcement page after canSeeItem" },
  "story.server.ts#listStoriesOfWriter": { noItemData: "a writer's own stories; a staff story (decision 172): app/access/stories.server.ts decides who sees it; of an item only the address of the announcement the story became (published for everyone)" },
  "story.server.ts#listWaitingStories": { noItemData: "submitted stories in the channels storyEditorScopeSql allows; never published items" },
  "story.server.ts#countStoriesOfWriter": { noItemData: "a count of a writer's own stories" },
  "story.server.ts#getStoryPhoto": { noItemData: "a story's photo bytes; storyPhotoFor applies canSeeStory or canSeeItem first" },
  "story.server.ts#listSuggestions": { noItemData: "editors' suggestions on one story, shown to those canSeeStory admits" },
  "story.server.ts#listStoryEditors": { noItemData: "the people told a story is waiting (storyEditorsSql)" },
  "story.server.ts#storyCountsByDepartmentAndChannel": { noItemData: "counts of stories by department and channel for insights; no titles, no names" },
  "conversation-insights.server.ts#conversationCountsByDepartmentAndChannel": { noItemData: "counts of comments, reactions, stories and corrections by department and channel names; nothing of an item" },
  "conversation-pause.server.ts#areConversationsPaused": { noItemData: "whether one item is in scope of a pre-election period that is on; returns only the period's title and polling day" },
  "election.server.ts#itemScopeFacts": { noItemData: "department ids and tags of one item, to decide whether a period covers it" },
  // ---- the editor (who may edit: app/access/drafts.server.ts)
  "workflow.server.ts#listEditableItems": { editor: "scope", probe: async (w: World, scope: EditScope) => (await workflow.listEditableItems(w.db, scope, {}, { limit: 100, offset: 0 })).rows.map((r) => r.title) },
  "workflow.server.ts#listReviewQueue": { editor: "scope", probe: async (w: World, scope: EditScope) => titles(await workflow.listReviewQueue(w.db, scope)) },
  "workflow.server.ts#listDueScheduledItems": { noItemData: "ids and types of items due to go live, for the scheduler" },
  "workflow.server.ts#listDueExpiredItems": { noItemData: "ids of items due to expire, for the scheduler" },
  // ---- home, delivery, feeds, briefing, search
  "banner.server.ts#listBanners": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await banner.listBanners(w.db, p.id, vis(p), 100)) },
  "banner.server.ts#deleteStaleDismissals": { noItemData: "deletes dismissals of expired items" },
  // Statement builders (listBanners', listOutstandingForUser's, listForYou's statements, which listHomePersonal joins): run as built.
  "banner.server.ts#bannersSql": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await runBuilt(w, banner.bannersSql(p.id, vis(p), 100))) },
  "acknowledgement.server.ts#outstandingSql": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await runBuilt(w, acknowledgement.outstandingSql(p.id, vis(p)))) },
  "follow.server.ts#forYouSql": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await runBuilt(w, follow.forYouSql(p, vis(p), { limit: 100 }))) },
  "home.server.ts#listHomePersonal": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => {
      const lists = await homeModel.listHomePersonal(w.db, p, vis(p), { banners: 100, forYou: 100 });
      return titles([...lists.banners, ...lists.outstanding, ...lists.forYou]);
    },
  },
  "follow.server.ts#listForYou": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await follow.listForYou(w.db, p, vis(p), { limit: 100 })) },
  "feed.server.ts#listChannelFeedItems": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await feed.listChannelFeedItems(w.db, w.channelId, vis(p), 100)) },
  "feed.server.ts#listDepartmentFeedItems": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await feed.listDepartmentFeedItems(w.db, w.secretDepartment, vis(p), 100)) },
  "feed.server.ts#listBriefingAnnouncements": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await feed.listBriefingAnnouncements(w.db, p.departmentId!, FROM, TO, vis(p))) },
  "feed.server.ts#listBriefingPolicyChanges": { viewer: "visibility", probe: async (w, _, p) => titles(await feed.listBriefingPolicyChanges(w.db, p.departmentId!, "2019-01-01T00:00:00.000Z", TO, vis(p))) },
  "feed.server.ts#listBriefingMustReads": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await feed.listBriefingMustReads(w.db, p.departmentId!, vis(p))) },
  "feed.server.ts#listLatestItems": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles((await feed.listLatestItems(w.db, vis(p), { limit: 100 })).items) },
  "search.server.ts#listVisibleResults": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await search.listVisibleResults(w.db, vis(p), w.itemIds)) },
  "search.server.ts#listIndexedItemFacts": { unfiltered: "builds the search index, which stores each item's audience facts and applies the audience rule to every query", callers: ["app/search/index-manager.server.ts"] },
  "search.server.ts#listItemFactsByIds": { unfiltered: "updates the search index (audience facts kept with each item)", callers: ["app/search/index-manager.server.ts"] },
  "search.server.ts#listItemTexts": { unfiltered: "the text the search index holds; results go through listVisibleResults", callers: ["app/search/index-manager.server.ts"] },
  "search.server.ts#listRevisionHtml": { unfiltered: "snippets for results that listVisibleResults already let through", callers: ["app/utils/search.server.ts"] },
  "change-feed.server.ts#listItemIdsInDepartments": { noItemData: "ids of items whose department changed, for the search follower to re-read" },
  // ---- knowledge that stays true
  "content-health.server.ts#listReviewQueue": { viewer: "listing", titles: true, probe: async (w, _, p) => titles(await contentHealth.listReviewQueue(w.db, p.email, listing(p))) },
  "content-health.server.ts#listOverdueInDepartments": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await contentHealth.listOverdueInDepartments(w.db, [w.secretDepartment, w.openDepartment], "2030-01-01", vis(p))) },
  "content-health.server.ts#listContentHealth": { viewer: "filter", titles: true, probe: async (w, _, p) => titles(await contentHealth.listContentHealth(w.db, healthFilter(p))) },
  "content-health.server.ts#contentHealthByDepartment": { viewer: "filter", probe: async (w, _, p) => (await contentHealth.contentHealthByDepartment(w.db, healthFilter(p))).map((d) => d.departmentName ?? "") },
  "content-health.server.ts#findReviewablePage": { unfiltered: "\"reviewed, no changes\" on one page; markReviewed checks canOpenInEditor or mayBeToldAbout first", callers: ["app/commands/reviews.server.ts"] },
  "content-health.server.ts#listPagesDueForReview": { unfiltered: "the reminder job; each recipient is checked with mayBeToldAbout", callers: ["app/commands/reviews.server.ts"] },
  "content-health.server.ts#listEscalationManagers": { noItemData: "returns people: managers of a page's department whom its audience admits" },
  "content-health.server.ts#listPageReviews": { noItemData: "review records (dates, reviewer, note) of one page" },
  "feedback.server.ts#listFeedbackForOwner": { viewer: "listing", titles: false, probe: async (w, _, p) => (await feedback.listFeedbackForOwner(w.db, p.email, listing(p))).map((f) => f.itemTitle) },
  "feedback.server.ts#listAllFeedback": { viewer: "listing", probe: async (w, _, p) => (await feedback.listAllFeedback(w.db, listing(p))).map((f) => f.itemTitle) },
  "feedback.server.ts#listFeedbackByAuthor": { viewer: "visibility", probe: async (w, _, p) => (await feedback.listFeedbackByAuthor(w.db, p.id, vis(p))).map((f) => f.itemTitle) },
  "feedback.server.ts#rankByHelpfulness": { viewer: "visibility", probe: async (w, _, p) => titles(await feedback.rankByHelpfulness(w.db, vis(p), { order: "most", limit: 100, minRatings: 1 })) },
  "feedback.server.ts#findFeedback": { unfiltered: "one comment; feedbackAccess decides who may see it (comms, or its author and the page's keepers who may be told about the page)", callers: ["app/commands/feedback.server.ts", "app/routes/feedback.$id.tsx"] },
  "ownership.server.ts#findOwnedPage": { unfiltered: "hand-overs (the system), choosing only people who can open the page", callers: ["app/commands/ownership.server.ts"] },
  "ownership.server.ts#listPagesOwnedOrDeputisedBy": { unfiltered: "hand-overs of one person's pages (the system); /me/reviews uses content-health's listReviewQueue", callers: ["app/commands/ownership.server.ts"] },
  "ownership.server.ts#listPagesNeedingOwner": { unfiltered: "the ownership sweep (the system)", callers: ["app/commands/ownership.server.ts"] },
  // ---- content out as Markdown (decision 154)
  "content-export.server.ts#listItemsForExport": { unfiltered: "npm run export: the operator's copy of all content, run on the server, never from a page", callers: ["app/commands/export.server.ts"] },
  "content-export.server.ts#listPolicyVersionsForExport": { unfiltered: "versions of one policy the caller already chose (npm run export) or checked with canOpenInEditor", callers: ["app/commands/export.server.ts"] },
  "content-export.server.ts#currentTextForExport": { unfiltered: "the text of one item the caller already chose (npm run export) or checked with canOpenInEditor", callers: ["app/commands/export.server.ts"] },
  "content-export.server.ts#listWebEditedFileItems": {
    viewer: "listing", titles: true,
    probe: async (w, _, p) => {
      // Every page of the world as if it came from a file and was edited on the web since.
      const before = await w.db.all<{ id: number; source: string; webEdited: number }>("SELECT id, source, web_edited AS webEdited FROM items");
      await w.db.run("UPDATE items SET source = 'file', web_edited = 1");
      try {
        return titles(await contentExport.listWebEditedFileItems(w.db, listing(p)));
      } finally {
        for (const r of before) await w.db.run("UPDATE items SET source = ?, web_edited = ? WHERE id = ?", [r.source, r.webEdited, r.id]);
      }
    },
  },
  "ownership.server.ts#listPagesWithInactiveDeputy": { unfiltered: "the ownership sweep (the system)", callers: ["app/commands/ownership.server.ts"] },
  "ownership.server.ts#listPagesWithKeeperOutsideAudience": { unfiltered: "the ownership sweep: finds keepers the audience no longer admits", callers: ["app/commands/ownership.server.ts"] },
  "ownership.server.ts#listActiveInDepartmentByRole": { noItemData: "returns people; counts the pages each owns to share hand-overs out" },
  "ownership.server.ts#listActiveByRole": { noItemData: "returns people; counts the pages each owns to share hand-overs out" },
  "question.server.ts#countUnansweredForAuthor": { noItemData: "a count of unanswered questions on the author's own announcements" },
  // ---- insight (comms editors and admins: read:insights; they see every audience)
  "insights.server.ts#reachPerDay": { viewer: "vis", probe: async (w, _, p) => (await insights.reachPerDay(w.db, vis(p), PERIOD)).map((r) => day(r.day)) },
  "insights.server.ts#reachPerItem": { viewer: "vis", titles: true, probe: async (w, _, p) => titles(await insights.reachPerItem(w.db, vis(p), PERIOD, 100)) },
  "insights.server.ts#reachPerItemByDepartment": { viewer: "vis", probe: async (w, _, p) => titles(await insights.reachPerItemByDepartment(w.db, vis(p), PERIOD)) },
  "insights.server.ts#reachOfItemPerDay": { viewer: "vis", probe: async (w, _, p) => (await insights.reachOfItemPerDay(w.db, vis(p), PERIOD, w.restrictedGuide)).map((r) => day(r.day)) },
  "insights.server.ts#acknowledgementCompletion": { viewer: "vis", titles: true, probe: async (w, _, p) => titles(await insights.acknowledgementCompletion(w.db, vis(p), 100)) },
  "insights.server.ts#postingActivity": { viewer: "vis", probe: async (w, _, p) => (await insights.postingActivity(w.db, vis(p), PERIOD)).map((r) => r.departmentName) },
  "insights.server.ts#acknowledgementsPerDay": { unfiltered: "confirmations over time of one must-read item chosen from acknowledgementCompletion (already filtered)", callers: ["app/commands/insights.server.ts"] },
  "insights.server.ts#countPublishedBetween": { unfiltered: "council-wide counts for the weekly summary to comms editors, who see every audience", callers: ["app/commands/weekly-summary.server.ts"] },
  // ---- administration and jobs
  "organisation-admin.server.ts#listDepartmentsForAdmin": { noItemData: "how many items each department has, for administrators" },
  "organisation-admin.server.ts#findDepartmentForAdmin": { noItemData: "how many items a department has, for administrators" },
  "outbox.server.ts#listEmailDroppedAsTooOld": { unfiltered: "titles of email dropped as too old, on the admin home page (administrators see every audience)", callers: ["app/commands/mail-status.server.ts"] },
  "content-file.server.ts#listItemSources": { noItemData: "source paths and slugs of items, for the import" },
  "content-file.server.ts#revisionHashes": { noItemData: "content hashes of revisions, for the import" },
  "reach.server.ts#flushReach": { noItemData: "writes view counts, only for items that exist" },
  "reach.server.ts#startReachFlusher": { noItemData: "starts flushReach on a timer" },
  // ---- the champions network and the league (decision 137)
  "champions.server.ts#listGuidesOfPeople": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => titles(await champions.listGuidesOfPeople(w.db, vis(p), [w.outside, w.inside].map((x) => ({ id: x.id, email: x.email })))),
  },
  "champions.server.ts#listVisibleItemsByIds": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await champions.listVisibleItemsByIds(w.db, vis(p), w.itemIds)) },
  "league.server.ts#countLeagueFigures": { noItemData: "counts of guides, reviews and ratings per department per quarter: numbers only, no title or word of an item" },
  "demo-activity.server.ts#listItemsForActivity": {
    unfiltered: "the demo's activity generator at the first start (the system): it writes counts and records, shows no one anything, and gives generated people only pages their audience admits (audienceAdmits)",
    callers: ["app/commands/demo-activity.server.ts"],
  },
  "demo-activity.server.ts#listMustReadAsksOfGeneratedPeople": {
    unfiltered: "the demo's activity generator at the first start (the system): who each must-read asks, by IN_SCOPE_SQL, as the completion pages count it",
    callers: ["app/commands/demo-activity.server.ts"],
  },
};

/**
 * Presenters (app/presenters/) shape what the models above return for the pages; they run
 * no SQL, so they are not enumerated, but the home page and its sections are probed the
 * same way as the models they call.
 */
const PRESENTERS: Record<string, Extract<Rule, { viewer: string }>> = {
  "presenters/delivery.server.ts#loadNotices": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await deliveryView.loadNotices(w.db, { ...p, departmentName: null }, vis(p))) },
  "presenters/delivery.server.ts#loadMustReads": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await deliveryView.loadMustReads(w.db, { ...p, departmentName: null }, vis(p), "2030-01-01")) },
  "presenters/delivery.server.ts#loadForYou": { viewer: "visibility", titles: true, probe: async (w, _, p) => titles(await deliveryView.loadForYou(w.db, { ...p, departmentName: null }, vis(p), 100)) },
  "presenters/home.server.ts#loadSharedHome": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => {
      const h = await home.loadSharedHome(w.db, vis(p));
      return titles([...h.latest, ...h.policyChanges, ...h.guides]);
    },
  },
  "presenters/home.server.ts#loadHomePage": {
    viewer: "visibility", titles: true,
    probe: async (w, _, p) => {
      const h = await home.loadHomePage(w.db, { ...p, departmentName: null }, vis(p), "2030-01-01");
      return titles([...(h.lead ? [h.lead] : []), ...h.notices, ...h.mustRead.flatMap((g) => g.items), ...h.forYou, ...h.latest, ...h.policyChanges, ...h.guides]);
    },
  },
};

function healthFilter(p: Person): contentHealth.HealthFilter {
  return { today: "2030-01-01", staleBefore: "2029-01-01", dueSoonBy: "2030-02-01", listing: listing(p) };
}

/* ---- Reading app/models at test time ---- */

type Def = { file: string; name: string; text: string; exported: boolean; fn: boolean };
const MODELS = path.join(process.cwd(), "app", "models");
const READS_ITEMS = /(?<!DELETE\s{1,5})\b(FROM|JOIN)\s+(items|revisions|policy_versions)\b|`\s*(items|revisions|policy_versions)\s+[a-z]{1,3}\b/i;

function readModels(): { defs: Def[]; imports: Map<string, Map<string, string>> } {
  const defs: Def[] = [];
  const imports = new Map<string, Map<string, string>>();
  for (const file of fs.readdirSync(MODELS).filter((f) => f.endsWith(".server.ts"))) {
    const src = fs.readFileSync(path.join(MODELS, file), "utf8");
    const local = new Map<string, string>();
    for (const m of src.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"(?:\.\/|~\/models\/)([a-z-]+\.server)"/g))
      for (const part of m[1].split(",").map((p) => p.trim().replace(/^type\s+/, "")).filter(Boolean)) {
        const [orig, alias] = part.split(/\s+as\s+/).map((s) => s.trim());
        local.set(alias ?? orig, `${m[2]}.ts#${orig}`);
      }
    imports.set(file, local);
    const hits = [...src.matchAll(/^(export\s+)?(async\s+function|function|const|let)\s+([A-Za-z0-9_]+)/gm)];
    hits.forEach((m, i) => {
      const end = i + 1 < hits.length ? hits[i + 1].index! : src.length;
      defs.push({ file, name: m[3], text: src.slice(m.index!, end), exported: !!m[1], fn: m[2].includes("function") });
    });
  }
  return { defs, imports };
}

/** Exported functions that read items, directly or through what they use. */
function itemReaders(): Map<string, Def> {
  const { defs, imports } = readModels();
  const reads = new Set<string>();
  const mentions = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text);
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of defs) {
      const key = `${d.file}#${d.name}`;
      if (reads.has(key)) continue;
      const body = d.text.slice(d.text.indexOf(d.name) + d.name.length);
      const viaOwn = defs.some((o) => o !== d && o.file === d.file && reads.has(`${o.file}#${o.name}`) && mentions(body, o.name));
      const viaImport = [...(imports.get(d.file) ?? [])].some(([name, target]) => reads.has(target) && mentions(body, name));
      if (READS_ITEMS.test(d.text) || viaOwn || viaImport) {
        reads.add(key);
        changed = true;
      }
    }
  }
  return new Map(defs.filter((d) => d.exported && d.fn && reads.has(`${d.file}#${d.name}`)).map((d) => [`${d.file}#${d.name}`, d]));
}

/** Files (app/, outside the model itself) that import `name` from the model `file`. */
function importersOf(file: string, name: string): string[] {
  const model = file.replace(/\.ts$/, "");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name)) {
        const rel = path.relative(process.cwd(), full).split(path.sep).join("/");
        if (rel === `app/models/${file}`) continue;
        const src = fs.readFileSync(full, "utf8");
        const from = rel.startsWith("app/models/") ? `(?:\\./|~/models/)${model}` : `~/models/${model}`;
        for (const m of src.matchAll(new RegExp(`import\\s+\\{([^}]*)\\}\\s+from\\s+"${from}"`, "g")))
          if (m[1].split(",").some((p) => p.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0].trim() === name)) out.push(rel);
      }
    }
  };
  walk(path.join(process.cwd(), "app"));
  return out.sort();
}

const readers = itemReaders();

describe("every model function that reads items applies the access rule", () => {
  it("finds them, and every one is in the table (a new one must say how it applies the rule)", () => {
    expect(readers.size).toBeGreaterThan(40);
    expect(readers.has("item.server.ts#findItemById") && readers.has("guide.server.ts#listGuides")).toBe(true);
    const missing = [...readers.keys()].filter((k) => !(k in RULES));
    expect(missing, "add these to RULES in tests/access/model-rule.test.ts").toEqual([]);
    const stale = Object.keys(RULES).filter((k) => !readers.has(k));
    expect(stale, "these are no longer model functions that read items: remove them from RULES").toEqual([]);
  });

  it.each(Object.entries(RULES).filter(([, r]) => "viewer" in r).map(([k, r]) => [k, r] as const))("%s puts the viewer's clause in its SQL", (key, rule) => {
    const def = readers.get(key);
    if (!def) return; // reported by the first test
    const param = (rule as { viewer: string }).viewer;
    const signature = def.text.slice(0, def.text.indexOf(")", def.text.indexOf(param)) + 1);
    expect(signature, `${key} takes ${param}`).toMatch(new RegExp(`\\b${param}\\b\\s*[:?]`));
    const body = def.text.slice(signature.length);
    // Either spliced into the SQL (visibility.sql, filter.listing.sql) or handed on to another filtered model function.
    expect(body, `${key} uses ${param}`).toMatch(new RegExp(`\\b${param}(\\.listing)?\\.sql\\b|\\(\\s*[^)]*\\b${param}\\b`));
  });

  it.each(Object.entries(RULES).filter(([, r]) => "editor" in r).map(([k]) => [k] as const))("%s keeps to the editor's scope", (key) => {
    const def = readers.get(key);
    if (!def) return;
    expect(def.text).toMatch(/scope: EditScope/);
    expect(def.text).toMatch(/editScopeSql\(scope\)/);
  });

  it.each(Object.entries(RULES).filter(([, r]) => "unfiltered" in r).map(([k, r]) => [k, r] as const))("%s is used only where it says", (key, rule) => {
    const [file, name] = key.split("#");
    const { callers } = rule as { callers: string[] };
    expect(importersOf(file, name), `${key}: ${(rule as { unfiltered: string }).unfiltered}`).toEqual([...callers].sort());
  });

  it("every reason is written out", () => {
    for (const [key, rule] of Object.entries(RULES)) {
      if ("unfiltered" in rule) expect(rule.unfiltered.length, key).toBeGreaterThan(20);
      if ("noItemData" in rule) expect(rule.noItemData.length, key).toBeGreaterThan(15);
    }
  });
});

describe("the filtered ones exclude a restricted page for a person outside its audience", () => {
  let w: World;
  const people: Record<Who, Person> = {} as never;
  const champions: Record<Who, Person> = {} as never;

  beforeAll(async () => {
    const db = await getDb();
    const open = await createDepartment({ name: "Open services" });
    const secret = await createDepartment({ name: `${MARK} Secret unit` });
    const channel = await createChannel({ name: "Corporate news", departmentId: null });
    const person = async (role: Role, departmentId: number): Promise<Person> => {
      const u = await createUser({ role, departmentId });
      return { id: u.id, email: u.email, name: u.email, role, departmentId, grants: [] };
    };
    people.outside = await person("staff", open.id);
    people.inside = await person("staff", secret.id);
    champions.outside = await person("champion", open.id);
    champions.inside = await person("champion", secret.id);
    const at = "2020-02-02T10:00:00.000Z";
    const restricted = { departmentId: secret.id, audience: "departments" as const, audienceDepartmentIds: [secret.id], publishAt: at };
    const ids: number[] = [];
    const add = async (overrides: Parameters<typeof createItem>[0]) => {
      const made = await createItem(overrides);
      ids.push(made.id);
      return made;
    };
    // The restricted pages: every kind, with everything that would list them somewhere.
    await add({
      ...restricted, type: "announcement", title: `${MARK} Announcement`, priority: "urgent", mustRead: true,
      targetDepartmentIds: [open.id, secret.id], channelIds: [channel.id],
    });
    const restrictedPolicy = await add({
      ...restricted, type: "policy", title: `${MARK} Policy`, reference: "ZQ-1", ownerEmail: people.outside.email, deputyEmail: people.inside.email,
      reviewBy: "2020-06-01", lastReviewedOn: "2019-06-01",
    });
    await createPolicyVersion(restrictedPolicy.id, { version: 1, isMaterial: true, effectiveOn: "2020-02-02", publishedAt: at });
    await createPolicyVersion(restrictedPolicy.id, { version: 2, isMaterial: true, effectiveOn: "2099-01-01", publishedAt: at });
    const restrictedGuide = await add({
      ...restricted, type: "guide", title: `${MARK} Guide`, tags: [`${MARK}-tag`], ownerEmail: people.outside.email, deputyEmail: people.inside.email,
      reviewBy: "2020-06-01", lastReviewedOn: "2019-06-01",
    });
    // A draft in everyone's audience, owned by both: only its editors may see it.
    await add({ type: "guide", title: `${DRAFT} Draft`, status: "draft", departmentId: secret.id, tags: [`${DRAFT}-tag`], ownerEmail: people.outside.email, deputyEmail: people.inside.email, reviewBy: "2020-06-01" });
    await add({ type: "guide", title: `${MARK} In review`, status: "in-review", departmentId: secret.id });
    // An open page beside them, which links to the restricted guide.
    const openGuide = await add({
      type: "guide", title: "Open guide", departmentId: open.id, publishAt: at, related: [{ type: "guide", slug: restrictedGuide.slug }],
      ownerEmail: people.inside.email, reviewBy: "2020-06-01",
    });
    for (const id of ids) {
      await db.run("INSERT INTO reach_daily (item_id, department_id, day, views) VALUES (?, ?, ?, ?)", [id, secret.id, id === openGuide.id ? "2020-02-03" : SECRET_DAY, 5]);
      for (const who of ["outside", "inside"] as const) {
        await db.run("INSERT INTO page_ratings (item_id, user_id, helpful, rated_at) VALUES (?, ?, 1, ?)", [id, people[who].id, at]);
        await db.run("INSERT INTO page_feedback (item_id, author_id, helpful, comment, status, created_at) VALUES (?, ?, 1, 'A comment', 'open', ?)", [id, people[who].id, at]);
      }
    }
    w = {
      db, outside: people.outside, inside: people.inside, openDepartment: open.id, secretDepartment: secret.id, channelId: channel.id,
      itemIds: ids, restrictedGuide: restrictedGuide.id, restrictedPolicy: restrictedPolicy.id, openGuide: openGuide.id,
    };
  });

  const viewerRules = [...Object.entries(RULES).filter(([, r]) => "viewer" in r), ...Object.entries(PRESENTERS)] as [string, Extract<Rule, { viewer: string }>][];
  it.each(viewerRules)("%s", async (key, rule) => {
    const outside = await rule.probe(w, "outside", people.outside);
    expect(outside.filter((l) => l.includes(MARK) || l.includes(DRAFT)), `${key} shows a restricted page to someone outside its audience`).toEqual([]);
    const inside = await rule.probe(w, "inside", people.inside);
    expect(inside.some((l) => l.includes(MARK)), `${key}: the probe found nothing for someone inside the audience, so it proves nothing`).toBe(true);
    if (rule.titles) expect(inside.filter((l) => l.includes(DRAFT)), `${key} lists a draft to someone who may not edit it`).toEqual([]);
  });

  const editorRules = Object.entries(RULES).filter(([, r]) => "editor" in r) as [string, Extract<Rule, { editor: string }>][];
  it.each(editorRules)("%s", async (key, rule) => {
    const outside = await rule.probe(w, editScope(champions.outside));
    expect(outside.filter((l) => l.includes(MARK) || l.includes(DRAFT)), `${key} shows another department's page to a champion who may not edit it`).toEqual([]);
    const inside = await rule.probe(w, editScope(champions.inside));
    expect(inside.some((l) => l.includes(MARK) || l.includes(DRAFT)), `${key}: the probe found nothing for the page's own champion`).toBe(true);
  });
});
