/**
 * Changing profiles (issue 20, decision 140): a person's own fields, an administrator's
 * official ones (the manager), photos, the /me nudge. Each change is one transaction with
 * its audit entry. The people search index learns of every change from people_changes,
 * written by triggers in the same transaction (migration 141).
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import { departmentIdsBySlug } from "~/models/organisation.server";
import { getEnv } from "~/utils/env.server";
import {
  countEditedProfiles, createMissingProfiles, deletePhoto, dismissNudge, findProfileById, findTeamById, savePhoto, setExpertise, setLanguages, setManager, updateOwnFields, upsertTeam,
  type OwnFields,
} from "~/models/people.server";
import { findUserByEmail, findUserById, insertUser } from "~/models/user.server";
import { canEditOfficialFields, canEditProfile } from "~/access/people.server";
import type { Actor } from "~/access/permissions.server";
import { getDb, nowIso, type Queryable } from "~/utils/db.server";
import { processPhoto } from "~/utils/photo.server";
import type { ProfileFormValues } from "~/schemas/people";

export type Outcome = { ok: true } | { ok: false; status?: number; errors: Record<string, string> };

/** Boot step and after account changes: every account has a profile row and a handle. */
export async function ensureProfiles(q?: Queryable): Promise<number> {
  if (q) return createMissingProfiles(q, nowIso());
  const db = await getDb();
  return db.transaction((tx) => createMissingProfiles(tx, nowIso()));
}

export async function saveOwnProfile(actor: Actor, userId: number, values: ProfileFormValues): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    await createMissingProfiles(tx, nowIso());
    const person = await findProfileById(tx, userId);
    if (!person || !canEditProfile(actor, person)) return { ok: false, status: 404, errors: { form: "That profile does not exist" } };
    if (values.team !== null && !(await findTeamById(tx, values.team))) return { ok: false, errors: { team: "Choose a team from the list" } };
    const { expertise, languages, team, ...rest } = values;
    const fields: OwnFields = { ...rest, teamId: team };
    await updateOwnFields(tx, userId, fields, nowIso());
    await setExpertise(tx, userId, expertise);
    await setLanguages(tx, userId, languages);
    await recordAudit(tx, { actorId: actor.id, action: "profile.updated", entityType: "user", entityId: userId });
    return { ok: true };
  });
}

/** An administrator sets who someone reports to (directory sync does it too). */
export async function setOfficialManager(actor: Actor, userId: number, managerId: number | null): Promise<Outcome> {
  if (!canEditOfficialFields(actor)) return { ok: false, status: 403, errors: { form: "Only administrators change official fields" } };
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    await createMissingProfiles(tx, nowIso());
    if (managerId === userId) return { ok: false, errors: { manager: "Someone cannot be their own manager" } };
    if (managerId !== null && !(await findUserById(tx, managerId))) return { ok: false, errors: { manager: "Choose a manager from the list" } };
    await setManager(tx, userId, managerId, nowIso());
    await recordAudit(tx, { actorId: actor.id, action: "profile.manager-changed", entityType: "user", entityId: userId, detail: { managerId } });
    return { ok: true };
  });
}

export async function uploadPhoto(actor: Actor, userId: number, bytes: Uint8Array): Promise<Outcome> {
  const processed = await processPhoto(bytes);
  if (!processed.ok) return { ok: false, errors: { photo: processed.error } };
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const person = await findProfileById(tx, userId);
    if (!person || !canEditProfile(actor, person)) return { ok: false, status: 404, errors: { form: "That profile does not exist" } };
    await savePhoto(tx, userId, processed.image, processed.mimeType, nowIso());
    await recordAudit(tx, { actorId: actor.id, action: "profile.photo-changed", entityType: "user", entityId: userId });
    return { ok: true };
  });
}

export async function removePhoto(actor: Actor, userId: number): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const person = await findProfileById(tx, userId);
    if (!person || !canEditProfile(actor, person)) return { ok: false, status: 404, errors: { form: "That profile does not exist" } };
    await deletePhoto(tx, userId);
    await recordAudit(tx, { actorId: actor.id, action: "profile.photo-removed", entityType: "user", entityId: userId });
    return { ok: true };
  });
}

/** "Don't show this again" on the /me nudge: for good. */
export async function dismissProfileNudge(userId: number): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await createMissingProfiles(tx, nowIso());
    await dismissNudge(tx, userId, nowIso());
  });
}

/* ---- the demo council's directory (content/people-profiles.yml) ---- */

const DemoProfiles = z.object({
  teams: z.array(z.object({ slug: z.string(), name: z.string(), department: z.string(), manager: z.string().nullish(), phone: z.string().default("") })).default([]),
  people: z
    .array(
      z.object({
        email: z.string().email(),
        name: z.string().optional(),
        department: z.string().optional(),
        job_title: z.string().optional(),
        role: z.enum(["staff", "champion", "manager"]).default("staff"),
        preferred_name: z.string().default(""),
        team: z.string().optional(),
        manager: z.string().nullish(),
        base: z.string().default(""),
        work_phone: z.string().default(""),
        mobile: z.string().default(""),
        working_pattern: z.string().default(""),
        pronouns: z.string().default(""),
        about: z.string().default(""),
        expertise: z.array(z.string()).default([]),
        languages: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

/**
 * DEMO=true: gives the demo council's people realistic profiles, once (a profile already
 * edited is left alone). People named only here get an account without a password (they
 * would sign in through the council's identity provider).
 */
export async function seedDemoProfiles(contentDir = getEnv().CONTENT_DIR): Promise<number> {
  if (getEnv().DEMO !== "true") return 0;
  const file = path.join(contentDir, "people-profiles.yml");
  if (!fs.existsSync(file)) return 0;
  const data = DemoProfiles.parse(YAML.parse(fs.readFileSync(file, "utf8")));
  const db = await getDb();
  return db.transaction(async (tx) => {
    if ((await countEditedProfiles(tx)) > 0) return 0;
    const now = nowIso();
    const departments = await departmentIdsBySlug(tx);
    for (const p of data.people)
      if (p.name && !(await findUserByEmail(tx, p.email)))
        await insertUser(tx, { email: p.email, name: p.name, role: p.role, departmentId: (p.department && departments.get(p.department)) || null, jobTitle: p.job_title ?? "", passwordHash: null });
    await createMissingProfiles(tx, now);
    const idOf = async (email?: string | null) => (email ? (await findUserByEmail(tx, email))?.id ?? null : null);
    const teams = new Map<string, number>();
    for (const t of data.teams)
      teams.set(t.slug, await upsertTeam(tx, { slug: t.slug, name: t.name, departmentId: departments.get(t.department) ?? null, managerId: await idOf(t.manager), phone: t.phone }, now));
    let n = 0;
    for (const p of data.people) {
      const id = await idOf(p.email);
      if (!id) continue;
      await updateOwnFields(tx, id, {
        preferredName: p.preferred_name, teamId: (p.team && teams.get(p.team)) || null, base: p.base, workPhone: p.work_phone, mobilePhone: p.mobile,
        mobileVisibility: "department", workingPattern: p.working_pattern, patternVisibility: "everyone", pronouns: p.pronouns, pronounsVisibility: "everyone",
        about: p.about, aboutVisibility: "everyone", photoVisibility: "everyone",
      }, now);
      await setManager(tx, id, await idOf(p.manager), now);
      await setExpertise(tx, id, p.expertise.map((e) => e.toLowerCase()));
      await setLanguages(tx, id, p.languages.map((l) => l.toLowerCase()));
      n++;
    }
    await recordAudit(tx, { actorId: null, action: "demo.profiles-created", detail: { count: n } });
    return n;
  });
}
