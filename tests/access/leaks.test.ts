/**
 * Defects found when the intranet was tried from outside (issue 14, leaks 1–3), each as the
 * person affected would meet it:
 *
 * 1. /me/reviews listed every page someone owns or deputises, drafts, archived pages and
 *    pages whose audience excludes them included (titles in the page and its loader data).
 * 2. A knowledge request closed with a guide told the requester and every voter the guide's
 *    title and address, even when its audience excludes them.
 * 3. An owner or deputy could be someone outside the page's audience, who then received its
 *    private feedback and review reminders.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages } from "~/commands/deliver.server";
import { closeRequest, createKnowledgeRequest, setVote } from "~/commands/knowledge-requests.server";
import { leaveFeedback } from "~/commands/feedback.server";
import { signInWithIdentity } from "~/commands/oidc-sign-in.server";
import { reassignOwnership, sweepOwnership } from "~/commands/ownership.server";
import { sendReviewReminders } from "~/commands/reviews.server";
import { updateUserAccess } from "~/commands/users.server";
import { findItemById } from "~/models/item.server";
import { listOutbox } from "~/models/outbox.server";
import * as myFeedback from "~/routes/me_.feedback";
import * as myReviews from "~/routes/me_.reviews";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import type { Role } from "~/utils/roles";
import { session } from "../delivery/http";
import { createDepartment, createItem, createUser } from "../factories";

// Email is queued only when a mail server is configured; nothing is sent here (no delivery worker runs).
process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

type Person = { id: number; email: string; name: string; role: Role; departmentId: number | null };
let housing: { id: number; slug: string };
let planning: { id: number; slug: string };
let admin: Person;

async function person(role: Role, departmentId: number | null, name: string): Promise<Person> {
  const u = await createUser({ role, departmentId, name });
  return { ...u, name, role, departmentId };
}

beforeAll(async () => {
  housing = await createDepartment({ name: "Housing" });
  planning = await createDepartment({ name: "Planning" });
  admin = await person("admin", null, "Ada Admin");
});

async function outboxText(userId: number): Promise<string> {
  const rows = (await listOutbox(await getDb())).filter((m) => m.userId === userId);
  return JSON.stringify(rows);
}

describe("1. /me/reviews lists only pages the person may open, or edit", () => {
  it("leaves out drafts they may not edit, archived pages and pages outside their audience", async () => {
    const owner = await person("staff", housing.id, "Olu Owner");
    const open = await createItem({ type: "guide", title: "Bins on bank holidays", departmentId: housing.id, ownerEmail: owner.email, reviewBy: "2030-01-01" });
    await createItem({ type: "guide", title: "Draft zq1draft", status: "draft", departmentId: housing.id, ownerEmail: owner.email });
    await createItem({ type: "guide", title: "In review zq1review", status: "in-review", departmentId: housing.id, deputyEmail: owner.email });
    await createItem({ type: "guide", title: "Archived zq1archived", status: "archived", departmentId: housing.id, ownerEmail: owner.email });
    // Expired pages stay readable at their address, so their owner still sees them, marked.
    const expired = await createItem({ type: "policy", title: "Expired rota", status: "expired", departmentId: housing.id, ownerEmail: owner.email });
    await createItem({
      type: "guide", title: "Planning only zq1restricted", departmentId: planning.id, audience: "departments",
      audienceDepartmentIds: [planning.id], ownerEmail: owner.email,
    });
    await createItem({ type: "guide", title: "Later zq1scheduled", publishAt: "2099-01-01T00:00:00.000Z", departmentId: housing.id, ownerEmail: owner.email });

    const res = await (await session(owner.id)).get(myReviews.loader, "/me/reviews");
    expect(res.status).toBe(200);
    const data = res.json();
    expect(data.pages.map((p: { id: number }) => p.id).sort()).toEqual([open.id, expired.id].sort());
    expect(data.pages.find((p: { id: number }) => p.id === expired.id)).toMatchObject({ statusLabel: "Expired" });
    // Nothing about the others anywhere in the loader data (what ?_data= returns).
    expect(res.body).not.toMatch(/zq1/);
  });

  it("shows drafts and pages in review to those who may edit them, marked with their status", async () => {
    const champion = await person("champion", housing.id, "Cat Champion");
    const draft = await createItem({ type: "guide", title: "Draft zq1mine", status: "draft", departmentId: housing.id, ownerEmail: champion.email });
    const review = await createItem({ type: "guide", title: "Review zq1mine", status: "in-review", departmentId: housing.id, deputyEmail: champion.email });
    // A champion of Housing may not edit Planning's guides, so its draft stays out.
    await createItem({ type: "guide", title: "Planning draft zq1other", status: "draft", departmentId: planning.id, ownerEmail: champion.email });

    const res = await (await session(champion.id)).get(myReviews.loader, "/me/reviews");
    const pages: { id: number; status: string; statusLabel: string }[] = res.json().pages;
    expect(pages.map((p) => p.id).sort()).toEqual([draft.id, review.id].sort());
    expect(pages.find((p) => p.id === draft.id)).toMatchObject({ status: "draft", statusLabel: "Draft" });
    expect(pages.find((p) => p.id === review.id)).toMatchObject({ status: "in-review", statusLabel: "In review" });
    expect(res.body).not.toContain("zq1other");
  });

  it("a manager's 'overdue in your department' keeps to pages the manager may open", async () => {
    const manager = await person("manager", housing.id, "Max Manager");
    const overdue = await createItem({ type: "guide", title: "Overdue open", departmentId: housing.id, ownerEmail: admin.email, reviewBy: "2020-01-01" });
    await createItem({
      type: "guide", title: "Overdue zq1champions-only", departmentId: housing.id, audience: "roles", audienceRoles: ["champion"],
      ownerEmail: admin.email, reviewBy: "2020-01-01",
    });
    const res = await (await session(manager.id)).get(myReviews.loader, "/me/reviews");
    expect(res.json().overdueInDepartment.map((p: { id: number }) => p.id)).toContain(overdue.id);
    expect(res.body).not.toContain("zq1champions-only");
  });
});

describe("2. a request answered by a guide tells each person only what they may open", () => {
  it("names the guide to those in its audience, and not to the others", async () => {
    const champion = await person("champion", housing.id, "Hal Champion");
    const asker = await person("staff", planning.id, "Ann Asker");
    const voterOutside = await person("staff", planning.id, "Vic Voter");
    const voterInside = await person("staff", housing.id, "Ivy Inside");
    const guide = await createItem({
      type: "guide", slug: "tenancy-zq2secret", title: "Tenancy zq2secret", departmentId: housing.id,
      audience: "departments", audienceDepartmentIds: [housing.id],
    });
    const { id } = await createKnowledgeRequest(asker, { title: "How do tenancy checks work", details: "", departmentId: housing.id, searchQuery: null });
    await setVote(voterOutside, id, true);
    await setVote(voterInside, id, true);
    expect(await closeRequest(champion, id, { outcome: "answered", guide: `/guides/${guide.slug}`, note: "" })).toEqual({ ok: true });

    for (const outside of [asker, voterOutside]) {
      const mail = await outboxText(outside.id);
      expect(mail).toContain("How do tenancy checks work"); // they are still told the request was closed
      expect(mail).not.toContain("zq2secret");
    }
    expect(await outboxText(voterInside.id)).toContain("Tenancy zq2secret");
  });
});

describe("3. owners and deputies are people who can open the page", () => {
  it("moving department out of a page's audience hands the page over, wherever the page belongs", async () => {
    const corporate = await createDepartment({ name: "Corporate" });
    const mover = await person("champion", housing.id, "Mo Mover");
    const heir = await person("champion", corporate.id, "Hana Heir");
    await createUser({ role: "champion", departmentId: housing.id }); // can open it, but is not the corporate guide's department
    const guide = await createItem({
      type: "guide", title: "For housing staff", departmentId: corporate.id, audience: "departments", audienceDepartmentIds: [housing.id, corporate.id],
      ownerEmail: mover.email,
    });
    const hidden = await createItem({
      type: "guide", title: "Housing only", departmentId: corporate.id, audience: "departments", audienceDepartmentIds: [housing.id],
      ownerEmail: heir.email, deputyEmail: mover.email,
    });
    expect(await updateUserAccess(admin, mover.id, { name: mover.name, role: "champion", departmentId: planning.id, jobTitle: "" })).toEqual({ ok: true });
    const db = await getDb();
    // Planning is outside the audience of both: the owner is replaced, and so is the deputy.
    expect((await findItemById(db, guide.id))?.ownerEmail).not.toBe(mover.email);
    expect((await findItemById(db, hidden.id))?.deputyEmail).not.toBe(mover.email);
    // The new owner can open the page: Heir is in Corporate, in the audience.
    expect((await findItemById(db, guide.id))?.ownerEmail).toBe(heir.email);
  });

  it("a role change that takes someone out of a page's audience hands it over", async () => {
    const finance = await createDepartment({ name: "Finance" });
    const manager = await person("manager", finance.id, "Meg Manager");
    const other = await person("manager", finance.id, "Otto Manager");
    await person("champion", finance.id, "Cy Champion"); // a champion comes before a manager, but cannot open it
    const guide = await createItem({
      type: "guide", title: "Managers only", departmentId: finance.id, audience: "roles", audienceRoles: ["manager"], ownerEmail: manager.email,
    });
    await updateUserAccess(admin, manager.id, { name: manager.name, role: "staff", departmentId: finance.id, jobTitle: "" });
    expect((await findItemById(await getDb(), guide.id))?.ownerEmail).toBe(other.email);
  });

  it("a role the identity provider no longer gives hands over the pages the person can no longer open", async () => {
    process.env.OIDC_ROLE_MAP = "intranet-managers=manager";
    resetEnvForTests();
    try {
      const dept = await createDepartment({ name: "Registrars" });
      const manager = await person("manager", dept.id, "Rina Registrar");
      const other = await person("manager", dept.id, "Olly Other");
      const guide = await createItem({ type: "guide", departmentId: dept.id, audience: "roles", audienceRoles: ["manager"], ownerEmail: manager.email });
      const signedIn = await signInWithIdentity(new Request("http://localhost/auth/oidc/callback"), {
        subject: "rina-at-provider", email: manager.email, name: manager.name, claims: { groups: ["everyone"] }, redirectTo: "/",
      });
      expect(signedIn.ok).toBe(true);
      expect((await findItemById(await getDb(), guide.id))?.ownerEmail).toBe(other.email);
    } finally {
      delete process.env.OIDC_ROLE_MAP;
      resetEnvForTests();
    }
  });

  it("the sweep hands over a page whose owner cannot open it, choosing someone who can", async () => {
    const outsider = await person("champion", planning.id, "Pia Planner");
    const insider = await person("champion", housing.id, "Ian Insider");
    const guide = await createItem({
      type: "guide", title: "Housing void checks", departmentId: housing.id, audience: "departments", audienceDepartmentIds: [housing.id],
      ownerEmail: outsider.email,
    });
    const handovers = await sweepOwnership();
    expect(handovers.find((h) => h.itemId === guide.id && h.role === "owner")).toMatchObject({ fromEmail: outsider.email, toEmail: insider.email });
  });

  it("an owner outside the audience gets neither its feedback nor its reminders, and /me/feedback does not show them", async () => {
    const dept = await createDepartment({ name: "Legal" });
    const outsider = await person("staff", planning.id, "Otis Outside");
    const reader = await person("staff", dept.id, "Rae Reader");
    // Written straight into the table, as a page looked before this rule (the sweep would hand it over).
    const guide = await createItem({
      type: "guide", title: "Legal holds zq3private", departmentId: dept.id, audience: "departments", audienceDepartmentIds: [dept.id],
      ownerEmail: outsider.email, reviewBy: "2020-01-01",
    });
    const left = await leaveFeedback(reader, guide.id, { helpful: false, comment: "The zq3comment about a case" });
    expect(left.ok).toBe(true);
    await sendReviewReminders(new Date());
    expect(await outboxText(outsider.id)).not.toMatch(/zq3/);
    const inbox = await (await session(outsider.id)).get(myFeedback.loader, "/me/feedback");
    expect(inbox.body).not.toMatch(/zq3/);
  });

  it("a notice queued before the page's audience narrowed is cancelled when it would go", async () => {
    const dept = await createDepartment({ name: "Environmental health" });
    const owner = await person("champion", dept.id, "Noor Owner");
    const reader = await person("staff", dept.id, "Reg Reader");
    const guide = await createItem({ type: "guide", title: "Food hygiene zq3late", departmentId: dept.id, ownerEmail: owner.email });
    await leaveFeedback(reader, guide.id, { helpful: true, comment: "Thanks" });
    const db = await getDb();
    const queued = (await listOutbox(db)).find((m) => m.userId === owner.id && m.itemId === guide.id);
    expect(queued?.status).toBe("queued");
    // The page becomes Legal's only, and the owner is not in Legal (the hand-over has not run yet).
    const legal = await createDepartment({ name: "Legal services" });
    await db.run("UPDATE items SET audience = 'departments' WHERE id = ?", [guide.id]);
    await db.run("INSERT INTO item_audience_departments (item_id, department_id) VALUES (?, ?)", [guide.id, legal.id]);
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    const after = (await listOutbox(db)).find((m) => m.id === queued!.id);
    expect(after).toMatchObject({ status: "cancelled", lastError: expect.stringMatching(/may no longer be told about the page/) });
  });

  it("reassignOwnership on a role change lets go only of pages the person can no longer open", async () => {
    const champion = await person("champion", housing.id, "Cora Champion");
    const keep = await createItem({ type: "guide", title: "Everyone", departmentId: housing.id, ownerEmail: champion.email });
    const db = await getDb();
    const handovers = await db.transaction((tx) => reassignOwnership(tx, champion.id, "role-change"));
    expect(handovers).toEqual([]);
    expect((await findItemById(db, keep.id))?.ownerEmail).toBe(champion.email);
  });
});
