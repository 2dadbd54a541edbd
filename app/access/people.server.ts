/**
 * Who sees what of a person's profile (issue 20, decision 140). Every surface that shows
 * a profile (the page, the directory, search, who-to-ask, the photo, the JSON download)
 * asks here.
 *
 * - Official fields (name, job title, department, manager, team, base, work phone) are seen
 *   by every signed-in person: they are how staff find each other.
 * - Each optional field (mobile, working pattern, pronouns, about me, photo) has its
 *   owner's visibility: everyone, their department, or only themselves.
 * - Switched-off accounts are not shown to anyone but administrators.
 * - Nobody else sees when someone last signed in or what they did: profiles show none of it.
 */
import type { Viewer } from "./audience.server";
import { can, type Actor } from "./permissions.server";

export type Visibility = "everyone" | "department" | "me";

type Person = { id: number; departmentId: number | null; active: number | boolean };

export function canSeeProfile(viewer: Actor, person: Person): boolean {
  return !!person.active || can(viewer, "manage", "user");
}

export function canSeeOptionalField(viewer: Viewer, person: Person, visibility: Visibility): boolean {
  if (viewer.id === person.id) return true;
  if (visibility === "everyone") return true;
  if (visibility === "department") return person.departmentId !== null && viewer.departmentId === person.departmentId;
  return false;
}

/** The person themselves and administrators edit a profile; only administrators (and directory sync) its official fields. */
export function canEditProfile(viewer: Actor, person: Pick<Person, "id">): boolean {
  return viewer.id === person.id || can(viewer, "manage", "user");
}

export function canEditOfficialFields(viewer: Actor): boolean {
  return can(viewer, "manage", "user");
}
