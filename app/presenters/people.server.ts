/**
 * What the directory shows of a person, allow-listed per viewer (issue 20, decision 140).
 * Optional fields pass through canSeeOptionalField; nothing about sign-ins or activity is
 * ever included.
 */
import { canEditOfficialFields, canEditProfile, canSeeOptionalField, canSeeProfile } from "~/access/people.server";
import type { Actor } from "~/access/permissions.server";
import {
  findProfile, findProfileById, listCardsByEmails, listDepartmentChampions, listDirectReports, listExpertise, listExpertiseOf, listLanguages,
  listManagerChain, listPeopleWithExpertise, type PersonCard, type ProfileRow,
} from "~/models/people.server";
import { namesByEmail } from "~/models/user.server";
import type { SessionSight } from "~/models/user.server";
import type { Queryable } from "~/utils/db.server";
import { ROLE_LABELS } from "~/utils/roles";
import { forDirectory } from "./directory-cache.server";

/** The address of a person's profile: their handle, or their account id before they have one. */
export function personPath(p: { handle: string | null; id: number }): string {
  return `/people/${p.handle ?? p.id}`;
}

export type CardView = { id: number; url: string; name: string; preferredName: string; jobTitle: string; departmentName: string | null; teamName: string | null; base: string };

export function cardView(c: PersonCard): CardView {
  return {
    id: c.id, url: personPath(c), name: c.name, preferredName: c.preferredName, jobTitle: c.jobTitle,
    departmentName: c.departmentName, teamName: c.teamName, base: c.base,
  };
}

/** An address that receives mail: generated demo people and accounts without email have none. */
export function reachableEmail(email: string | null | undefined): string | null {
  if (!email || /\.invalid$/i.test(email)) return null;
  return email;
}

export type ProfileView = ReturnType<typeof shapeProfile>;

function shapeProfile(viewer: Actor, p: ProfileRow, expertise: string[], languages: string[], chain: PersonCard[], reports: PersonCard[]) {
  const sees = (v: ProfileRow["mobileVisibility"]) => canSeeOptionalField(viewer, p, v);
  const email = reachableEmail(p.email);
  return {
    id: p.id,
    url: personPath(p),
    name: p.name,
    preferredName: p.preferredName,
    jobTitle: p.jobTitle,
    roleLabel: ROLE_LABELS[p.role],
    active: !!p.active,
    department: p.departmentSlug ? { slug: p.departmentSlug, name: p.departmentName! } : null,
    team: p.teamSlug ? { slug: p.teamSlug, name: p.teamName!, phone: p.teamPhone ?? "" } : null,
    manager: p.managerId ? { name: p.managerName ?? "", url: personPath({ handle: p.managerHandle, id: p.managerId }) } : null,
    base: p.base,
    email,
    workPhone: p.workPhone,
    mobilePhone: sees(p.mobileVisibility) ? p.mobilePhone : "",
    workingPattern: sees(p.patternVisibility) ? p.workingPattern : "",
    pronouns: sees(p.pronounsVisibility) ? p.pronouns : "",
    about: sees(p.aboutVisibility) ? p.about : "",
    photoUrl: p.hasPhoto && sees(p.photoVisibility) ? `${personPath(p)}/photo` : null,
    expertise,
    languages,
    /** Staff without email: how to reach them instead. */
    reachVia: email
      ? null
      : {
          teamPhone: p.teamPhone || null,
          teamName: p.teamName,
          manager: p.managerId ? { name: p.managerName ?? "", url: personPath({ handle: p.managerHandle, id: p.managerId }) } : null,
        },
    managerChain: chain.map(cardView),
    directReports: reports.map(cardView),
    isMe: viewer.id === p.id,
    canEdit: canEditProfile(viewer, p),
    canEditOfficial: canEditOfficialFields(viewer),
  };
}

export async function loadProfile(q: Queryable, viewer: Actor, handleOrId: string): Promise<ProfileView | null> {
  const p = await findProfile(q, handleOrId);
  if (!p || !canSeeProfile(viewer, p)) return null;
  const [expertise, languages, chain, reports] = await Promise.all([
    listExpertise(q, p.id), listLanguages(q, p.id), listManagerChain(q, p.id), listDirectReports(q, p.id),
  ]);
  return shapeProfile(viewer, p, expertise, languages, chain, reports);
}

/** Everything the directory holds about the person themselves, for "download my profile" (JSON). */
export async function exportOwnProfile(q: Queryable, userId: number) {
  const p = await findProfileById(q, userId);
  if (!p) return null;
  const [expertise, languages] = await Promise.all([listExpertise(q, userId), listLanguages(q, userId)]);
  return {
    exportedAt: new Date().toISOString(),
    official: {
      name: p.name, jobTitle: p.jobTitle, department: p.departmentName, manager: p.managerName, email: p.email, role: p.role,
      directorySyncId: p.externalId,
    },
    yours: {
      handle: p.handle, preferredName: p.preferredName, team: p.teamName, base: p.base, workPhone: p.workPhone,
      mobilePhone: { value: p.mobilePhone, visibleTo: p.mobileVisibility },
      workingPattern: { value: p.workingPattern, visibleTo: p.patternVisibility },
      pronouns: { value: p.pronouns, visibleTo: p.pronounsVisibility },
      about: { value: p.about, visibleTo: p.aboutVisibility },
      photo: { uploaded: !!p.hasPhoto, visibleTo: p.photoVisibility },
      askMeAbout: expertise,
      languages,
      profileNudgeDismissed: !!p.nudgeDismissed,
    },
  };
}

/** The /me nudge: shown while the profile has no expertise or no photo, until dismissed for good. */
export async function profileNudge(q: Queryable, userId: number): Promise<{ url: string; missing: string[] } | null> {
  const p = await findProfileById(q, userId);
  if (!p || p.nudgeDismissed) return null;
  const missing: string[] = [];
  if ((await listExpertise(q, userId)).length === 0) missing.push("what people can ask you about");
  if (!p.hasPhoto) missing.push("a photo");
  return missing.length ? { url: `${personPath(p)}/edit`, missing } : null;
}

export type WhoToAsk = {
  owner: CardView | null;
  deputy: CardView | null;
  champions: CardView[];
  /** Up to three people whose "ask me about" tags match the guide's tags, with the tags they share. */
  experts: (CardView & { matched: string[] })[];
};

/**
 * "Who to ask" on a guide: its owner and deputy, its department's champions, and up to three
 * people whose expertise matches its tags; each person once, active accounts only.
 */
export async function whoToAsk(
  q: Queryable,
  guide: { ownerEmail: string | null; deputyEmail: string | null; departmentId: number | null; tags: readonly string[] },
): Promise<WhoToAsk | null> {
  const keepers = await listCardsByEmails(q, [guide.ownerEmail ?? "", guide.deputyEmail ?? ""]);
  const byEmail = new Map(keepers.map((k) => [k.email, k]));
  const owner = guide.ownerEmail ? byEmail.get(guide.ownerEmail.toLowerCase()) ?? null : null;
  const deputy = guide.deputyEmail ? byEmail.get(guide.deputyEmail.toLowerCase()) ?? null : null;
  const shown = new Set([owner?.id, deputy?.id].filter((id): id is number => !!id));
  const champions = (guide.departmentId ? await listDepartmentChampions(q, guide.departmentId, 6) : []).filter((c) => !shown.has(c.id)).slice(0, 3);
  for (const c of champions) shown.add(c.id);
  const tags = [...new Set(guide.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const experts = await listPeopleWithExpertise(q, tags, [...shown], 3);
  const tagsOf = await listExpertiseOf(q, experts.map((e) => e.id));
  if (!owner && !deputy && champions.length === 0 && experts.length === 0) return null;
  return {
    owner: owner && cardView(owner),
    deputy: deputy && cardView(deputy),
    champions: champions.map(cardView),
    experts: experts.map((e) => ({ ...cardView(e), matched: (tagsOf.get(e.id) ?? []).filter((t) => tags.includes(t)) })),
  };
}

/**
 * A guide's people: its owner's and deputy's names (by email, lower case) and "who to ask".
 * The same for every reader, read only from the directory, so kept until the directory
 * changes (decision 255, app/presenters/directory-cache.server.ts); the key names every field
 * of the guide they depend on. The answer is shared: never change it.
 */
export function guidePeople(
  q: Queryable,
  guide: { id: number; ownerEmail: string | null; deputyEmail: string | null; departmentId: number | null; tags: readonly string[] },
  sight: SessionSight | undefined,
): Promise<{ names: Map<string, string>; whoToAsk: WhoToAsk | null }> {
  const key = JSON.stringify(["guide-people", guide.id, guide.ownerEmail, guide.deputyEmail, guide.departmentId, guide.tags]);
  return forDirectory(
    q,
    key,
    async () => {
      const [names, who] = await Promise.all([
        namesByEmail(q, [guide.ownerEmail, guide.deputyEmail].filter((e): e is string => !!e)),
        whoToAsk(q, guide),
      ]);
      return { names, whoToAsk: who };
    },
    sight?.peopleId,
  );
}
