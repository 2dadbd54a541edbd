/**
 * Campaigns with targets: comms editors (any campaign) and managers (their departments'
 * campaigns) create them, add the items that belong to them, set targets, and act on the
 * departments furthest behind (remind the people who have not confirmed yet).
 */
import { canSeeItem } from "~/access/audience.server";
import { canOpenInEditor } from "~/access/drafts.server";
import { canSeeEvent } from "~/access/events.server";
import { findEvent } from "~/models/event.server";
import { can, departmentsOf } from "~/access/permissions.server";
import { listPeopleInScope } from "~/models/acknowledgement.server";
import { recordAudit } from "~/models/audit.server";
import {
  addCampaignEvent, addCampaignItem, deleteCampaign, listCampaigns, listCampaignsOfItem, removeCampaignEvent, deleteTarget, findCampaign, insertCampaign, insertTarget, listCampaignItemIds, removeCampaignItem, updateCampaign,
  type CampaignAudience, type CampaignRow,
} from "~/models/campaign.server";
import { listDepartments } from "~/models/department.server";
import { findItemById, findItemBySlug, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { findPersonByEmail } from "~/models/ownership.server";
import { MEASURES, type Measure } from "~/presenters/campaign.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath, itemTypeOfSection } from "~/utils/item-path";
import type { Role } from "~/utils/roles";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { campaignTeamsItems, enqueueCampaignTeamsPosts } from "./teams.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };
export type CampaignResult = { ok: true; id: number } | { ok: false; status: 400 | 403 | 404; errors: Record<string, string> };

/** May the person change this campaign (comms editors: any; managers: their departments'). */
export function canManageCampaign(actor: Actor, campaign: Pick<CampaignRow, "departmentId">): boolean {
  return can(actor, "update", "campaign", { departmentId: campaign.departmentId });
}

/** May the person see this campaign's page. */
export function canSeeCampaign(actor: Actor, campaign: Pick<CampaignRow, "departmentId">): boolean {
  return can(actor, "read", "campaign", { departmentId: campaign.departmentId });
}

export type CampaignForm = {
  name: string;
  objective: string;
  audience: CampaignAudience;
  audienceDepartments: string[];
  audienceRoles: Role[];
  startsOn: string;
  endsOn: string;
  owner: string;
  department: string;
  searchTerms: string;
};

export async function saveCampaign(actor: Actor, id: number | null, form: CampaignForm, now = new Date()): Promise<CampaignResult> {
  const db = await getDb();
  const errors: Record<string, string> = {};
  const departments = await listDepartments(db);
  const bySlug = new Map(departments.map((d) => [d.slug, d]));
  const corporate = can(actor, "create", "campaign", { departmentId: -1 });
  const department = form.department ? bySlug.get(form.department) : undefined;
  if (form.department && !department) errors.department = "Choose a department from the list";
  if (!corporate && !department) errors.department = "Choose your department: managers run campaigns for their own departments";
  if (department && !can(actor, "create", "campaign", { departmentId: department.id })) errors.department = "You can run campaigns only for your own departments";
  const audienceIds: number[] = [];
  for (const slug of form.audienceDepartments) {
    const d = bySlug.get(slug);
    if (!d) errors.audienceDepartments = "Choose departments from the list";
    else audienceIds.push(d.id);
  }
  if (form.audience === "departments" && !audienceIds.length) errors.audienceDepartments = "Choose at least one department";
  if (!corporate && (form.audience !== "departments" || audienceIds.some((d) => !departmentsOf(actor).includes(d))))
    errors.audienceDepartments = "A department’s campaign speaks to that department: choose only your own departments";
  if (form.audience === "roles" && !form.audienceRoles.length) errors.audienceRoles = "Choose at least one role";
  if (form.endsOn < form.startsOn) errors.endsOn = "The end date must be the same as or after the start date";
  let ownerId: number | null = actor.id;
  if (form.owner) {
    const owner = await findPersonByEmail(db, form.owner);
    if (!owner || !owner.active) errors.owner = `There is no active member of staff with the email ${form.owner}`;
    else ownerId = owner.id;
  }
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const input = {
    name: form.name, objective: form.objective, audience: form.audience, audienceDepartmentIds: form.audience === "departments" ? audienceIds : [],
    audienceRoles: form.audience === "roles" ? form.audienceRoles : [], startsOn: form.startsOn, endsOn: form.endsOn, ownerId,
    departmentId: department?.id ?? null, searchTerms: form.searchTerms,
  };
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    if (id === null) {
      id = await insertCampaign(tx, input, actor.id, at);
    } else {
      const existing = await findCampaign(tx, id);
      if (!existing) return { ok: false, status: 404, errors: {} };
      if (!canManageCampaign(actor, existing)) return { ok: false, status: 403, errors: {} };
      await updateCampaign(tx, id, input, at);
    }
    await recordAudit(tx, { actorId: actor.id, action: "campaign.saved", entityType: "campaign", entityId: id, detail: { name: form.name } }, at);
    return { ok: true, id };
  });
}

async function loadManaged(tx: Queryable, actor: Actor, campaignId: number): Promise<CampaignRow | CampaignResult> {
  const campaign = await findCampaign(tx, campaignId);
  if (!campaign || !canSeeCampaign(actor, campaign)) return { ok: false, status: 404, errors: {} };
  if (!canManageCampaign(actor, campaign)) return { ok: false, status: 403, errors: {} };
  return campaign;
}
const isResult = (x: CampaignRow | CampaignResult): x is CampaignResult => "ok" in x;

/** "/events/12" or a full address ending so → 12; anything else → null. */
export function eventIdOfAddress(address: string): number | null {
  let path = address.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  } catch {
    return null;
  }
  const match = /^\/?events\/([1-9][0-9]{0,9})\/?$/.exec(path);
  return match ? Number(match[1]) : null;
}

/** "/guides/gritting", a full address, or "guide:gritting" → the item, if the person may open it. */
export async function findItemByAddress(q: Queryable, actor: Actor, address: string, now = new Date()): Promise<ItemRow | undefined> {
  let path = address.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  } catch {
    return undefined;
  }
  const typed = /^(announcement|policy|guide):([a-z0-9-]+)$/.exec(path);
  const match = /^\/?([a-z]+)\/([a-z0-9][a-z0-9-]{0,119})\/?$/.exec(path.toLowerCase());
  const type = typed ? (typed[1] as ItemRow["type"]) : itemTypeOfSection(match?.[1]);
  const slug = typed ? typed[2] : match?.[2];
  if (!type || !slug) return undefined;
  const item = await findItemBySlug(q, type, slug);
  if (!item) return undefined;
  const visible = canSeeItem(actor, await getAudienceFacts(q, item), now) || canOpenInEditor(actor, item);
  return visible ? item : undefined;
}

export async function addItem(actor: Actor, campaignId: number, address: string, now = new Date()): Promise<CampaignResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    const eventId = eventIdOfAddress(address);
    if (eventId !== null) {
      const event = await findEvent(tx, eventId);
      if (!event || !canSeeEvent(actor, event)) return { ok: false, status: 400, errors: { address: "There is no event at that address that you can open" } };
      if (!(await addCampaignEvent(tx, campaignId, event.id, at))) return { ok: false, status: 400, errors: { address: `“${event.title}” is already in this campaign` } };
      await recordAudit(tx, { actorId: actor.id, action: "campaign.event-added", entityType: "campaign", entityId: campaignId, detail: { eventId: event.id } }, at);
      return { ok: true, id: campaignId };
    }
    const item = await findItemByAddress(tx, actor, address, now);
    if (!item) return { ok: false, status: 400, errors: { address: "Enter the address of an announcement, policy, guide or event, like /guides/winter-gritting or /events/12" } };
    if (!(await addCampaignItem(tx, campaignId, item.id, at))) return { ok: false, status: 400, errors: { address: `“${item.title}” is already in this campaign` } };
    await recordAudit(tx, { actorId: actor.id, action: "campaign.item-added", entityType: "campaign", entityId: campaignId, detail: { itemId: item.id } }, at);
    return { ok: true, id: campaignId };
  });
}

export async function removeItem(actor: Actor, campaignId: number, itemId: number, kind: "item" | "event" = "item"): Promise<CampaignResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    if (kind === "event") await removeCampaignEvent(tx, campaignId, itemId);
    else await removeCampaignItem(tx, campaignId, itemId);
    await recordAudit(tx, { actorId: actor.id, action: `campaign.${kind}-removed`, entityType: "campaign", entityId: campaignId, detail: kind === "event" ? { eventId: itemId } : { itemId } });
    return { ok: true, id: campaignId };
  });
}

export async function addTarget(actor: Actor, campaignId: number, t: { measure: Measure; value: number; dueOn: string }, now = new Date()): Promise<CampaignResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    if (MEASURES[t.measure].unit === "%" && t.value > 100) return { ok: false, status: 400, errors: { value: "A percentage target must be 100 or less" } };
    if (MEASURES[t.measure].unit !== "%" && !Number.isInteger(t.value)) return { ok: false, status: 400, errors: { value: "Enter a whole number of searches" } };
    if (t.dueOn < campaign.startsOn || t.dueOn > campaign.endsOn)
      return { ok: false, status: 400, errors: { dueOn: "The target date must fall within the campaign’s dates" } };
    if (t.measure === "searches" && !campaign.searchTerms.trim())
      return { ok: false, status: 400, errors: { measure: "Add the campaign’s search terms first (change the campaign)" } };
    const id = await insertTarget(tx, { campaignId, ...t }, at);
    await recordAudit(tx, { actorId: actor.id, action: "campaign.target-added", entityType: "campaign", entityId: campaignId, detail: { targetId: id, ...t } }, at);
    return { ok: true, id: campaignId };
  });
}

export async function removeTarget(actor: Actor, campaignId: number, targetId: number): Promise<CampaignResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    if (!(await deleteTarget(tx, campaignId, targetId))) return { ok: false, status: 404, errors: {} };
    return { ok: true, id: campaignId };
  });
}

export async function removeCampaign(actor: Actor, campaignId: number): Promise<CampaignResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    await deleteCampaign(tx, campaignId);
    await recordAudit(tx, { actorId: actor.id, action: "campaign.removed", entityType: "campaign", entityId: campaignId, detail: { name: campaign.name } });
    return { ok: true, id: campaignId };
  });
}

/**
 * Reminds the people in one department who have not yet confirmed the campaign's must-read
 * items: one email per person and item per day, only about items they may be told about.
 */
export async function remindOutstanding(actor: Actor, campaignId: number, departmentId: number, now = new Date()): Promise<CampaignResult & { reminded?: number }> {
  const db = await getDb();
  const at = now.toISOString();
  const day = at.slice(0, 10);
  return db.transaction(async (tx) => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    let reminded = 0;
    for (const itemId of await listCampaignItemIds(tx, campaignId)) {
      const item = await findItemById(tx, itemId);
      if (!item || item.status !== "published" || !canSeeItem(actor, await getAudienceFacts(tx, item), now)) continue;
      for (const person of await listPeopleInScope(tx, itemId, [departmentId])) {
        if (person.confirmedAt || person.briefedOn) continue; // briefed in person counts (decision 123)
        const queued = await queueKnowledgeMail(tx, {
          purpose: "reminder", dedupeKey: `campaign-remind:${campaignId}:${itemId}:${person.userId}:${day}`, userId: person.userId, itemId,
          subject: `Reminder: please read and confirm “${item.title}”`,
          lines: [`You are asked to read “${item.title}” and confirm you have read it.`, `It is part of “${campaign.name}”: ${campaign.objective}`],
          link: { text: "Read and confirm", path: itemPath(item.type, item.slug) },
        }, at);
        if (queued) reminded++;
      }
    }
    await recordAudit(tx, { actorId: actor.id, action: "campaign.reminded", entityType: "campaign", entityId: campaignId, detail: { departmentId, reminded } }, at);
    return { ok: true as const, id: campaignId, reminded };
  });
}

/**
 * Posts a reminder about the campaign to the Teams channels of a department behind. Only items
 * for everyone are named (Teams membership is not the intranet's audience), chosen again when
 * the post is sent; at most one post per channel and day.
 */
export async function remindInTeams(actor: Actor, campaignId: number, departmentId: number, now = new Date()): Promise<CampaignResult & { posts?: number }> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return campaign;
    if (!(await campaignTeamsItems(tx, campaignId, now)).length)
      return { ok: false as const, status: 400 as const, errors: { teams: "Nothing can be posted to Teams: none of this campaign’s items is live and for everyone (Teams channels are not limited to the intranet’s audiences)." } };
    const { posts, channels } = await enqueueCampaignTeamsPosts(tx, campaignId, departmentId, now);
    if (!channels) return { ok: false as const, status: 400 as const, errors: { teams: "This department has no channel connected to Teams. An administrator can connect one on the channel’s page." } };
    await recordAudit(tx, { actorId: actor.id, action: "campaign.teams-reminder", entityType: "campaign", entityId: campaignId, detail: { departmentId, posts } }, at);
    return { ok: true as const, id: campaignId, posts };
  });
}

/* ---- The editor's campaign panel: an item's campaigns, chosen from the editor ---- */

export type EditorCampaigns = { current: { id: number; name: string; canRemove: boolean }[]; choices: { id: number; name: string }[] } | null;

/**
 * The campaigns an item belongs to, and those (not yet finished) the person may add it to.
 * Null for people who run no campaigns: the panel is not shown to them.
 */
export async function campaignsForEditor(q: Queryable, actor: Actor, itemId: number, today: string): Promise<EditorCampaigns> {
  const runsAny = can(actor, "update", "campaign", { departmentId: -1 }) || departmentsOf(actor).some((d) => can(actor, "update", "campaign", { departmentId: d }));
  if (!runsAny) return null;
  const corporate = can(actor, "read", "campaign", { departmentId: -1 });
  const mine = await listCampaigns(q, corporate ? null : departmentsOf(actor));
  const ofItem = await listCampaignsOfItem(q, itemId);
  const inIds = new Set(ofItem.map((c) => c.id));
  const byId = new Map(mine.map((c) => [c.id, c]));
  return {
    // A campaign the person cannot see is not named to them.
    current: ofItem.filter((c) => byId.has(c.id)).map((c) => ({ id: c.id, name: c.name, canRemove: canManageCampaign(actor, byId.get(c.id)!) })),
    choices: mine.filter((c) => !inIds.has(c.id) && c.endsOn >= today && canManageCampaign(actor, c)).sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ id: c.id, name: c.name })),
  };
}

/** Adds an item the person may open in the editor to a campaign they run (the editor's panel). */
export async function joinCampaign(actor: Actor, campaignId: number, itemId: number, now = new Date()): Promise<CampaignResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<CampaignResult> => {
    const campaign = await loadManaged(tx, actor, campaignId);
    if (isResult(campaign)) return !campaign.ok && campaign.status === 404 ? { ok: false, status: 400, errors: { campaignId: "Choose a campaign from the list" } } : campaign;
    const item = await findItemById(tx, itemId);
    if (!item || !canOpenInEditor(actor, item)) return { ok: false, status: 404, errors: {} };
    if (!(await addCampaignItem(tx, campaignId, item.id, at))) return { ok: false, status: 400, errors: { campaignId: `It is already in “${campaign.name}”` } };
    await recordAudit(tx, { actorId: actor.id, action: "campaign.item-added", entityType: "campaign", entityId: campaignId, detail: { itemId: item.id, from: "editor" } }, at);
    return { ok: true, id: campaignId };
  });
}