/**
 * The home page's personal statement (decision 275) on SQLite: the notices, the things to
 * read and confirm and For you are found through indexes, never by walking the whole items
 * table, so the page costs the same with a year's news or ten. The query plan is SQLite's
 * own; PostgreSQL chooses by its statistics (tests/postgres/excluded.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { outstandingSql } from "~/models/acknowledgement.server";
import { bannersSql } from "~/models/banner.server";
import { forYouSql } from "~/models/follow.server";
import { getDb } from "~/utils/db.server";
import { createDepartment, createUser } from "../factories";

type Step = { id: number; parent: number; detail: string };
let viewer: Viewer & { id: number; departmentId: number | null };

beforeAll(async () => {
  const department = await createDepartment({ name: "Waste and Recycling" });
  const user = await createUser({ role: "staff", departmentId: department.id });
  viewer = { id: user.id, role: "staff", departmentId: department.id } as Viewer & { id: number; departmentId: number | null };
});

async function plan(statement: { sql: string; params: unknown[] }): Promise<string[]> {
  const steps = await (await getDb()).all<Step>(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.params);
  // The outer statement's own "SCAN i" over a step worked out before it (MATERIALIZE) reads that
  // step's few rows, not the items table: named apart so it is not taken for a walk of every item.
  const materialized = steps.some((s) => s.parent === 0 && /^MATERIALIZE /.test(s.detail));
  return steps.map((s) => (materialized && s.parent === 0 && s.detail === "SCAN i" ? "SCAN i (the materialized step)" : s.detail));
}

/** Steps that read the items table itself (alias i) without an index: a walk of every item. */
const walksItems = (steps: string[]) => steps.filter((d) => /^SCAN i$/.test(d) || (/^SCAN i\b/.test(d) && !/USING (COVERING )?INDEX|materialized step/.test(d)));

describe("the home page's personal statement reads items through indexes", () => {
  it("notices: urgent and need-to-know announcements through items_notices", async () => {
    const steps = await plan(bannersSql(viewer.id, visibleItemsSql(viewer), 5));
    expect(steps.some((d) => /SEARCH i USING INDEX items_notices \(type=\? AND priority=\? AND status=\?\)/.test(d)), steps.join("\n")).toBe(true);
    expect(walksItems(steps), steps.join("\n")).toEqual([]);
  });

  it("things to read and confirm: must-read announcements through items_must_read, policies through items_listing", async () => {
    const steps = await plan(outstandingSql(viewer.id, visibleItemsSql(viewer)));
    expect(steps.some((d) => /SEARCH i USING INDEX items_must_read \(type=\? AND must_read=\? AND status=\?\)/.test(d)), steps.join("\n")).toBe(true);
    expect(steps.some((d) => /SEARCH i USING INDEX items_listing \(type=\? AND status=\?\)/.test(d)), steps.join("\n")).toBe(true);
    expect(walksItems(steps), steps.join("\n")).toEqual([]);
  });

  it("For you: announcements newest first through items_listing, the reader's set worked out once", async () => {
    const steps = await plan(forYouSql({ id: viewer.id, departmentId: viewer.departmentId }, visibleItemsSql(viewer), { limit: 20 }));
    expect(steps.some((d) => /SEARCH i USING INDEX items_listing \(type=\? AND status=\?\)/.test(d)), steps.join("\n")).toBe(true);
    expect(walksItems(steps), steps.join("\n")).toEqual([]);
    // The reader's items found from their department and their channels (the indexes by department and by channel), once.
    expect(steps.some((d) => /USING (COVERING )?INDEX item_target_departments_dept \(department_id=\?\)/.test(d)), steps.join("\n")).toBe(true);
    expect(steps.some((d) => /USING (COVERING )?INDEX item_channels_channel \(channel_id=\?\)/.test(d)), steps.join("\n")).toBe(true);
  });
});
