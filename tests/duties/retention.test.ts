/**
 * Records and retention (decision 162): the schedule queues what has reached its rule, an
 * information-governance officer approves in a batch, disposal keeps a record, never
 * touches a held record, and leaves none of the disposed item's personal data in any
 * table: every table and every text column is read back (by enumeration, not a list).
 */
import { beforeAll, describe, expect, test } from "vitest";
import { decideDisposals, liftHold, placeHold, runRetention, saveRule } from "~/commands/retention.server";
import { insertFeedback, insertReply } from "~/models/feedback.server";
import { insertPoll } from "~/models/poll.server";
import { insertQuestion } from "~/models/question.server";
import { insertAcknowledgement } from "~/models/acknowledgement.server";
import { listDisposalQueue, listDisposalRecords, listRules } from "~/models/retention.server";
import { PERSONAL_DATA, rowsOfItem } from "~/models/personal-data.server";
import { listAudit } from "~/models/audit.server";
import type { Actor } from "~/access/permissions.server";
import { getDb } from "~/utils/db.server";
import { createItem, createUser } from "../factories";

let officer: Actor;
let staff: { id: number; email: string };
const NOW = new Date("2033-06-01T10:00:00Z");

beforeAll(async () => {
  const u = await createUser({ role: "staff", name: "Indira Governance" });
  officer = { id: u.id, email: u.email, name: "Indira Governance", role: "staff", departmentId: null, grants: [], granted: ["information-governance"] };
  staff = await createUser({ name: "Pat Planted" });
});

/** An expired announcement with revisions, feedback, a reply, a question, a poll and a confirmation, each carrying `marker`. */
async function plantedAnnouncement(marker: string, extra: { authorId?: number } = {}) {
  const item = await createItem({ status: "expired", expiresAt: "2020-01-31T00:00:00.000Z", publishAt: "2020-01-01T00:00:00.000Z", body: `Body ${marker}-body`, title: "Old notice", authorId: extra.authorId ?? null });
  const db = await getDb();
  const at = "2020-01-10T00:00:00.000Z";
  const fb = await insertFeedback(db, { itemId: item.id, authorId: staff.id, helpful: false, comment: `${marker}-feedback` }, at);
  await insertReply(db, fb, staff.id, `${marker}-reply`, at);
  await insertQuestion(db, item.id, staff.id, `${marker}-question`, at);
  await insertPoll(db, { itemId: item.id, question: `${marker}-poll`, options: [`${marker}-yes`, "No"], createdBy: staff.id }, at);
  await insertAcknowledgement(db, item.id, staff.id, 1, at);
  return item;
}

/** Every text cell of every table that contains `needle` (table.column), found by enumerating the schema. */
async function cellsContaining(needle: string): Promise<string[]> {
  const db = await getDb();
  const found: string[] = [];
  const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name);
  for (const t of tables) {
    const cols = await db.all<{ name: string; type: string }>(`PRAGMA table_info(${JSON.stringify(t)})`);
    for (const c of cols) {
      const n = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${JSON.stringify(t)} WHERE CAST(${JSON.stringify(c.name)} AS TEXT) LIKE ?`, [`%${needle}%`]);
      if (n && n.n > 0) found.push(`${t}.${c.name}`);
    }
  }
  return found;
}

describe("retention", () => {
  test("the default schedule is there, and an IG officer edits it (others may not)", async () => {
    await runRetention(new Date("2021-01-01T00:00:00Z"));
    const rules = await listRules(await getDb());
    expect(rules.find((r) => r.recordType === "announcement")).toMatchObject({ trigger: "expired", periodDays: 6 * 365, action: "review" });
    expect(rules.find((r) => r.recordType === "policy")).toMatchObject({ action: "keep" });
    expect(rules.find((r) => r.recordType === "sessions")).toMatchObject({ action: "destroy-automatically" });
    const refused = await saveRule({ ...officer, granted: [] }, { recordType: "guide", trigger: "archived", periodDays: 10, action: "review" });
    expect(refused.ok).toBe(false);
    const bad = await saveRule(officer, { recordType: "guide", trigger: "whenever", periodDays: -1, action: "review" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["periodDays", "trigger"]);
  });

  test("disposal removes the item and every row of it, keeps a disposal record, and leaves its personal data in no table", async () => {
    const item = await plantedAnnouncement("PLANTED7Q");
    expect((await cellsContaining("PLANTED7Q")).length).toBeGreaterThan(4);
    // Not yet 6 years after expiry: nothing queued.
    expect((await runRetention(new Date("2025-01-01T00:00:00Z"))).queued).not.toContain(item.id);
    expect((await runRetention(NOW)).queued).toContain(item.id);
    const db = await getDb();
    const entry = (await listDisposalQueue(db, NOW.toISOString())).find((q) => q.itemId === item.id)!;
    expect(entry.ruleSummary).toBe("announcement: 6 years after expired, then review");
    const decided = await decideDisposals(officer, [entry.id], "approve", NOW);
    expect(decided.disposed).toEqual([item.id]);

    // Table by table: nothing refers to the item, and no text of it remains anywhere.
    for (const table of Object.keys(PERSONAL_DATA)) {
      expect(await rowsOfItem(db, table, item.id), table).toEqual([]);
    }
    expect(await cellsContaining("PLANTED7Q")).toEqual([]);
    const record = (await listDisposalRecords(db)).find((r) => r.recordId === item.id)!;
    expect(record).toMatchObject({ recordType: "announcement", title: "Old notice", approvedBy: "Indira Governance" });
    expect(record.rowsRemoved).toBeGreaterThan(5);
    expect((await listAudit(db, { action: "retention.disposed" }, 10, 0)).rows.map((r) => r.entityId)).toContain(item.id);
  });

  test("held records are never disposed of: holds on the item, on a person, and on a search; every hold is audited", async () => {
    const author = await createUser({ name: "Held Author" });
    const onItem = await plantedAnnouncement("HELDITEM1");
    const byPerson = await plantedAnnouncement("HELDPERSON1", { authorId: author.id });
    const bySearch = await plantedAnnouncement("HELDSEARCH1");
    const holdItem = await placeHold(officer, { kind: "item", itemId: onItem.id, reason: "FOI 2033/14" }, NOW);
    await placeHold(officer, { kind: "person", userId: author.id, reason: "Tribunal claim" }, NOW);
    await placeHold(officer, { kind: "search", searchText: "heldsearch1-body", reason: "FOI 2033/15" }, NOW);
    await runRetention(new Date("2033-07-01T00:00:00Z"));
    const db = await getDb();
    const queue = (await listDisposalQueue(db, NOW.toISOString())).filter((q) => [onItem.id, byPerson.id, bySearch.id].includes(q.itemId));
    expect(queue).toHaveLength(3);
    const decided = await decideDisposals(officer, queue.map((q) => q.id), "approve", NOW);
    expect(decided.disposed).toEqual([]);
    expect(decided.held.sort()).toEqual([onItem.id, byPerson.id, bySearch.id].sort());
    expect((await cellsContaining("HELDITEM1")).length).toBeGreaterThan(4);
    expect((await listAudit(db, { action: "legal-hold" }, 10, 0)).total).toBe(3);
    // Released, the item can go.
    await liftHold(officer, holdItem, NOW);
    const again = await decideDisposals(officer, [queue.find((q) => q.itemId === onItem.id)!.id], "approve", NOW);
    expect(again.disposed).toEqual([onItem.id]);
    expect(await cellsContaining("HELDITEM1")).toEqual([]);
  });

  test("defer takes an entry out of the queue for a year; automatic destroy removes only what its rule names", async () => {
    const item = await plantedAnnouncement("DEFER1");
    await runRetention(new Date("2033-08-01T00:00:00Z"));
    const db = await getDb();
    const entry = (await listDisposalQueue(db, "2033-08-01T00:00:00.000Z")).find((q) => q.itemId === item.id)!;
    await decideDisposals(officer, [entry.id], "defer", new Date("2033-08-01T00:00:00Z"));
    expect((await listDisposalQueue(db, "2033-08-02T00:00:00.000Z")).map((q) => q.itemId)).not.toContain(item.id);
    expect((await listDisposalQueue(db, "2034-08-02T00:00:00.000Z")).map((q) => q.itemId)).toContain(item.id);
    await db.run("INSERT INTO sign_in_attempts (at, account, address, outcome) VALUES (?, ?, ?, ?)", ["2020-01-01T00:00:00.000Z", "old@riverside.test", "127.0.0.1", "failure"]);
    await db.run("INSERT INTO sign_in_attempts (at, account, address, outcome) VALUES (?, ?, ?, ?)", ["2033-07-30T00:00:00.000Z", "new@riverside.test", "127.0.0.1", "failure"]);
    const run = await runRetention(new Date("2033-08-01T00:00:00Z"));
    expect(run.destroyed.sign_in_attempts).toBeGreaterThanOrEqual(1);
    expect(await cellsContaining("old@riverside.test")).toEqual([]);
    expect(await cellsContaining("new@riverside.test")).toEqual(["sign_in_attempts.account"]);
  });
});
