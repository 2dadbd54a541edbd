/** Reading channels: the streams inside a department (or council-wide) that staff follow. */
import type { Queryable } from "~/utils/db.server";

export type Channel = {
  id: number;
  slug: string;
  name: string;
  description: string;
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  isDefault: number;
  isMandatory: number;
  archivedAt: string | null;
};

const CHANNEL_COLUMNS = `c.id, c.slug, c.name, c.description, c.department_id AS departmentId, d.slug AS departmentSlug,
  d.name AS departmentName, c.is_default AS isDefault, c.is_mandatory AS isMandatory, c.archived_at AS archivedAt`;
const FROM_CHANNELS = "FROM channels c LEFT JOIN departments d ON d.id = c.department_id";

/** Open channels: council-wide ones first, then by department and name (the order of the filter list). */
export async function listOpenChannels(q: Queryable): Promise<Channel[]> {
  return q.all<Channel>(
    `SELECT ${CHANNEL_COLUMNS} ${FROM_CHANNELS} WHERE c.archived_at IS NULL
      ORDER BY c.department_id IS NOT NULL, d.name COLLATE NOCASE, c.is_default DESC, c.name COLLATE NOCASE`,
  );
}

/** A department's open channels, its default channel first. */
export async function listDepartmentChannels(q: Queryable, departmentId: number): Promise<Channel[]> {
  return q.all<Channel>(
    `SELECT ${CHANNEL_COLUMNS} ${FROM_CHANNELS} WHERE c.department_id = ? AND c.archived_at IS NULL
      ORDER BY c.is_default DESC, c.name COLLATE NOCASE`,
    [departmentId],
  );
}

export async function findChannelBySlug(q: Queryable, slug: string): Promise<Channel | undefined> {
  return q.get<Channel>(`SELECT ${CHANNEL_COLUMNS} ${FROM_CHANNELS} WHERE c.slug = ?`, [slug]);
}

/** The channels an item was posted in. */
export async function listItemChannels(q: Queryable, itemId: number): Promise<Channel[]> {
  return q.all<Channel>(
    `SELECT ${CHANNEL_COLUMNS} FROM item_channels ic JOIN channels c ON c.id = ic.channel_id
       LEFT JOIN departments d ON d.id = c.department_id
      WHERE ic.item_id = ? ORDER BY c.department_id IS NOT NULL, c.name COLLATE NOCASE`,
    [itemId],
  );
}
