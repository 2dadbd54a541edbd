/**
 * The council the marker test plants: three departments, one person per role (and an
 * insider of the restricted department), and restricted content of every kind, each field
 * carrying its own unique marker word ("zqx" + 10 random letters and digits).
 *
 * Who may open what is written here from the rule as the issue states it, independently of
 * the code under test (no import of the app's access rules): a person may see a marker if
 * they may edit the item (drafts, review, scheduled, archived and pending changes appear
 * only to editors), or if the item is published, live and in their audience; an expired
 * item stays readable at its own address and in work lists, but is listed for reading
 * nowhere (news lists, feeds, search, digests and alerts).
 */
import crypto from "node:crypto";
import { addRevisionNotCurrent } from "~/models/revision.server";
import { upsertPendingChange } from "~/models/workflow.server";
import { getDb } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createChannel, createDepartment, createItem, createPolicyVersion, createUser } from "../factories";

export type ItemType = "announcement" | "policy" | "guide";
export const TYPES: ItemType[] = ["announcement", "policy", "guide"];

export type Person = { key: string; id: number; email: string; name: string; role: Role; departmentId: number | null; cookie: string; csrf: string };
/** null is a visitor who has not signed in. */
export type Viewer = Person | null;

/**
 * Where a marker was found: a page or loader answer, or an email. `listing` marks what lists
 * news for reading (home, lists, department and channel pages, feeds, search, the briefing,
 * digests and alerts), where an expired item must not appear; work lists (the editor, review
 * queues, reports) and the item's own address may show it to those who may open it.
 */
export type Surface = { kind: "page" | "email"; listing: boolean };

export type Planted = {
  key: string;
  id: number;
  slug: string;
  type: ItemType;
  status: "draft" | "in-review" | "scheduled" | "published" | "archived";
  departmentId: number | null;
  audience: "everyone" | "departments" | "roles";
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
  isPublic: boolean;
  publishAt: string | null;
  expiresAt: string | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
};

export type Marker = { word: string; label: string; item: Planted; may: (viewer: Viewer, where: Surface) => boolean };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/* ---- The rule, as the issue states it ---- */

const seesEverything = (v: Person) => v.role === "comms" || v.role === "admin";

export function mayEdit(v: Viewer, item: Planted): boolean {
  if (!v) return false;
  if (seesEverything(v)) return true;
  const own = item.departmentId !== null && item.departmentId === v.departmentId;
  if (v.role === "champion") return own && item.type === "guide";
  if (v.role === "manager") return own && (item.type === "guide" || item.type === "announcement");
  return false;
}

function isLive(item: Planted, now: number): boolean {
  return item.status === "published" && (!item.publishAt || Date.parse(item.publishAt) <= now);
}

function isListed(item: Planted, now: number): boolean {
  return isLive(item, now) && (!item.expiresAt || Date.parse(item.expiresAt) > now);
}

function inAudience(v: Viewer, item: Planted): boolean {
  if (!v) return item.isPublic;
  if (seesEverything(v) || item.audience === "everyone") return true;
  if (item.audience === "departments") return v.departmentId !== null && item.audienceDepartmentIds.includes(v.departmentId);
  return item.audienceRoles.includes(v.role);
}

/** May this viewer meet the item's text on this surface? */
export function mayMeet(v: Viewer, item: Planted, where: Surface, now = Date.now()): boolean {
  if (mayEdit(v, item)) return true;
  if (!inAudience(v, item) || !isLive(item, now)) return false;
  return isListed(item, now) || !where.listing;
}

/* ---- Markers ---- */

const markers = new Map<string, Marker>();
const MARKER_RE = /zqx[a-z]{10}/g;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function marker(label: string, item: Planted, may?: Marker["may"]): string {
  // Letters only: "did you mean" considers only such words, and it must be probed too.
  const word = `zqx${[...crypto.randomBytes(10)].map((b) => LETTERS[b % 26]).join("")}`;
  markers.set(word, { word, label, item, may: may ?? ((v, where) => mayMeet(v, item, where)) });
  return word;
}

/** Every planted marker word in `text`, with what it belongs to. */
export function markersIn(text: string): Marker[] {
  const found = new Map<string, Marker>();
  for (const m of text.toLowerCase().matchAll(MARKER_RE)) {
    const known = markers.get(m[0]);
    if (known) found.set(known.word, known);
  }
  return [...found.values()];
}

export function allMarkers(): Marker[] {
  return [...markers.values()];
}

/* ---- The council ---- */

export type World = Awaited<ReturnType<typeof plantWorld>>;

async function person(key: string, role: Role, departmentId: number | null): Promise<Person> {
  const u = await createUser({ role, departmentId, email: `${key}@access.test`, name: `Access ${key}` });
  const { token, csrfToken } = await createSession(u.id);
  return { key, id: u.id, email: u.email, name: `Access ${key}`, role, departmentId, cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfToken };
}

/**
 * Plants everything. `published` is when the live restricted items were published (two days
 * before now), so alerts, reminders (after one day) and digests all pick them up.
 */
export async function plantWorld(now = Date.now()) {
  const db = await getDb();
  const housing = await createDepartment({ slug: "housing", name: "Housing" });
  const planning = await createDepartment({ slug: "planning", name: "Planning" });
  const audit = await createDepartment({ slug: "internal-audit", name: "Internal Audit" });
  const channels = {
    housing: await createChannel({ slug: "housing-news", name: "Housing news", departmentId: housing.id, isDefault: true }),
    planning: await createChannel({ slug: "planning-news", name: "Planning news", departmentId: planning.id, isDefault: true }),
    audit: await createChannel({ slug: "audit-news", name: "Audit news", departmentId: audit.id, isDefault: true }),
    allStaff: await createChannel({ slug: "all-staff", name: "Corporate: All staff", isMandatory: true }),
  };
  const people = {
    staffOther: await person("staff-other", "staff", planning.id),
    insider: await person("insider", "staff", audit.id),
    champion: await person("champion", "champion", housing.id),
    manager: await person("manager", "manager", housing.id),
    comms: await person("comms", "comms", planning.id),
    admin: await person("admin", "admin", null),
    auditChampion: await person("audit-champion", "champion", audit.id),
    leaver: await person("leaver", "staff", audit.id),
  };
  // Everyone joined a month ago: new starters are not sent reminders in their first days.
  await db.run("UPDATE users SET created_at = ? WHERE email LIKE '%@access.test'", [new Date(now - 30 * DAY).toISOString()]);
  const published = new Date(now - 2 * DAY).toISOString();
  const overdue = new Date(now - 30 * DAY).toISOString().slice(0, 10);
  const items: Record<string, Planted> = {};

  type Kind = { status: Planted["status"]; departmentId: number; audience?: Planted["audience"]; audienceDepartmentIds?: number[]; audienceRoles?: Role[]; publishAt?: string; expiresAt?: string; isPublic?: boolean };
  const kinds: Record<string, Kind> = {
    dept: { status: "published", departmentId: audit.id, audience: "departments", audienceDepartmentIds: [audit.id] },
    role: { status: "published", departmentId: audit.id, audience: "roles", audienceRoles: ["manager"] },
    draft: { status: "draft", departmentId: housing.id, isPublic: true },
    review: { status: "in-review", departmentId: housing.id },
    scheduled: { status: "scheduled", departmentId: housing.id, publishAt: new Date(now + 3 * DAY).toISOString() },
    archived: { status: "archived", departmentId: housing.id },
    expired: { status: "published", departmentId: housing.id, publishAt: new Date(now - 50 * HOUR).toISOString(), expiresAt: new Date(now - 40 * HOUR).toISOString() },
    // Restricted to Internal Audit only after the search index was built (see restrictLater).
    later: { status: "published", departmentId: audit.id },
    pending: { status: "published", departmentId: housing.id },
    open: { status: "published", departmentId: housing.id, isPublic: true },
  };
  const owners: Record<string, [string | null, string | null]> = {
    dept: [people.auditChampion.email, null],
    // Known leak 3 (issue 14): an owner outside the page's audience (a champion of another department).
    role: [people.champion.email, null],
    // Known leaks 1 and 3: a deputy who may neither edit nor read the draft.
    draft: [people.champion.email, people.staffOther.email],
    open: [people.champion.email, null],
  };

  for (const type of TYPES) {
    for (const [kind, k] of Object.entries(kinds)) {
      const key = `${type}-${kind}`;
      const planted: Planted = {
        key, id: 0, slug: `access-${key}`, type, status: k.status, departmentId: k.departmentId, audience: k.audience ?? "everyone",
        audienceDepartmentIds: k.audienceDepartmentIds ?? [], audienceRoles: k.audienceRoles ?? [], isPublic: k.isPublic ?? false,
        publishAt: k.publishAt ?? null, expiresAt: k.expiresAt ?? null,
        ownerEmail: type === "announcement" ? null : owners[kind]?.[0] ?? null, deputyEmail: type === "announcement" ? null : owners[kind]?.[1] ?? null,
      };
      const m = (field: string) => marker(`${key} ${field}`, planted);
      const announcement = type === "announcement";
      const created = await createItem({
        type, slug: planted.slug, title: `Quillwort ${kind} ${type} ${m("title")}`, summary: `Quillwort summary ${m("summary")}`,
        body: `Quillwort body text ${m("body")}.\n\nMore about quillwort.`, tags: [m("tag"), "quillwort"],
        status: k.status, departmentId: k.departmentId, audience: planted.audience, audienceDepartmentIds: planted.audienceDepartmentIds,
        audienceRoles: planted.audienceRoles, isPublic: planted.isPublic, publishAt: planted.publishAt, expiresAt: planted.expiresAt,
        priority: announcement && (kind === "dept" || kind === "expired" || kind === "later") ? "urgent" : "normal",
        mustRead: announcement && kind !== "open" && kind !== "pending",
        targetDepartmentIds: announcement ? [housing.id, planning.id, audit.id] : [],
        channelIds: announcement ? [channels.allStaff.id, channels.housing.id, channels.planning.id, channels.audit.id] : [],
        reference: type === "policy" ? `ACC-${kind.toUpperCase()}` : null,
        ownerEmail: planted.ownerEmail, deputyEmail: planted.deputyEmail,
        lastReviewedOn: announcement ? null : "2025-01-01", reviewBy: announcement ? null : overdue,
        related: kind === "open" ? [{ type, slug: `access-${type}-dept` }, { type, slug: `access-${type}-draft` }, { type, slug: `access-${type}-role` }] : [],
        authorId: people.comms.id,
      });
      planted.id = created.id;
      if (type === "policy") {
        await createPolicyVersion(created.id, { version: 1, body: `Version one ${m("version 1 text")}`, whatChanged: `First ${m("version 1 what changed")}`, publishedAt: published });
        await createPolicyVersion(created.id, { version: 2, body: `Version two ${m("version 2 text")}`, whatChanged: `Second ${m("what changed")}`, isMaterial: true, publishedAt: published });
      }
      if (kind === "pending") {
        // A change waiting for review on a live page: only its editors may read the new text.
        const change = { label: key, item: planted };
        const pm = (field: string) => marker(`${change.label} pending ${field}`, planted, (v) => mayEdit(v, planted));
        await db.transaction(async (tx) => {
          const rev = await addRevisionNotCurrent(tx, {
            itemId: created.id, title: `Quillwort pending ${type} ${pm("title")}`, summary: `Pending summary ${pm("summary")}`,
            body: `Pending body ${pm("body")}.`, fields: {}, source: "web", authorId: people.comms.id,
          });
          await upsertPendingChange(tx, { itemId: created.id, revisionId: rev.id, state: "in-review", updatedBy: people.comms.id });
        });
      }
      if (k.status === "published" && !k.publishAt) await db.run("UPDATE items SET published_at = ? WHERE id = ?", [published, created.id]);
      if (kind === "expired") await db.run("UPDATE items SET published_at = ? WHERE id = ?", [k.publishAt, created.id]);
      items[key] = planted;
    }
  }

  // A policy of Housing read only by Internal Audit: Housing's manager is told when a page of their department is overdue.
  const escalated: Planted = {
    key: "policy-escalated", id: 0, slug: "access-policy-escalated", type: "policy", status: "published", departmentId: housing.id,
    audience: "departments", audienceDepartmentIds: [audit.id], audienceRoles: [], isPublic: false, publishAt: null, expiresAt: null,
    ownerEmail: people.auditChampion.email, deputyEmail: null,
  };
  const em = (field: string) => marker(`policy-escalated ${field}`, escalated);
  escalated.id = (await createItem({
    type: "policy", slug: escalated.slug, title: `Quillwort escalated policy ${em("title")}`, summary: `Quillwort ${em("summary")}`,
    body: `Quillwort ${em("body")}`, departmentId: housing.id, audience: "departments", audienceDepartmentIds: [audit.id],
    reference: "ACC-ESC", ownerEmail: people.auditChampion.email, lastReviewedOn: "2025-01-01", reviewBy: overdue, tags: ["quillwort"],
  })).id;
  await db.run("UPDATE items SET published_at = ? WHERE id = ?", [published, escalated.id]);
  items[escalated.key] = escalated;

  // The page's leaver: when their account is closed, the page is handed over (with an email).
  await db.run("UPDATE items SET owner_email = ? WHERE id = ?", [people.leaver.email, items["policy-dept"].id]);
  items["policy-dept"].ownerEmail = people.leaver.email;

  return { departments: { housing, planning, audit }, channels, people, items, published };
}

/** After the index is built: the "later" items become Internal Audit's only (a stale index or cache must not show them). */
export async function restrictLater(world: World): Promise<void> {
  const db = await getDb();
  for (const type of TYPES) {
    const item = world.items[`${type}-later`];
    await db.run("UPDATE items SET audience = 'departments' WHERE id = ?", [item.id]);
    await db.run("INSERT INTO item_audience_departments (item_id, department_id) VALUES (?, ?)", [item.id, world.departments.audit.id]);
    item.audience = "departments";
    item.audienceDepartmentIds = [world.departments.audit.id];
  }
}

/** A marker for text that is not an item's (feedback, a poll, a question), with its own rule. */
export function extraMarker(label: string, item: Planted, may: Marker["may"]): string {
  return marker(label, item, may);
}
