/**
 * The demo council's conversations (issue 23, decision 172): content/demo-conversations.yml
 * written through the real commands (comments, reactions, a correction, staff stories), once,
 * on the start that created the demo accounts. Anything that does not fit (a page or person
 * the content no longer has) is logged and skipped: the demo still starts.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { findItemBySlug } from "~/models/item.server";
import { countStories } from "~/models/story.server";
import { findUserByEmail } from "~/models/user.server";
import { StoryForm } from "~/schemas/stories";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { postComment } from "./comments.server";
import { correctItem } from "./corrections.server";
import { react } from "./reactions.server";
import { publishStory, returnStory, saveStory } from "./stories.server";

export const DEMO_CONVERSATIONS_FILE = "demo-conversations.yml";

const Email = z.string().email();
const Plan = z.object({
  comments: z.array(z.object({ on: z.string(), by: Email, text: z.string(), replies: z.array(z.object({ by: Email, text: z.string() })).default([]) })).default([]),
  reactions: z.array(z.object({ on: z.string(), kinds: z.record(z.string(), z.array(Email)) })).default([]),
  corrections: z.array(z.object({ on: z.string(), by: Email, text: z.string() })).default([]),
  stories: z.array(z.object({
    by: Email, channel: z.string(), title: z.string(), summary: z.string().default(""), body: z.string(), decided_by: Email.optional(),
    publish: z.boolean().default(false), suggestion: z.string().optional(),
  })).default([]),
});

export type DemoConversationsReport = { comments: number; reactions: number; corrections: number; stories: number; skipped: number };

export async function seedDemoConversations(contentDir = getEnv().CONTENT_DIR): Promise<DemoConversationsReport | null> {
  if (getEnv().DEMO !== "true") return null;
  const file = path.join(contentDir, DEMO_CONVERSATIONS_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = Plan.safeParse(YAML.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    log.error("demo conversations not written", { file, error: parsed.error.issues[0]?.message });
    return null;
  }
  const db = await getDb();
  if ((await countStories(db)) > 0) return null;
  const plan = parsed.data;
  const report: DemoConversationsReport = { comments: 0, reactions: 0, corrections: 0, stories: 0, skipped: 0 };
  const person = async (email: string) => {
    const u = await findUserByEmail(db, email);
    return u && u.active === 1 ? u : undefined;
  };
  const page = async (href: string) => {
    const m = /^\/announcements\/([a-z0-9-]+)$/.exec(href);
    return m ? findItemBySlug(db, "announcement", m[1]) : undefined;
  };
  const skip = (what: string, detail: Record<string, unknown>) => {
    report.skipped++;
    log.info(`demo conversations: ${what} skipped`, detail);
  };

  for (const c of plan.comments) {
    const [item, author] = [await page(c.on), await person(c.by)];
    if (!item || !author) { skip("comment", { on: c.on, by: c.by }); continue; }
    const posted = await postComment(author, item.id, { body: c.text });
    if (!posted.ok || !posted.commentId) { skip("comment", { on: c.on, message: posted.ok ? "" : posted.message }); continue; }
    report.comments++;
    for (const r of c.replies) {
      const replier = await person(r.by);
      const reply = replier ? await postComment(replier, item.id, { body: r.text, parentId: posted.commentId }) : null;
      if (reply?.ok) report.comments++;
      else skip("reply", { on: c.on, by: r.by });
    }
  }
  for (const r of plan.reactions) {
    const item = await page(r.on);
    if (!item) { skip("reactions", { on: r.on }); continue; }
    for (const [kind, emails] of Object.entries(r.kinds))
      for (const email of emails) {
        const who = await person(email);
        if (who && (await react(who, "item", item.id, kind, true)).ok) report.reactions++;
        else skip("reaction", { on: r.on, kind, by: email });
      }
  }
  for (const c of plan.corrections) {
    const [item, editor] = [await page(c.on), await person(c.by)];
    const done = item && editor ? await correctItem(editor, item.id, { text: c.text, material: false }) : null;
    if (done?.ok) report.corrections++;
    else skip("correction", { on: c.on, message: done && !done.ok ? done.message : "no page or person" });
  }
  for (const s of plan.stories) {
    const writer = await person(s.by);
    if (!writer) { skip("story", { by: s.by }); continue; }
    const saved = await saveStory(writer, null, StoryForm.parse({ channel: s.channel, title: s.title, summary: s.summary, body: s.body, intent: "submit" }), null);
    if (!saved.ok) { skip("story", { title: s.title, errors: saved.errors }); continue; }
    report.stories++;
    const editor = s.decided_by ? await person(s.decided_by) : undefined;
    if (editor && s.suggestion) await returnStory(editor, saved.id, s.suggestion);
    else if (editor && s.publish) {
      const published = await publishStory(editor, saved.id);
      if (!published.ok) skip("publishing a story", { title: s.title, errors: published.errors });
    }
  }
  log.info("demo conversations written", report);
  return report;
}
