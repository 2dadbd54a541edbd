/**
 * A campaign's progress against its targets, by department, with a simple projection to each
 * target's date, the departments furthest behind, and what can be done for them. Figures are
 * aggregates by department (docs/privacy.md); items are shown only to those who may open them.
 */
import { canSeeItem, type Viewer } from "~/access/audience.server";
import { canOpenInEditor } from "~/access/drafts.server";
import type { Actor } from "~/access/permissions.server";
import { completionByDepartment } from "~/models/acknowledgement.server";
import {
  campaignAttendanceByDepartment,
  campaignAudience,
  campaignParticipantsByDepartment,
  campaignSignupsByDepartment,
  campaignRatingsByDepartment,
  campaignViewsByDepartment,
  headcountByDepartment,
  listCampaignEventIds,
  listCampaignItemIds,
  listTargets,
  searchesForTerms,
  type CampaignRow,
} from "~/models/campaign.server";
import { listDepartments, type Department } from "~/models/department.server";
import { canSeeEvent } from "~/access/events.server";
import { findEvent } from "~/models/event.server";
import { listDepartmentTeamsChannels } from "~/models/outbox.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import type { Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import type { Role } from "~/utils/roles";

export const MEASURES = {
  reach: { label: "Reach", unit: "%", byDepartment: true, explain: "Views of the campaign’s items per member of staff in the audience, as a share (views are counted, not people, so this is an upper estimate; at most 100 %)." },
  confirmations: { label: "Confirmations", unit: "%", byDepartment: true, explain: "Share of the people asked who confirmed the campaign’s must-read items and policies." },
  participation: { label: "Poll and Q&A participation", unit: "%", byDepartment: true, explain: "Share of staff in the audience who voted in a poll or asked a question on the campaign’s items." },
  helpful: { label: "Helpful ratings", unit: "%", byDepartment: true, explain: "Share of ratings of the campaign’s items that said the page was helpful." },
  signups: { label: "Event sign-ups", unit: "%", byDepartment: true, explain: "Share of staff in the audience who hold a place on one of the campaign’s events (the waiting list does not count)." },
  attendance: { label: "Event attendance", unit: "%", byDepartment: true, explain: "Share of staff in the audience recorded on the register of one of the campaign’s events (walk-ins count)." },
  searches: { label: "Searches for the campaign’s terms", unit: "", byDepartment: false, explain: "Searches during the campaign that included one of its search terms." },
} as const;
export type Measure = keyof typeof MEASURES;
export const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];

export type DepartmentFigure = { departmentId: number; slug: string; name: string; value: number; numerator: number; denominator: number };
export type TargetProgress = {
  id: number;
  measure: Measure;
  label: string;
  unit: string;
  explain: string;
  target: number;
  dueOn: string;
  current: number;
  projected: number;
  status: "met" | "on-track" | "behind";
  byDepartment: DepartmentFigure[];
  behind: DepartmentFigure[];
};

const pct = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : 0);
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** Linear projection of a figure from the campaign's start to `dueOn`, as seen on `today`. */
export function project(current: number, startsOn: string, dueOn: string, today: string, cap: number | null): number {
  const total = dayNumber(dueOn) - dayNumber(startsOn) + 1;
  const elapsed = Math.min(total, Math.max(0, dayNumber(today) - dayNumber(startsOn) + 1));
  if (elapsed <= 0) return current;
  const projected = elapsed >= total ? current : (current * total) / elapsed;
  const rounded = Math.round(projected * 10) / 10;
  return cap === null ? rounded : Math.min(cap, rounded);
}

export function statusOf(current: number, projected: number, target: number): TargetProgress["status"] {
  if (current >= target) return "met";
  return projected >= target ? "on-track" : "behind";
}

/** The departments a campaign speaks to: the named ones, or every department with staff of its roles. */
async function audienceDepartments(q: Queryable, campaign: CampaignRow): Promise<{ departments: Department[]; roles: Role[] | null; headcount: Map<number, number> }> {
  const audience = await campaignAudience(q, campaign.id);
  const roles = campaign.audience === "roles" ? audience.roles : null;
  const headcount = new Map((await headcountByDepartment(q, roles)).map((r) => [r.departmentId, Number(r.n)]));
  const all = await listDepartments(q);
  const departments = campaign.audience === "departments"
    ? all.filter((d) => audience.departmentIds.includes(d.id))
    : all.filter((d) => (headcount.get(d.id) ?? 0) > 0);
  return { departments, roles, headcount };
}

export type CampaignItem = {
  id: number; title: string; type: string; href: string; mustRead: boolean; status: string; publishAt: string | null; publishedAt: string | null;
  /** Events only: when it starts. */
  startsAt?: string;
};

/** The campaign's items the viewer may open, and how many others there are. */
export async function visibleCampaignItems(q: Queryable, campaignId: number, viewer: Viewer & Actor, now = new Date()): Promise<{ items: CampaignItem[]; hidden: number }> {
  const items: CampaignItem[] = [];
  let hidden = 0;
  for (const id of await listCampaignItemIds(q, campaignId)) {
    const item = await findItemById(q, id);
    if (!item) continue;
    // Live items by the audience rule (expired ones too: the campaign ran with them); items not
    // yet live only for those who may open them in the editor.
    const facts = await getAudienceFacts(q, item);
    const visible = canSeeItem(viewer, { ...facts, expiresAt: null }, now) || canOpenInEditor(viewer, item);
    if (!visible) {
      hidden++;
      continue;
    }
    items.push({
      id: item.id, title: item.title, type: item.type, href: itemPath(item.type, item.slug),
      mustRead: item.type === "policy" || !!item.mustRead, status: item.status, publishAt: item.publishAt ?? null, publishedAt: item.publishedAt ?? null,
    });
  }
  // Events, by the events' own rule (drafts only for those who may edit them).
  for (const id of await listCampaignEventIds(q, campaignId)) {
    const event = await findEvent(q, id);
    if (!event) continue;
    if (!canSeeEvent(viewer, event)) {
      hidden++;
      continue;
    }
    items.push({
      id: event.id, title: event.title, type: "event", href: `/events/${event.id}`, mustRead: false, status: event.status,
      publishAt: null, publishedAt: null, startsAt: event.startsAt,
    });
  }
  return { items, hidden };
}

/** Progress against every target of a campaign on `today` ("YYYY-MM-DD", UK). */
export async function campaignProgress(q: Queryable, campaign: CampaignRow, today: string): Promise<TargetProgress[]> {
  const targets = await listTargets(q, campaign.id);
  if (!targets.length) return [];
  const { departments, roles, headcount } = await audienceDepartments(q, campaign);
  const upTo = today < campaign.endsOn ? today : campaign.endsOn;
  const figures = new Map<Measure, { byDepartment: DepartmentFigure[]; current: number }>();
  const perDepartment = (num: Map<number, number>, den: Map<number, number>, cap: boolean) => {
    const rows = departments.map((d) => {
      const numerator = num.get(d.id) ?? 0;
      const denominator = den.get(d.id) ?? 0;
      const value = pct(numerator, denominator);
      return { departmentId: d.id, slug: d.slug, name: d.name, numerator, denominator, value: cap ? Math.min(100, value) : value };
    });
    const n = rows.reduce((s, r) => s + r.numerator, 0);
    const d = rows.reduce((s, r) => s + r.denominator, 0);
    return { byDepartment: rows, current: cap ? Math.min(100, pct(n, d)) : pct(n, d) };
  };
  const need = new Set(targets.map((t) => t.measure as Measure));
  if (need.has("reach")) {
    const views = new Map((await campaignViewsByDepartment(q, campaign.id, campaign.startsOn, upTo)).map((r) => [r.departmentId, Number(r.n)]));
    figures.set("reach", perDepartment(views, headcount, true));
  }
  if (need.has("confirmations")) {
    const confirmed = new Map<number, number>();
    const inScope = new Map<number, number>();
    for (const itemId of await listCampaignItemIds(q, campaign.id)) {
      for (const c of await completionByDepartment(q, itemId, departments.map((d) => d.id))) {
        confirmed.set(c.departmentId, (confirmed.get(c.departmentId) ?? 0) + Number(c.confirmed));
        inScope.set(c.departmentId, (inScope.get(c.departmentId) ?? 0) + Number(c.inScope));
      }
    }
    figures.set("confirmations", perDepartment(confirmed, inScope, false));
  }
  if (need.has("participation")) {
    const people = new Map((await campaignParticipantsByDepartment(q, campaign.id, roles)).map((r) => [r.departmentId, Number(r.n)]));
    figures.set("participation", perDepartment(people, headcount, false));
  }
  for (const [measure, count] of [["signups", campaignSignupsByDepartment], ["attendance", campaignAttendanceByDepartment]] as const) {
    if (!need.has(measure)) continue;
    const people = new Map((await count(q, campaign.id, roles)).map((r) => [r.departmentId, Number(r.n)]));
    figures.set(measure, perDepartment(people, headcount, false));
  }
  if (need.has("helpful")) {
    const rows = await campaignRatingsByDepartment(q, campaign.id);
    figures.set("helpful", perDepartment(new Map(rows.map((r) => [r.departmentId, Number(r.helpful)])), new Map(rows.map((r) => [r.departmentId, Number(r.total)])), false));
  }
  if (need.has("searches")) {
    const terms = campaignTerms(campaign.searchTerms);
    const days = await searchesForTerms(q, terms, campaign.startsOn, upTo);
    figures.set("searches", { byDepartment: [], current: days.reduce((s, d) => s + Number(d.n), 0) });
  }
  return targets.flatMap((t): TargetProgress[] => {
    const measure = t.measure as Measure;
    const info = MEASURES[measure];
    const f = figures.get(measure);
    if (!info || !f) return [];
    const projected = project(f.current, campaign.startsOn, t.dueOn, today, info.unit === "%" ? 100 : null);
    const behind = f.byDepartment.filter((d) => d.denominator > 0 && d.value < t.value).sort((a, b) => a.value - b.value || a.name.localeCompare(b.name)).slice(0, 3);
    return [{
      id: t.id, measure, label: info.label, unit: info.unit, explain: info.explain, target: t.value, dueOn: t.dueOn, current: f.current, projected,
      status: statusOf(f.current, projected, t.value), byDepartment: f.byDepartment, behind,
    }];
  });
}

/** "winter, gritting;  grit bins" → ["winter", "gritting", "grit bins"] (lower-case, at most 10). */
export function campaignTerms(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((t) => t.trim().toLowerCase()).filter((t) => t.length >= 2))].slice(0, 10);
}

export type CampaignView = Awaited<ReturnType<typeof campaignView>>;

/** Everything a campaign's page, CSV and report show, for one viewer on one day. */
export async function campaignView(q: Queryable, campaign: CampaignRow, viewer: Viewer & Actor, today: string, now = new Date()) {
  const [{ items, hidden }, progress, audience] = await Promise.all([
    visibleCampaignItems(q, campaign.id, viewer, now),
    campaignProgress(q, campaign, today),
    campaignAudience(q, campaign.id),
  ]);
  const departments = await listDepartments(q);
  const audienceText = campaign.audience === "everyone"
    ? "Everyone"
    : campaign.audience === "departments"
      ? departments.filter((d) => audience.departmentIds.includes(d.id)).map((d) => d.name).join(", ")
      : audience.roles.join(", ");
  const state = campaign.endsOn < today ? "finished" : campaign.startsOn > today ? "planned" : "running";
  // Departments behind that have a channel connected to Teams (the "post a reminder in Teams" action).
  const behindIds = [...new Set(progress.flatMap((t) => t.behind.map((d) => d.departmentId)))];
  const teamsDepartmentIds: number[] = [];
  for (const id of behindIds) if ((await listDepartmentTeamsChannels(q, id)).length) teamsDepartmentIds.push(id);
  return { campaign, items, hiddenItems: hidden, progress, audienceText, audience, state, today, teamsDepartmentIds };
}
