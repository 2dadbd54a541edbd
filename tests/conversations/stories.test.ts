/** Staff stories (issue 23, decision 172): who sees and decides, the review loop with suggestions, publication as an announcement, photo, notices by real email. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { canSeeItem, visibleItemsSql } from "~/access/audience.server";
import { deliverDueMessages } from "~/commands/deliver.server";
import {
  isFirstStory, myStories, publishStory, returnStory, saveStory, storyOfItem, storyPage, storyPhotoFor, waitingStories, withdrawStory,
} from "~/commands/stories.server";
import { insertPeriod } from "~/models/election.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { findStory, storyCountsByDepartmentAndChannel } from "~/models/story.server";
import { StoryForm, type StoryInput } from "~/schemas/stories";
import { getDb } from "~/utils/db.server";
import { useTestSmtp } from "../delivery/smtp";
import { createChannel, createDepartment, createUser } from "../factories";

type Person = Awaited<ReturnType<typeof createUser>>;
const who = (u: Person, name = `Person ${u.id}`) => ({ ...u, name });

const smtp = useTestSmtp();
const to = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email));

const input = (channel: string, over: Partial<StoryInput> = {}): StoryInput =>
  StoryForm.parse({ channel, title: "Our new depot opens", body: "The Eastside depot opened on Monday. Crews start two hours closer to their rounds.", ...over });

async function world() {
  const dept = await createDepartment();
  const other = await createDepartment();
  const channel = await createChannel({ departmentId: dept.id });
  const corporate = await createChannel({ departmentId: null });
  const writer = await createUser({ departmentId: dept.id });
  const champion = await createUser({ role: "champion", departmentId: dept.id });
  const manager = await createUser({ role: "manager", departmentId: dept.id });
  const otherChampion = await createUser({ role: "champion", departmentId: other.id });
  const colleague = await createUser({ departmentId: dept.id });
  const comms = await createUser({ role: "comms", departmentId: other.id });
  return { dept, other, channel, corporate, writer, champion, manager, otherChampion, colleague, comms };
}

describe("staff stories", () => {
  it("a draft is the writer's; submitted, the channel's editors see it and others do not", async () => {
    const w = await world();
    const db = await getDb();
    expect(await isFirstStory(db, who(w.writer))).toBe(true);
    const saved = await saveStory(who(w.writer), null, input(w.channel.slug), null);
    expect(saved.ok).toBe(true);
    const id = saved.ok ? saved.id : 0;
    expect(await isFirstStory(db, who(w.writer))).toBe(false);
    expect((await findStory(db, id))!.status).toBe("draft");
    expect(await storyPage(db, who(w.colleague), id)).toBeUndefined();
    expect(await storyPage(db, who(w.otherChampion), id)).toBeUndefined();
    expect((await storyPage(db, who(w.champion), id))!.canDecide).toBe(false); // a draft is not for deciding yet
    // A stranger cannot change it either.
    expect((await saveStory(who(w.colleague), id, input(w.channel.slug), null)).ok).toBe(false);

    const submitted = await saveStory(who(w.writer), id, input(w.channel.slug, { intent: "submit" }), null);
    expect(submitted.ok).toBe(true);
    expect((await storyPage(db, who(w.champion), id))!.canDecide).toBe(true);
    expect((await storyPage(db, who(w.comms), id))!.canDecide).toBe(true);
    expect((await waitingStories(db, who(w.manager)))!.map((s) => s.id)).toContain(id);
    expect((await waitingStories(db, who(w.otherChampion)))!.map((s) => s.id)).not.toContain(id);
    expect(await waitingStories(db, who(w.colleague))).toBeNull();
    expect((await publishStory(who(w.otherChampion), id)).ok).toBe(false);
    // The writer cannot change it while it is with the editors, but may take it back.
    expect((await saveStory(who(w.writer), id, input(w.channel.slug, { title: "Changed" }), null)).ok).toBe(false);
    expect((await withdrawStory(who(w.writer), id)).ok).toBe(true);
    expect((await findStory(db, id))!.status).toBe("draft");
  });

  it("sent back with suggestions the writer sees beside the untouched text, then published as an announcement with the writer's name", async () => {
    const w = await world();
    const db = await getDb();
    const body = "We planted 40 trees in Riverside Park. Thank you to the volunteers who came in the rain.";
    const s = await saveStory(who(w.writer, "Wren Writer"), null, input(w.channel.slug, { body, intent: "submit" }), null);
    const id = s.ok ? s.id : 0;
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    expect(to(w.champion.email).some((m) => m.mail.subject?.includes("A story is waiting"))).toBe(true);
    expect(to(w.colleague.email)).toHaveLength(0);

    expect((await returnStory(who(w.writer), id, "Please add who to ask for more.")).ok).toBe(false); // not their own
    const back = await returnStory(who(w.champion, "Cam Champion"), id, "Lovely. Say who to ask if people want to join next time.");
    expect(back.ok).toBe(true);
    const page = (await storyPage(db, who(w.writer), id))!;
    expect(page.story.status).toBe("returned");
    expect(page.story.body).toBe(body); // never a silent rewrite
    expect(page.suggestions.map((g) => g.body)).toEqual(["Lovely. Say who to ask if people want to join next time."]);
    expect(page.canEdit).toBe(true);
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    expect(to(w.writer.email).some((m) => m.mail.subject?.includes("Suggestions for your story"))).toBe(true);

    const again = await saveStory(who(w.writer), id, input(w.channel.slug, { body: `${body} Ask Wren in Parks to join.`, intent: "submit" }), null);
    expect(again.ok).toBe(true);
    const before = (await db.get<{ n: number }>("SELECT COALESCE(MAX(id), 0) AS n FROM change_feed"))!.n;
    const published = await publishStory(who(w.manager), id);
    expect(published.ok).toBe(true);
    const story = (await findStory(db, id))!;
    expect(story.status).toBe("published");
    const item = (await findItemById(db, story.itemId!))!;
    expect(item.type).toBe("announcement");
    expect(item.status).toBe("published");
    expect(item.authorId).toBe(w.writer.id);
    expect(item.departmentId).toBe(w.dept.id);
    // Through the change feed (search and delivery follow it) and the audience rule like any announcement.
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM change_feed WHERE id > ? AND entity = 'item' AND entity_id = ? AND change = 'publish'", [before, item.id]))!.n).toBeGreaterThan(0);
    expect(canSeeItem(who(w.colleague), await getAudienceFacts(db, item))).toBe(true);
    const clause = visibleItemsSql(who(w.otherChampion));
    expect(clause.sql.length).toBeGreaterThan(0);
    expect((await storyOfItem(db, item.id))!.writerName).toBe(story.writerName);
    expect((await myStories(db, who(w.writer))).stories[0]).toMatchObject({ status: "published", href: `/announcements/${item.slug}` });
    expect((await myStories(db, who(w.writer))).firstTime).toBe(false);
    expect((await publishStory(who(w.manager), id)).ok).toBe(false); // a second click does nothing
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    expect(to(w.writer.email).some((m) => m.mail.subject?.includes("Your story is published"))).toBe(true);
    // Figures by department and channel, no names.
    const counts = await storyCountsByDepartmentAndChannel(db, "2000-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z");
    const row = counts.find((c) => c.departmentName === w.dept.name)!;
    expect(row.published).toBeGreaterThanOrEqual(1);
    expect(Object.keys(row).sort()).toEqual(["channelName", "departmentName", "published", "submitted"]);
  });

  it("council-wide channels are decided by comms editors only", async () => {
    const w = await world();
    const db = await getDb();
    const s = await saveStory(who(w.writer), null, input(w.corporate.slug, { intent: "submit" }), null);
    const id = s.ok ? s.id : 0;
    expect(await storyPage(db, who(w.champion), id)).toBeUndefined();
    expect((await publishStory(who(w.champion), id)).ok).toBe(false);
    expect((await publishStory(who(w.comms), id)).ok).toBe(true);
    const item = (await findItemById(db, (await findStory(db, id))!.itemId!))!;
    expect(item.departmentId).toBe(w.dept.id); // the writer's department
  });

  it("a photo needs alt text and consent, is re-encoded without metadata, and follows the story's audience", async () => {
    const w = await world();
    const db = await getDb();
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#336699" } }).png().toBuffer();
    const bytes = new Uint8Array(png);
    const noAlt = await saveStory(who(w.writer), null, input(w.channel.slug), { bytes });
    expect(noAlt.ok).toBe(false);
    expect(!noAlt.ok && noAlt.errors).toMatchObject({ photoAlt: expect.any(String), photoConsent: expect.any(String) });
    const bad = await saveStory(who(w.writer), null, input(w.channel.slug, { photoAlt: "x", photoConsent: "on" }), { bytes: new TextEncoder().encode("<script>alert(1)</script>") });
    expect(!bad.ok && bad.errors.photo).toBeTruthy();
    const ok = await saveStory(who(w.writer), null, input(w.channel.slug, { photoAlt: "A blue sky", photoConsent: "on", intent: "submit" }), { bytes });
    expect(ok.ok).toBe(true);
    const id = ok.ok ? ok.id : 0;
    const photo = (await storyPhotoFor(db, who(w.writer), id))!;
    const meta = await sharp(photo).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(960);
    expect(meta.exif).toBeUndefined();
    expect(await storyPhotoFor(db, who(w.colleague), id)).toBeUndefined(); // not published yet
    await publishStory(who(w.champion), id);
    expect(await storyPhotoFor(db, who(w.colleague), id)).toBeDefined();
    expect((await storyOfItem(db, (await findStory(db, id))!.itemId!))!.photo).toEqual({ src: `/story-photos/${id}`, alt: "A blue sky" });
  });

  it("stories wait during a pre-election period that covers them", async () => {
    const w = await world();
    const db = await getDb();
    const now = new Date("2031-04-20T10:00:00.000Z");
    await insertPeriod(db, { kind: "local", title: "Local elections 2031", noticeOn: "2031-03-25", pollingOn: "2031-05-01", scope: "departments",
      guideItemId: null, departmentIds: [w.dept.id], wards: [], createdBy: null }, "on", now.toISOString());
    const s = await saveStory(who(w.writer), null, input(w.channel.slug, { intent: "submit" }), null, now);
    const id = s.ok ? s.id : 0;
    const held = await publishStory(who(w.champion), id, now);
    expect(held.ok).toBe(false);
    expect(!held.ok && held.errors.form).toContain("pre-election");
    expect((await publishStory(who(w.champion), id, new Date("2031-05-02T10:00:00.000Z"))).ok).toBe(true);
  });

  it("the form refuses what it cannot use, with a message per field", () => {
    const r = StoryForm.safeParse({ channel: "", title: "x", body: "short" });
    expect(r.success).toBe(false);
    const fields = r.success ? [] : r.error.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["channel", "title", "body"]));
  });
});
