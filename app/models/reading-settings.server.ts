/** Reading settings of a signed-in person (decision 122): rows only; the cookie on shared devices is in app/utils/reading-settings.server.ts. */
import type { Queryable } from "~/utils/db.server";
import type { ReadingSettings } from "~/utils/reading-settings";

export async function findReadingSettings(q: Queryable, userId: number): Promise<ReadingSettings | undefined> {
  return q.get<ReadingSettings>(
    "SELECT text_size AS textSize, spacing, contrast, motion FROM reading_settings WHERE user_id = ?",
    [userId],
  );
}

export async function saveReadingSettings(q: Queryable, userId: number, s: ReadingSettings, at: string): Promise<void> {
  await q.run(
    `INSERT INTO reading_settings (user_id, text_size, spacing, contrast, motion, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET text_size = excluded.text_size, spacing = excluded.spacing, contrast = excluded.contrast,
       motion = excluded.motion, updated_at = excluded.updated_at`,
    [userId, s.textSize, s.spacing, s.contrast, s.motion, at],
  );
}
