import { describe, expect, it } from "vitest";
import { Database, getDb } from "~/utils/db.server";

describe("database wrapper", () => {
  it("applies migrations and enables WAL, foreign keys and a long busy timeout", async () => {
    const db = await getDb();
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["items", "revisions", "departments", "users", "sessions"]));
    expect((await db.get<{ journal_mode: string }>("PRAGMA journal_mode"))?.journal_mode).toBe("wal");
    expect((await db.get<{ foreign_keys: number }>("PRAGMA foreign_keys"))?.foreign_keys).toBe(1);
  });

  it("rolls back a failed transaction completely", async () => {
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO departments (slug, name) VALUES ('rollback-a', 'A')");
        await tx.run("INSERT INTO departments (slug, name) VALUES ('rollback-a', 'duplicate')");
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.get("SELECT * FROM departments WHERE slug = 'rollback-a'")).toBeUndefined();
  });

  it("never lets one transaction's rollback undo another's committed write", async () => {
    const db = await getDb();
    const work = Array.from({ length: 40 }, (_, i) =>
      db
        .transaction(async (tx) => {
          await tx.run("INSERT INTO departments (slug, name) VALUES (?, ?)", [`concurrent-${i}`, `C${i}`]);
          await new Promise((r) => setTimeout(r, 1));
          if (i % 3 === 0) throw new Error("fail on purpose");
          return i;
        })
        .then(
          () => ({ i, ok: true }),
          () => ({ i, ok: false }),
        ),
    );
    const results = await Promise.all(work);
    const stored = new Set((await db.all<{ slug: string }>("SELECT slug FROM departments WHERE slug LIKE 'concurrent-%'")).map((r) => r.slug));
    for (const r of results) expect(stored.has(`concurrent-${r.i}`)).toBe(r.ok);
  });

  it("reads outside a transaction never see its uncommitted writes", async () => {
    const db = await getDb();
    let seenDuring: unknown = "not read";
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO departments (slug, name) VALUES ('isolation', 'I')");
      seenDuring = await db.get("SELECT id FROM departments WHERE slug = 'isolation'");
    });
    expect(seenDuring).toBeUndefined();
    expect(await db.get("SELECT id FROM departments WHERE slug = 'isolation'")).toBeDefined();
  });
});

describe("statement cache", () => {
  it("shares one prepared statement between concurrent callers and still closes cleanly", async () => {
    const { Database } = await import("~/utils/db.server");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-db-"));
    const db = await Database.open(path.join(dir, "t.db"));
    await db.exec("CREATE TABLE t (n INTEGER)");
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.run("INSERT INTO t (n) VALUES (?)", [i])));
    const counts = await Promise.all(Array.from({ length: 20 }, () => db.get<{ c: number }>("SELECT COUNT(*) AS c FROM t")));
    expect(counts.every((r) => r?.c === 20)).toBe(true);
    await expect(db.close()).resolves.toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("several processes writing one file", () => {
  it("waits out another connection's write lock held longer than one busy timeout instead of failing", async () => {
    const db = await getDb();
    // Two more connections to the same file, as a page worker and the leader would have, with a short busy timeout.
    const holder = await Database.open(db.file, { busyTimeoutMs: 150 });
    const waiter = await Database.open(db.file, { busyTimeoutMs: 150 });
    try {
      let release!: () => void;
      const held = holder.transaction(() => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 20));
      setTimeout(() => release(), 250); // longer than one attempt (150 ms), shorter than three
      const started = Date.now();
      await waiter.transaction((tx) => tx.run("UPDATE departments SET description = description WHERE 1 = 0"));
      await waiter.run("UPDATE departments SET description = description WHERE 1 = 0");
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      await held;
      // Held for longer than every attempt together: the caller is told, and nothing is left half done.
      let release2!: () => void;
      const held2 = holder.transaction(() => new Promise<void>((r) => (release2 = r)));
      await new Promise((r) => setTimeout(r, 20));
      await expect(waiter.transaction((tx) => tx.run("UPDATE departments SET description = 'x' WHERE 1 = 0"))).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      release2();
      await held2;
    } finally {
      await holder.close();
      await waiter.close();
    }
  });
});
