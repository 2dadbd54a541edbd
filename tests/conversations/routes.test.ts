/** The conversation pages through their loaders and actions, as plain forms (no JavaScript) would use them. */
import { describe, expect, it } from "vitest";
import * as announcementPage from "~/routes/announcements.$slug";
import * as comments from "~/routes/comments.$itemId";
import * as moderation from "~/routes/comments.moderation";
import * as people from "~/routes/comments.people";
import * as guidePage from "~/routes/guides.$slug";
import * as reactions from "~/routes/reactions";
import { session } from "../delivery/http";
import { createDepartment, createItem, createUser } from "../factories";

describe("comments and reactions by plain forms", () => {
  it("posts, shows errors beside the field with the text kept, reacts, and moderates", async () => {
    const dept = await createDepartment();
    const reader = await session((await createUser({ departmentId: dept.id, name: "Rita Reader" })).id);
    const comms = await session((await createUser({ role: "comms", name: "Cara Comms" })).id);
    const outsider = await session((await createUser({ departmentId: (await createDepartment()).id })).id);
    const a = await createItem({ type: "announcement", slug: "route-news", audience: "departments", audienceDepartmentIds: [dept.id] });
    const params = { itemId: String(a.id) };

    const posted = await reader.post(comments.action, `/comments/${a.id}`, { intent: "post", body: "Great **news**", returnTo: "/announcements/route-news" }, params);
    expect(posted.status).toBe(302);
    expect(posted.location).toMatch(/^\/announcements\/route-news#comment-\d+$/);
    const tooLong = await reader.post(comments.action, `/comments/${a.id}`, { intent: "post", body: "x".repeat(2001) }, params);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json().errors.body).toBe("Your comment must be 2000 characters or fewer");
    expect(tooLong.json().draft).toHaveLength(2000);
    expect((await reader.post(comments.action, `/comments/${a.id}`, { intent: "post", body: "Hi" }, params, { csrf: false })).status).toBe(403);
    expect((await outsider.post(comments.action, `/comments/${a.id}`, { intent: "post", body: "Hi" }, params)).status).toBe(404);
    expect((await outsider.get(comments.loader, `/comments/${a.id}`, params)).status).toBe(404);

    const page = (await reader.get(announcementPage.loader, "/announcements/route-news", { slug: "route-news" })).json();
    const thread = page.conversation.comments.threads[0];
    expect(thread.html).toBe("<p>Great <strong>news</strong></p>");
    expect(thread.authorName).toBe("Rita Reader");

    const reacted = await comms.post(reactions.action, "/reactions", { target: "item", targetId: String(a.id), kind: "celebrate", on: "1", returnTo: "/announcements/route-news#reactions" });
    expect(reacted.location).toBe("/announcements/route-news#reactions");
    expect((await reader.post(reactions.action, "/reactions", { target: "item", targetId: String(a.id), kind: "nope", on: "1" })).status).toBe(400);
    const after = (await reader.get(announcementPage.loader, "/announcements/route-news", { slug: "route-news" })).json();
    expect(after.conversation.reactions.kinds.find((k: { kind: string }) => k.kind === "celebrate")).toMatchObject({ count: 1, names: ["Cara Comms"] });

    expect((await reader.post(comments.action, `/comments/${a.id}`, { intent: "report", commentId: String(thread.id), reason: "" }, params)).status).toBe(400);
    const reported = await comms.post(comments.action, `/comments/${a.id}`, { intent: "report", commentId: String(thread.id), reason: "Test report" }, params);
    expect(reported.location).toContain("?reported=1");
    expect((await reader.get(moderation.loader, "/comments/moderation")).status).toBe(404);
    const queue = (await comms.get(moderation.loader, "/comments/moderation")).json();
    expect(queue.queue.map((q: { id: number }) => q.id)).toContain(thread.id);
    expect((await comms.post(moderation.action, "/comments/moderation", { intent: "hide", commentId: String(thread.id), reason: "Off topic" })).status).toBe(302);

    const found = (await reader.get(people.loader, "/comments/people?q=cara")).json();
    expect(found.people.map((p: { name: string }) => p.name)).toEqual(["Cara Comms"]);
  });

  it("guides show no comments until turned on, then take them", async () => {
    const champion = await createUser({ role: "champion" });
    const staff = await session((await createUser()).id);
    const g = await createItem({ type: "guide", slug: "route-guide", departmentId: null, authorId: champion.id });
    expect((await staff.get(guidePage.loader, "/guides/route-guide", { slug: "route-guide" })).json().conversation.comments).toBeNull();
    const comms = await session((await createUser({ role: "comms" })).id);
    expect((await comms.post(comments.action, `/comments/${g.id}`, { intent: "settings", enabled: "1", closed: "0" }, { itemId: String(g.id) })).status).toBe(302);
    expect((await staff.get(guidePage.loader, "/guides/route-guide", { slug: "route-guide" })).json().conversation.comments).toMatchObject({ enabled: true, canPost: true });
  });
});
