/**
 * Lists every page shows the same to everyone, with no audience clause in them: the open
 * departments and channels (filters of the news list and the search page). Both tables feed
 * the durable change feed, so the lists are kept until the feed id the session statement read
 * moves (`forEveryone`, decision 245).
 */
import { listOpenChannels, type Channel } from "~/models/channel.server";
import { listDepartments, type Department } from "~/models/department.server";
import type { SessionSight } from "~/models/user.server";
import type { Queryable } from "~/utils/db.server";
import { forEveryone } from "./audience-cache.server";

/** The departments that are not archived, by name. Shared: never change the answer. */
export function openDepartments(q: Queryable, sight: SessionSight | undefined): Promise<Department[]> {
  return forEveryone(q, "open-departments", () => listDepartments(q), sight?.feedId);
}

/** The channels that are not archived, as the news list's filter orders them. Shared: never change the answer. */
export function openChannels(q: Queryable, sight: SessionSight | undefined): Promise<Channel[]> {
  return forEveryone(q, "open-channels", () => listOpenChannels(q), sight?.feedId);
}
