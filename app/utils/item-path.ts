/**
 * Where an item's page lives, by its type: the one map from item type to web address,
 * for pages, links in Markdown, emails, feeds, Teams posts and exports alike. No server
 * imports, so components use it too. tests/unit/one-of-each.test.ts fails if a second
 * copy of the map appears anywhere in app/.
 */
import type { ItemType } from "~/models/item.server";

export const ITEM_PATH: Readonly<Record<ItemType, string>> = {
  announcement: "/announcements/",
  policy: "/policies/",
  guide: "/guides/",
};

/** "/guides/claim-mileage" for a guide with that slug. */
export function itemPath(type: ItemType, slug: string): string {
  return `${ITEM_PATH[type]}${slug}`;
}

/** The other way: "guides" (the first part of an item's address) → "guide"; undefined for anything else. */
export function itemTypeOfSection(section: string | undefined): ItemType | undefined {
  return (Object.keys(ITEM_PATH) as ItemType[]).find((type) => ITEM_PATH[type] === `/${section}/`);
}
