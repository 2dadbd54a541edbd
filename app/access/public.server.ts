/**
 * The public tier (decision 091): who may see an item without signing in.
 *
 * An item is public when its author ticked "anyone can see it without signing in" AND the
 * public tier is on. The tier is on only when an administrator turned it on and the
 * environment does not forbid it (PUBLIC_PAGES=false is the council's hard switch). Even
 * then a visitor sees only what the audience rule gives a viewer of `null`: live, listed,
 * `is_public` items — the same rule every list, search and feed uses.
 */
import { canSeeItem, visibleItemsSql, type AudienceFacts } from "./audience.server";

export type PublicTier = { on: boolean; why: "forbidden-by-environment" | "switched-off" | "switched-on" };

/** Whether visitors who are not signed in see public items, from the environment and the admin's setting. */
export function publicTier(env: { PUBLIC_PAGES?: "true" | "false" }, adminSetting: string | undefined): PublicTier {
  if (env.PUBLIC_PAGES === "false") return { on: false, why: "forbidden-by-environment" };
  return adminSetting === "on" ? { on: true, why: "switched-on" } : { on: false, why: "switched-off" };
}

/** A visitor who is not signed in may open this item. */
export function canVisitorSeeItem(tier: PublicTier, facts: AudienceFacts, now = new Date()): boolean {
  return tier.on && canSeeItem(null, facts, now);
}

/** SQL for lists a visitor sees (items aliased `alias`): nothing at all while the tier is off. */
export function visitorItemsSql(tier: PublicTier, alias = "i", now = new Date()): { sql: string; params: unknown[] } {
  if (!tier.on) return { sql: "1 = 0", params: [] };
  return visibleItemsSql(null, alias, { now });
}
