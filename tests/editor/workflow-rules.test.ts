/** The workflow rule table, per role: which actions each person has on an item in each state. */
import { describe, expect, test } from "vitest";
import { allowedActions, reviewState, type WorkflowSubject } from "~/commands/workflow.server";
import type { ItemStatus, ItemType } from "~/models/item.server";
import type { PendingState } from "~/models/workflow.server";
import type { Actor } from "~/access/permissions.server";
import type { Role } from "~/utils/roles";

const HOUSING = 1;
const FINANCE = 2;
const person = (role: Role, publishIn: number[] = []): Actor => ({
  id: 10, email: `${role}@riverside.test`, name: role, role, departmentId: HOUSING,
  grants: publishIn.map((departmentId) => ({ departmentId, canPublishUnreviewed: true })),
});
const subject = (type: ItemType, status: ItemStatus, departmentId = HOUSING, pending: PendingState | null = null): WorkflowSubject => ({
  type, status, departmentId, authorId: 99, ownerEmail: null, pending,
});

const EDIT = ["save", "restore"];
type Row = [who: string, actor: Actor, item: WorkflowSubject, expected: string[]];
const rows: Row[] = [
  ["staff: nothing on a draft guide", person("staff"), subject("guide", "draft"), []],
  ["champion: drafts a guide in their department", person("champion"), subject("guide", "draft"), [...EDIT, "submit"]],
  ["champion: edits or withdraws a guide in review", person("champion"), subject("guide", "in-review"), [...EDIT, "withdraw"]],
  ["champion: edits a live guide (as a pending change)", person("champion"), subject("guide", "published"), EDIT],
  ["champion: sends a pending change for review", person("champion"), subject("guide", "published", HOUSING, "draft"), [...EDIT, "submit"]],
  ["champion: cannot publish a guide in review", person("champion"), subject("guide", "in-review"), [...EDIT, "withdraw"]],
  ["champion: nothing in another department", person("champion"), subject("guide", "draft", FINANCE), []],
  ["champion: nothing on announcements", person("champion"), subject("announcement", "draft"), []],
  ["champion granted publishing: publishes own department's drafts", person("champion", [HOUSING]), subject("guide", "draft"), [...EDIT, "submit", "publish"]],
  ["champion granted publishing: approves or sends back", person("champion", [HOUSING]), subject("guide", "in-review"), [...EDIT, "withdraw", "publish", "request-changes"]],
  ["champion granted elsewhere: still needs review here", person("champion", [FINANCE]), subject("guide", "draft"), [...EDIT, "submit"]],
  ["manager: drafts an announcement", person("manager"), subject("announcement", "draft"), [...EDIT, "submit"]],
  ["manager: nothing on another department's announcement", person("manager"), subject("announcement", "draft", FINANCE), []],
  ["manager: drafts a guide too", person("manager"), subject("guide", "draft"), [...EDIT, "submit"]],
  ["manager: nothing on policies", person("manager"), subject("policy", "draft"), []],
  ["manager granted publishing: publishes announcements", person("manager", [HOUSING]), subject("announcement", "draft"), [...EDIT, "submit", "publish"]],
  ["comms: publishes a draft policy anywhere", person("comms"), subject("policy", "draft", FINANCE), [...EDIT, "submit", "publish", "archive"]],
  ["comms: reviews a policy", person("comms"), subject("policy", "in-review"), [...EDIT, "withdraw", "publish", "request-changes", "archive"]],
  ["comms: publishes now or cancels a schedule", person("comms"), subject("announcement", "scheduled"), [...EDIT, "withdraw", "publish", "archive"]],
  ["comms: brings back from the archive", person("comms"), subject("guide", "archived"), ["unarchive"]],
  ["champion: nothing on an archived guide", person("champion"), subject("guide", "archived"), []],
  ["admin: a live guide with no changes", person("admin"), subject("guide", "published"), [...EDIT, "archive"]],
  ["admin: reviews changes to a live guide", person("admin"), subject("guide", "published", FINANCE, "in-review"), [...EDIT, "withdraw", "publish", "request-changes", "archive"]],
  ["admin: an expired announcement", person("admin"), subject("announcement", "expired"), [...EDIT, "archive"]],
];

describe("workflow rules", () => {
  test.each(rows)("%s", (_name, actor, item, expected) => {
    expect([...allowedActions(actor, item)].sort()).toEqual([...expected].sort());
  });

  test("nobody signed in can do anything", () => {
    expect(allowedActions(null, subject("guide", "draft")).size).toBe(0);
  });

  test.each([
    ["draft", null, "draft"],
    ["in-review", null, "in-review"],
    ["scheduled", null, "scheduled"],
    ["published", null, "live"],
    ["expired", null, "live"],
    ["published", "in-review", "in-review"],
    ["expired", "draft", "draft"],
    ["archived", "draft", "archived"],
  ] as const)("status %s with pending change %s is %s", (status, pending, state) => {
    expect(reviewState({ status, pending })).toBe(state);
  });
});
