/**
 * RSS 2.0 and Atom feeds (the `feed` package) for feed readers, which cannot sign in:
 * the address carries the person's secret feed token (`?token=`), reset on /me. The items
 * are exactly what that person may open, and carry title, summary and link only, never
 * the body (a feed reader may keep copies outside the council's systems).
 */
import { Feed } from "feed";
import { findUserById } from "~/models/user.server";
import { findFeedTokenOwner } from "~/models/notification-prefs.server";
import type { FeedItem } from "~/models/feed.server";
import type { Viewer } from "~/access/audience.server";
import { getOptionalUser } from "./auth.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { itemPath } from "./item-path";
import { xmlResponse } from "./xml";

/** The person a feed request is for: from the token, else a signed-in session. Throws 401 otherwise. */
export async function requireFeedViewer(request: Request): Promise<Viewer> {
  const token = new URL(request.url).searchParams.get("token");
  if (token !== null) {
    const db = await getDb();
    const userId = await findFeedTokenOwner(db, token);
    const user = userId ? await findUserById(db, userId) : undefined;
    if (user && user.active) return { id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId };
    throw feedError(401, "This feed address is not valid any more. Get your current feed address from your profile page on the intranet.");
  }
  const user = await getOptionalUser(request);
  if (user) return user;
  throw feedError(401, "This feed needs your personal feed address. You will find it on your profile page on the intranet.");
}

export function feedError(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export function feedBaseUrl(request: Request): string {
  return (getEnv().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

/** RSS by default, Atom with `?format=atom`. */
export function feedResponse(
  request: Request,
  meta: { title: string; description: string; path: string },
  items: FeedItem[],
  /** The public feed links to public pages and says so; staff feeds link to the intranet's own pages. */
  options: { publicPages?: boolean } = {},
): Response {
  const url = new URL(request.url);
  const base = feedBaseUrl(request);
  const token = url.searchParams.get("token");
  const self = (format: "rss" | "atom") =>
    `${base}${url.pathname}?${new URLSearchParams({ ...(token ? { token } : {}), ...(format === "atom" ? { format: "atom" } : {}) })}`;
  const updated = items.reduce((max, i) => Math.max(max, Date.parse(i.publishedAt ?? i.updatedAt) || 0), 0);
  const feed = new Feed({
    title: meta.title,
    description: meta.description,
    id: `${base}${meta.path}`,
    link: `${base}${meta.path}`,
    language: "en-GB",
    updated: new Date(updated || Date.now()),
    generator: `${getEnv().COUNCIL_NAME} intranet`,
    copyright: options.publicPages ? `${getEnv().COUNCIL_NAME}.` : `${getEnv().COUNCIL_NAME}. For council staff only.`,
    feedLinks: { rss: self("rss"), atom: self("atom") },
  });
  for (const item of items) {
    const link = `${base}${options.publicPages ? "/public" : ""}${itemPath(item.type, item.slug)}`;
    const flag = item.priority === "urgent" ? "Urgent: " : item.priority === "need-to-know" ? "Need to know: " : "";
    feed.addItem({
      title: `${flag}${item.title}`,
      id: link,
      link,
      description: item.summary,
      date: new Date(item.publishedAt ?? item.updatedAt),
      category: item.departmentName ? [{ name: item.departmentName }] : undefined,
    });
  }
  const atom = url.searchParams.get("format") === "atom";
  // One stray control character in any title would make the whole feed unreadable: xmlResponse cleans the document.
  return xmlResponse(atom ? feed.atom1() : feed.rss2(), {
    contentType: atom ? "application/atom+xml" : "application/rss+xml",
    headers: { "Cache-Control": options.publicPages ? "public, max-age=300" : "private, no-store", "X-Robots-Tag": "noindex" },
  });
}
