/** Conversation figures in /admin/insights and the weekly summary (issue 23): by department and channel, counts only, nobody named. */
import { describe, expect, it } from "vitest";
import { postComment } from "~/commands/comments.server";
import { correctItem } from "~/commands/corrections.server";
import { insightsReport, parseInsightsQuery, tableForCsv } from "~/commands/insights.server";
import { react } from "~/commands/reactions.server";
import { publishStory, saveStory } from "~/commands/stories.server";
import { summaryMessage, weeklyFigures, mondayOf } from "~/commands/weekly-summary.server";
import { StoryForm } from "~/schemas/stories";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { createChannel, createDepartment, createItem, createUser } from "../factories";

describe("conversation figures", () => {
  it("count comments, reactions, stories and corrections by department and channel, with no names", async () => {
    const dept = await createDepartment({ name: "Parks and Open Spaces" });
    const channel = await createChannel({ departmentId: dept.id, name: "Parks news" });
    const writer = { ...(await createUser({ departmentId: dept.id })), name: "Zebedee Unusualname" };
    const comms = { ...(await createUser({ role: "comms", departmentId: dept.id })), name: "Casey Comms" };
    const item = await createItem({ type: "announcement", departmentId: dept.id, channelIds: [channel.id], publishAt: "2020-01-01T00:00:00.000Z", authorId: comms.id });
    expect((await postComment(writer, item.id, { body: "Well done, team." })).ok).toBe(true);
    expect((await react(writer, "item", item.id, "thanks", true)).ok).toBe(true);
    expect((await react(comms, "item", item.id, "celebrate", true)).ok).toBe(true);
    const saved = await saveStory(writer, null, StoryForm.parse({ channel: channel.slug, title: "Trees planted", body: "We planted forty trees in the park this week.", intent: "submit" }), null);
    expect(saved.ok && (await publishStory(comms, saved.id)).ok).toBe(true);
    expect((await correctItem(comms, item.id, { text: "The planting day is Saturday, not Sunday.", material: false })).ok).toBe(true);

    const url = new URL("http://x/admin/insights");
    const report = await insightsReport(comms, parseInsightsQuery(url));
    const csv = tableForCsv(report.tables.conversations);
    expect(csv.head).toEqual(["Department", "Channel", "Comments", "Reactions", "Stories submitted", "Stories published", "Corrections"]);
    expect(csv.rows).toContainEqual(["Parks and Open Spaces", "Parks news", 1, 2, 1, 1, 1]);
    expect(JSON.stringify(report.tables.conversations)).not.toContain("Zebedee");

    const figures = await weeklyFigures(await getDb(), mondayOf(ukTodayIso()));
    expect(figures.conversations).toEqual({ comments: 1, reactions: 2, storiesPublished: 1, corrections: 1 });
    expect(summaryMessage(figures).lines.join(" ")).toContain("1 comments, 2 reactions, 1 staff stories published, 1 corrections");
  });
});
