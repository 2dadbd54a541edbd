/**
 * Public pages (decision 091): what a visitor who is not signed in may open, and the
 * administrator's switch. Every answer goes through the public-tier rule in
 * app/access/public.server.ts; pages built here show only the item itself and other
 * public items, never anything a signed-in person's audience would decide.
 */
import { recordAudit } from "~/models/audit.server";
import { listLatestItems, type FeedItem } from "~/models/feed.server";
import { findItemBySlug, getAudienceFacts, listItemTags, listVisibleRelatedItems, type ItemRow, type ItemType } from "~/models/item.server";
import { findDepartmentById } from "~/models/department.server";
import { getRevision } from "~/models/revision.server";
import { itemBodyForReader } from "~/presenters/item-body.server";
import { getSiteSetting, setSiteSetting } from "~/models/site-settings.server";
import { canVisitorSeeItem, publicTier, visitorItemsSql, type PublicTier } from "~/access/public.server";
import type { Actor } from "~/access/permissions.server";
import { redirect } from "@remix-run/node";
import { getOptionalUser, type SessionUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { itemPath } from "~/utils/item-path";

export async function getPublicTier(): Promise<PublicTier> {
  return publicTier(getEnv(), (await getSiteSetting(await getDb(), "public_pages"))?.value);
}

/** Admins only (the route checks the permission too): turns the public tier on or off, audited. */
export async function setPublicPages(actor: Actor, on: boolean, now = new Date()): Promise<PublicTier> {
  if (actor.role !== "admin") throw new Response("Only administrators can change this.", { status: 403 });
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setSiteSetting(tx, "public_pages", on ? "on" : "off", actor.id, now);
    await recordAudit(tx, { actorId: actor.id, action: on ? "settings.public-pages-on" : "settings.public-pages-off", entityType: "settings", entityId: null, detail: {} }, now.toISOString());
  });
  return getPublicTier();
}

/** Where public items are read without signing in. */
export function publicPath(type: ItemType, slug: string): string {
  return `/public${itemPath(type, slug)}`;
}

/**
 * Where to send a visitor who is not signed in and asked for an item's page: to its public
 * page when it is public and the tier is on, otherwise to sign in.
 */
export async function visitorDestination(request: Request, type: ItemType, slug: string | null): Promise<string> {
  const url = new URL(request.url);
  const signIn = `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
  return slug && (await findVisitorItem(type, slug)) ? publicPath(type, slug) : signIn;
}

/** The item at `type`/`slug` when a visitor may open it (public, live, public pages on); otherwise undefined. */
async function findVisitorItem(type: ItemType, slug: string | null): Promise<{ item: ItemRow; tier: PublicTier } | undefined> {
  if (!slug) return undefined;
  const tier = await getPublicTier();
  if (!tier.on) return undefined;
  const db = await getDb();
  const item = await findItemBySlug(db, type, slug);
  return item && canVisitorSeeItem(tier, await getAudienceFacts(db, item)) ? { item, tier } : undefined;
}

export type PublicListing = { tier: PublicTier; items: Array<FeedItem & { href: string }>; total: number };

/** The public landing page's list: public items, newest first. */
export async function listPublicItems(options: { type?: ItemType; limit: number; offset?: number }): Promise<PublicListing> {
  const tier = await getPublicTier();
  const { items, total } = await listLatestItems(await getDb(), visitorItemsSql(tier), options);
  return { tier, total, items: items.map((i) => ({ ...i, href: publicPath(i.type, i.slug) })) };
}

export type PublicItemPage = {
  item: Pick<ItemRow, "type" | "slug" | "title" | "summary" | "publishedAt" | "updatedAt" | "reference">;
  departmentName: string | null;
  html: string;
  tags: string[];
  related: Array<{ title: string; href: string }>;
};

/** One public item's page, or undefined (404) when it is not public or the tier is off. */
export async function loadPublicItem(type: ItemType, slug: string | null): Promise<PublicItemPage | undefined> {
  const found = await findVisitorItem(type, slug);
  if (!found) return undefined;
  const { item, tier } = found;
  const db = await getDb();
  const revision = item.currentRevisionId ? await getRevision(db, item.currentRevisionId) : undefined;
  const [body, department, tags, related] = await Promise.all([
    itemBodyForReader(db, revision, visitorItemsSql(tier), publicPath),
    item.departmentId ? findDepartmentById(db, item.departmentId) : undefined,
    listItemTags(db, item.id),
    // Only related pages that are public themselves: a restricted title never shows here.
    listVisibleRelatedItems(db, item.id, visitorItemsSql(tier)),
  ]);
  return {
    item: { type: item.type, slug: item.slug, title: item.title, summary: item.summary, publishedAt: item.publishedAt, updatedAt: item.updatedAt, reference: item.reference },
    departmentName: department?.name ?? null,
    html: body.html,
    tags,
    related: related.map((r) => ({ title: r.title, href: publicPath(r.type, r.slug) })),
  };
}

/**
 * For staff item pages: the signed-in person, or — for a visitor — a redirect to the item's
 * public page when it is public, else to sign in (as every other page does).
 */
export async function requireReaderOfItem(request: Request, type: ItemType, slug: string | undefined): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (user) return user;
  throw redirect(await visitorDestination(request, type, slug ?? null));
}
