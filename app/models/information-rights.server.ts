/**
 * Information rights (issue 22, decision 163): finding recorded information for a freedom
 * of information request, and the people named in an export. Information-governance
 * officers only (the routes call requireIgOfficer): they search every record, whatever
 * its audience or status, because a request covers everything the council holds.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

export type RecordHit = { id: number; type: string; title: string; status: string; updatedAt: string; revisions: number };

/** Items whose number, title or any revision's title, summary or text matches (every status, every audience). */
export async function searchRecordedInformation(q: Queryable, text: string, limit = 50): Promise<RecordHit[]> {
  const words = text.trim().toLowerCase();
  const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const id = /^\d{1,9}$/.test(words) ? Number(words) : -1;
  return q.all<RecordHit>(
    `SELECT i.id, i.type, i.title, i.status, i.updated_at AS updatedAt,
            (SELECT COUNT(*) FROM revisions c WHERE c.item_id = i.id) AS revisions
       FROM items i
      WHERE i.id = ? OR lower(i.title) LIKE ? ESCAPE '\\'
         OR i.id IN (SELECT r.item_id FROM revisions r
                      WHERE lower(r.title) LIKE ? ESCAPE '\\' OR lower(r.summary) LIKE ? ESCAPE '\\' OR lower(r.body) LIKE ? ESCAPE '\\')
      ORDER BY i.updated_at DESC, i.id DESC LIMIT ?`,
    [id, like, like, like, like, limit],
  );
}

export type NamedPerson = { id: number; email: string; name: string; role: Role; jobTitle: string };

/** The people behind user ids and email addresses found in an export (to name them, or to name only their role). */
export async function peopleForExport(q: Queryable, ids: number[], emails: string[]): Promise<NamedPerson[]> {
  const out: NamedPerson[] = [];
  const cols = "id, email, name, role, job_title AS jobTitle";
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    out.push(...(await q.all<NamedPerson>(`SELECT ${cols} FROM users WHERE id IN (${chunk.map(() => "?").join(", ")})`, chunk)));
  }
  for (let i = 0; i < emails.length; i += 200) {
    const chunk = emails.slice(i, i + 200).map((e) => e.toLowerCase());
    out.push(...(await q.all<NamedPerson>(`SELECT ${cols} FROM users WHERE lower(email) IN (${chunk.map(() => "?").join(", ")})`, chunk)));
  }
  return out;
}

/** One person for a subject access export (by email, whether or not their account is open). */
export async function findSubject(q: Queryable, email: string): Promise<NamedPerson | undefined> {
  return q.get<NamedPerson>("SELECT id, email, name, role, job_title AS jobTitle FROM users WHERE lower(email) = lower(?)", [email.trim()]);
}

export async function findSubjectById(q: Queryable, id: number): Promise<NamedPerson | undefined> {
  return q.get<NamedPerson>("SELECT id, email, name, role, job_title AS jobTitle FROM users WHERE id = ?", [id]);
}
