/**
 * Staff stories (issue 23, decision 172): write, submit, withdraw; the channel's editors
 * publish (the story becomes an announcement in the channel, written by the writer, so
 * search, feeds, alerts and the audience rule treat it as any announcement: its item rows
 * feed the change feed) or send it back with suggestions, never rewriting it. Every step is
 * one transaction and audited; writers and editors are told by email notices.
 */
import { linksForReader } from "~/presenters/item-body.server";
import { canSeeItem, visibleItemsSql } from "~/access/audience.server";
import { canDecideStories, canSeeStory, decidesSomeStories, storyEditorScopeSql, storyEditorsSql } from "~/access/stories.server";
import type { Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { findChannelBySlug, listOpenChannels } from "~/models/channel.server";
import { inScope, listPeriodsOn } from "~/models/election.server";
import { findItemById, findItemBySlug, getAudienceFacts, insertItem, type ItemFields } from "~/models/item.server";
import { addRevision } from "~/models/revision.server";
import {
  countStoriesOfWriter, findStory, findStoryOfItem, getStoryPhoto, insertStory, insertSuggestion, listStoriesOfWriter, listStoryEditors,
  listSuggestions, listWaitingStories, markStoryPublished, setStoryPhoto, setStoryPhotoAlt, setStoryStatus, STORY_STATUS_LABELS,
  updateStoryText, type StoryRow,
} from "~/models/story.server";
import { findUserById } from "~/models/user.server";
import { recordWorkflowEvent } from "~/models/workflow.server";
import type { StoryInput } from "~/schemas/stories";
import { getDb, type Queryable } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { renderMarkdown, slugify } from "~/utils/markdown.server";
import { processPhoto } from "~/utils/photo.server";
import { checkReadability, TARGET_READING_AGE } from "~/utils/readability";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { goLive } from "./workflow.server";

export const STORY_TAG = "staff-story";

export type StoryOutcome = { ok: true; id: number } | { ok: false; status: number; errors: Record<string, string> };
export type PhotoUpload = { bytes: Uint8Array } | null;

const EDITABLE = new Set(["draft", "returned"]);

async function tellEditors(q: Queryable, story: StoryRow, at: string): Promise<void> {
  const editors = await listStoryEditors(q, storyEditorsSql({ departmentId: story.channelDepartmentId }));
  for (const e of editors) {
    if (e.id === story.writerId) continue;
    await queueKnowledgeMail(q, {
      purpose: "alert",
      dedupeKey: `story-submitted:${story.id}:${at}:${e.id}`,
      userId: e.id,
      itemId: null,
      subject: `A story is waiting for you: ${story.title}`,
      lines: [`${story.writerName} wrote a story for ${story.channelName}. Publish it, or send it back with suggestions.`],
      link: { text: "Read the story", path: `/stories/${story.id}` },
    }, at);
  }
}

async function tellWriter(q: Queryable, story: StoryRow, what: "returned" | "published", at: string): Promise<void> {
  await queueKnowledgeMail(q, {
    purpose: "alert",
    dedupeKey: `story-${what}:${story.id}:${at}`,
    userId: story.writerId,
    itemId: null,
    subject: what === "published" ? `Your story is published: ${story.title}` : `Suggestions for your story: ${story.title}`,
    lines: [what === "published"
      ? `Your story “${story.title}” is published in ${story.channelName}, with your name on it. Thank you for writing it.`
      : `An editor of ${story.channelName} read your story “${story.title}” and sent it back with suggestions. Have a look, change what you agree with, and send it again.`],
    link: { text: "See your story", path: `/stories/${story.id}` },
  }, at);
}

/** Writes a new story or changes one the writer may still change; `intent` submit sends it to the channel's editors. */
export async function saveStory(actor: Actor, id: number | null, input: StoryInput, upload: PhotoUpload, now = new Date()): Promise<StoryOutcome> {
  const at = now.toISOString();
  const errors: Record<string, string> = {};
  let photo: Buffer | null = null;
  if (upload && upload.bytes.byteLength > 0) {
    const processed = await processPhoto(upload.bytes, "story");
    if (!processed.ok) errors.photo = processed.error;
    else photo = processed.image;
    if (!input.photoAlt) errors.photoAlt = "Describe the photo for people who cannot see it";
    if (!input.photoConsent) errors.photoConsent = "Confirm that everyone in the photo agreed to it being shared";
  }
  const db = await getDb();
  return db.transaction(async (tx): Promise<StoryOutcome> => {
    const channel = await findChannelBySlug(tx, input.channel);
    if (!channel || channel.archivedAt) errors.channel = "Choose the channel your story is for";
    const existing = id === null ? undefined : await findStory(tx, id);
    if (id !== null) {
      if (!existing || existing.writerId !== actor.id) return { ok: false, status: 404, errors: { form: "We could not find that story." } };
      if (!EDITABLE.has(existing.status)) return { ok: false, status: 409, errors: { form: "This story is with the editors or published, so it cannot be changed now." } };
      if (existing.hasPhoto && !photo && !input.removePhoto && !input.photoAlt) errors.photoAlt = "Describe the photo for people who cannot see it";
    }
    if (Object.keys(errors).length > 0 || !channel) return { ok: false, status: 400, errors };
    const status = input.intent === "submit" ? "submitted" : existing?.status === "returned" ? "returned" : "draft";
    const text = { channelId: channel.id, title: input.title, summary: input.summary, body: input.body, status } as const;
    let storyId: number;
    if (existing) {
      storyId = existing.id;
      await updateStoryText(tx, storyId, text, at);
    } else {
      storyId = await insertStory(tx, { writerId: actor.id, ...text, status: status === "returned" ? "draft" : status }, at);
    }
    if (photo) await setStoryPhoto(tx, storyId, { image: photo, alt: input.photoAlt, consent: true }, at);
    else if (input.removePhoto) await setStoryPhoto(tx, storyId, null, at);
    else if (input.photoAlt) await setStoryPhotoAlt(tx, storyId, input.photoAlt, at);
    await recordAudit(tx, { actorId: actor.id, action: existing ? "story.saved" : "story.created", entityType: "story", entityId: storyId, detail: { status, channel: channel.slug } }, at);
    if (status === "submitted") {
      const story = (await findStory(tx, storyId))!;
      await recordAudit(tx, { actorId: actor.id, action: "story.submitted", entityType: "story", entityId: storyId }, at);
      await tellEditors(tx, story, at);
    }
    return { ok: true, id: storyId };
  });
}

/** The writer takes a submitted story back to change it. */
export async function withdrawStory(actor: Actor, id: number, now = new Date()): Promise<StoryOutcome> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<StoryOutcome> => {
    const story = await findStory(tx, id);
    if (!story || story.writerId !== actor.id) return { ok: false, status: 404, errors: { form: "We could not find that story." } };
    if (story.status !== "submitted") return { ok: false, status: 409, errors: { form: "This story is not waiting for the editors." } };
    await setStoryStatus(tx, id, "draft", null, at);
    await recordAudit(tx, { actorId: actor.id, action: "story.withdrawn", entityType: "story", entityId: id }, at);
    return { ok: true, id };
  });
}

/** An editor sends the story back with suggestions the writer sees beside the text (the text itself is untouched). */
export async function returnStory(actor: Actor, id: number, suggestion: string, now = new Date()): Promise<StoryOutcome> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<StoryOutcome> => {
    const story = await findStory(tx, id);
    if (!story || !canSeeStory(actor, { writerId: story.writerId, channelDepartmentId: story.channelDepartmentId }))
      return { ok: false, status: 404, errors: { form: "We could not find that story." } };
    if (!canDecideStories(actor, { departmentId: story.channelDepartmentId }) || story.writerId === actor.id)
      return { ok: false, status: 403, errors: { form: "Only the channel's editors can send a story back." } };
    if (story.status !== "submitted") return { ok: false, status: 409, errors: { form: "This story is not waiting for a decision." } };
    await insertSuggestion(tx, id, actor.id, suggestion, at);
    await setStoryStatus(tx, id, "returned", actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: "story.returned", entityType: "story", entityId: id }, at);
    await tellWriter(tx, story, "returned", at);
    return { ok: true, id };
  });
}

async function uniqueAnnouncementSlug(q: Queryable, title: string): Promise<string> {
  const base = (slugify(title) || "story").slice(0, 90);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await findItemBySlug(q, "announcement", candidate))) return candidate;
  }
}

/**
 * An editor publishes the story as the writer wrote it: a new announcement in the story's
 * channel (department: the channel's, or the writer's for a council-wide channel), written
 * by the writer, for everyone, tagged `staff-story`. Not during a pre-election period that
 * covers it: stories wait until after polling day.
 */
export async function publishStory(actor: Actor, id: number, now = new Date()): Promise<StoryOutcome> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<StoryOutcome> => {
    const story = await findStory(tx, id);
    if (!story || !canSeeStory(actor, { writerId: story.writerId, channelDepartmentId: story.channelDepartmentId }))
      return { ok: false, status: 404, errors: { form: "We could not find that story." } };
    if (!canDecideStories(actor, { departmentId: story.channelDepartmentId }) || story.writerId === actor.id)
      return { ok: false, status: 403, errors: { form: "Only the channel's editors can publish a story (not its writer)." } };
    if (story.status !== "submitted") return { ok: false, status: 409, errors: { form: "This story is not waiting for a decision." } };
    const writer = await findUserById(tx, story.writerId);
    const departmentId = story.channelDepartmentId ?? writer?.departmentId ?? null;
    const periods = await listPeriodsOn(tx, ukTodayIso(now));
    if (periods.some((p) => inScope(p, { departmentIds: departmentId === null ? [] : [departmentId], tags: [STORY_TAG] })))
      return { ok: false, status: 409, errors: { form: "A pre-election period is on: stories wait until after polling day." } };
    const slug = await uniqueAnnouncementSlug(tx, story.title);
    const fields: ItemFields = {
      type: "announcement", slug, title: story.title, summary: story.summary, status: "draft", departmentId, audience: "everyone",
      audienceDepartmentIds: [], audienceRoles: [], isPublic: false, priority: "normal", mustRead: false, publishAt: null, expiresAt: null,
      reference: null, ownerEmail: null, deputyEmail: null, lastReviewedOn: null, reviewBy: null, targetDepartmentIds: [],
      channelIds: [story.channelId], tags: [STORY_TAG], related: [], source: "web", sourcePath: null, authorId: story.writerId,
    };
    const itemId = await insertItem(tx, fields, at);
    const fm = { channels: [story.channelSlug], tags: [STORY_TAG], audience: "everyone", priority: "normal", must_read: false };
    const rev = await addRevision(tx, { itemId, title: story.title, summary: story.summary, body: story.body, fields: fm, source: "web", authorId: story.writerId, note: `staff story ${story.id}` }, at);
    await recordWorkflowEvent(tx, { itemId, revisionId: rev.id, actorId: story.writerId, action: "create", toState: "draft", comment: "A staff story" }, at);
    await goLive(tx, itemId, now);
    await recordWorkflowEvent(tx, { itemId, revisionId: rev.id, actorId: actor.id, action: "publish", fromState: "in-review", toState: "published", comment: "Published a staff story" }, at);
    await markStoryPublished(tx, id, itemId, actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: "story.published", entityType: "story", entityId: id, detail: { itemId, slug } }, at);
    await tellWriter(tx, story, "published", at);
    return { ok: true, id };
  });
}

/* ---- pages ---- */

export type StoryListEntry = { id: number; title: string; channelName: string; status: string; statusLabel: string; updatedAt: string; href: string };

function entry(s: StoryRow): StoryListEntry {
  return {
    id: s.id, title: s.title, channelName: s.channelName, status: s.status, statusLabel: STORY_STATUS_LABELS[s.status], updatedAt: s.updatedAt,
    href: s.status === "published" && s.itemSlug ? `/announcements/${s.itemSlug}` : `/stories/${s.id}`,
  };
}

/** A writer's stories with their status (/me, /stories); `firstTime` shows the "how to write a good story" panel. */
export async function myStories(q: Queryable, actor: Actor): Promise<{ stories: StoryListEntry[]; firstTime: boolean }> {
  const stories = await listStoriesOfWriter(q, actor.id);
  return { stories: stories.map(entry), firstTime: !stories.some((s) => s.status === "published") };
}

export async function isFirstStory(q: Queryable, actor: Actor): Promise<boolean> {
  return (await countStoriesOfWriter(q, actor.id)) === 0;
}

/** Stories waiting in the channels this person decides on (empty for those who decide on none). */
export async function waitingStories(q: Queryable, actor: Actor): Promise<(StoryListEntry & { writerName: string })[] | null> {
  if (!decidesSomeStories(actor)) return null;
  const rows = await listWaitingStories(q, storyEditorScopeSql(actor));
  return rows.filter((s) => canDecideStories(actor, { departmentId: s.channelDepartmentId })).map((s) => ({ ...entry(s), writerName: s.writerName }));
}

export async function storyChannelOptions(q: Queryable): Promise<{ value: string; label: string }[]> {
  const channels = await listOpenChannels(q);
  return channels.map((c) => ({ value: c.slug, label: c.departmentName ? `${c.name} (${c.departmentName})` : `${c.name} (council-wide)` }));
}

export function readabilityOf(story: { title: string; summary: string; body: string }) {
  return { ...checkReadability(story.body, { title: story.title, summary: story.summary }), target: TARGET_READING_AGE };
}

/** One story as its writer or an editor sees it; undefined for anyone else (answer 404). */
export async function storyPage(q: Queryable, actor: Actor, id: number) {
  const story = await findStory(q, id);
  if (!story || !canSeeStory(actor, { writerId: story.writerId, channelDepartmentId: story.channelDepartmentId })) return undefined;
  const isWriter = story.writerId === actor.id;
  const canDecide = !isWriter && story.status === "submitted" && canDecideStories(actor, { departmentId: story.channelDepartmentId });
  return {
    story: {
      id: story.id, title: story.title, summary: story.summary, body: story.body, status: story.status, statusLabel: STORY_STATUS_LABELS[story.status],
      writerName: story.writerName, writerDepartmentName: story.writerDepartmentName, channelSlug: story.channelSlug, channelName: story.channelName,
      photo: story.hasPhoto ? { src: `/story-photos/${story.id}`, alt: story.photoAlt ?? "" } : null,
      publishedHref: story.status === "published" && story.itemSlug ? `/announcements/${story.itemSlug}` : null,
      updatedAt: story.updatedAt,
    },
    html: await linksForReader(q, renderMarkdown(story.body).html, visibleItemsSql(actor)),
    suggestions: await listSuggestions(q, id),
    readability: readabilityOf(story),
    isWriter,
    canEdit: isWriter && EDITABLE.has(story.status),
    canWithdraw: isWriter && story.status === "submitted",
    canDecide,
  };
}

/** The byline and photo an announcement published from a story shows (the caller already checked the item's audience). */
export async function storyOfItem(
  q: Queryable, itemId: number, hasStory = true,
): Promise<{ writerName: string; writerDepartmentName: string | null; photo: { src: string; alt: string } | null } | null> {
  // `hasStory` false: the page's one statement found no story of this item (decision 265).
  const story = hasStory ? await findStoryOfItem(q, itemId) : undefined;
  if (!story || story.status !== "published") return null;
  return {
    writerName: story.writerName, writerDepartmentName: story.writerDepartmentName,
    photo: story.hasPhoto ? { src: `/story-photos/${story.id}`, alt: story.photoAlt ?? "" } : null,
  };
}

/** The photo, for those who may see the story: before publication its writer and editors, after it the announcement's audience. */
export async function storyPhotoFor(q: Queryable, actor: Actor, id: number): Promise<Buffer | undefined> {
  const story = await findStory(q, id);
  if (!story || !story.hasPhoto) return undefined;
  let allowed = canSeeStory(actor, { writerId: story.writerId, channelDepartmentId: story.channelDepartmentId });
  if (!allowed && story.status === "published" && story.itemId) {
    const item = await findItemById(q, story.itemId);
    allowed = !!item && canSeeItem(actor, await getAudienceFacts(q, item));
  }
  return allowed ? getStoryPhoto(q, id) : undefined;
}
