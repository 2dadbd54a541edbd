/** Small helpers shared by the admin pages (routes/admin.*). */
import type { AuditFilter } from "~/models/audit.server";
import { AuditFilterSchema } from "~/schemas/admin";
import { readDateParts, type DateParts } from "~/schemas/date-input";
import { requireUserWith, type SessionUser } from "./auth.server";
import { getEnv } from "./env.server";
import { notFound } from "./http.server";
import type { Entity } from "~/access/permissions.server";
import { fieldErrors } from "./request-body.server";

/** The signed-in administrator allowed to manage `entity`; others get a 403 that is audited. */
export function requireAdmin(request: Request, entity: Extract<Entity, "user" | "department" | "channel" | "settings"> = "user"): Promise<SessionUser> {
  return requireUserWith(request, "manage", entity);
}

/** A numeric id from the URL, or a 404 (never a 500) for anything else. */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

/** The full address of a one-time set-password link, to give to the person. */
export function passwordLinkUrl(request: Request, token: string): string {
  const base = getEnv().PUBLIC_URL ? new URL(getEnv().PUBLIC_URL!).origin : new URL(request.url).origin;
  return `${base}/set-password/${token}`;
}

export const ADMIN_PAGE_SIZE = 50;

/** Midnight at the start of a UK calendar day ("2026-03-29"), as an ISO instant (BST-aware). */
export function ukDayStart(day: string): string {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).formatToParts(utcMidnight);
  const ukHour = Number(parts.find((p) => p.type === "hour")?.value ?? "0");
  // At UTC midnight the UK shows 00:00 (GMT) or 01:00 (BST); UK midnight is that many hours earlier.
  return new Date(utcMidnight.getTime() - ukHour * 3_600_000).toISOString();
}

export function nextUkDayStart(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return ukDayStart(next.toISOString().slice(0, 10));
}

export type AuditFilterValues = { action: string; actor: string; from: DateParts; to: DateParts };

/**
 * The audit filters from the address: values as typed (to show them again, dates as their
 * Day, Month and Year boxes), field errors, the filter for the query (empty when there are
 * errors, so nothing is half-applied) and the same filters as a query string's values for
 * links (dates as "YYYY-MM-DD").
 */
export function auditFilterFromUrl(url: URL): {
  values: AuditFilterValues; errors: Record<string, string>; filter: AuditFilter | null; query: Record<"action" | "actor" | "from" | "to", string>;
} {
  const text = (key: string) => (url.searchParams.get(key) ?? "").slice(0, 300);
  const values = { action: text("action"), actor: text("actor"), from: readDateParts(url.searchParams, "from"), to: readDateParts(url.searchParams, "to") };
  const parsed = AuditFilterSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error), filter: null, query: { action: values.action, actor: values.actor, from: "", to: "" } };
  const { action, actor, from, to } = parsed.data;
  return {
    values, errors: {},
    filter: { action: action || undefined, actor: actor || undefined, from: from ? ukDayStart(from) : undefined, to: to ? nextUkDayStart(to) : undefined },
    query: { action: values.action, actor: values.actor, from: from ?? "", to: to ?? "" },
  };
}
