/**
 * The ownership rule: a page's owner and deputy are people who can open it, that is active
 * accounts its audience admits (./audience.server.ts, `audienceAdmits`). They are told about
 * the page (review reminders, feedback, hand-overs), so anyone else would learn what they may
 * not read.
 *
 * It is applied where owners are chosen (the editor, content import, hand-overs), and again
 * where someone is told about a page (`mayBeToldAbout`), so a page whose audience narrowed
 * before the hand-over ran still tells nobody outside it.
 */
import type { Role } from "~/utils/roles";
import { audienceAdmits, canSeeItem, type AudienceFacts, type Viewer } from "./audience.server";
import { canOpenInEditor } from "./drafts.server";
import type { Actor } from "./permissions.server";

/** A person as the rule sees them; `departmentId` is whatever key the audience uses (an id, or a slug in content files). */
export type Keeper<K extends string | number = number> = { role: Role; departmentId: K | null; active: boolean | number };

/** Who a page is for, in the same keys. */
export type PageAudience<K extends string | number = number> = Pick<AudienceFacts, "audience" | "audienceRoles"> & { audienceDepartmentIds: readonly K[] };

/** May this person own or deputise this page? */
export function canLookAfter<K extends string | number>(person: Keeper<K> | null | undefined, page: PageAudience<K>): boolean {
  return !!person && (person.active === true || person.active === 1) && audienceAdmits(person, page);
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Why `email` may not be the page's owner or deputy, as a field message (the editor and the
 * import say the same), or null when they may. A person with no account is refused only
 * when `needsAccount` (the editor); content files may name people who sign in later.
 */
export function keeperProblem<K extends string | number>(
  email: string,
  person: Keeper<K> | null | undefined,
  page: PageAudience<K>,
  options: { needsAccount: boolean },
): string | null {
  if (!person) return options.needsAccount ? `${email} has no account on the intranet, so cannot open this page. Choose someone who can` : null;
  if (!(person.active === true || person.active === 1)) return `${email} has a switched-off account. Choose someone who can open this page`;
  if (audienceAdmits(person, page)) return null;
  const why = page.audience === "roles" ? "it is only for some roles, and not theirs" : "it is only for some departments, and not theirs";
  return `${email} cannot open this page: ${why}. Choose someone who can open it, or change who can see it`;
}

/** The page as `mayBeToldAbout` needs it. */
export type ToldAboutPage = {
  type: "announcement" | "policy" | "guide";
  departmentId: number | null;
  authorId?: number | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
};

/**
 * May a notice about this page (a reminder, feedback, a hand-over, an answer) go to this
 * person? Yes if they may open it now; or, while it is not live, if its audience admits
 * them and they look after it or may edit it. Never to someone outside its audience.
 */
export function mayBeToldAbout(
  person: Viewer & { active: boolean | number; grants?: Actor["grants"] },
  page: ToldAboutPage,
  facts: AudienceFacts,
  now = new Date(),
): boolean {
  if (!(person.active === true || person.active === 1)) return false;
  if (canSeeItem(person, facts, now)) return true;
  if (!audienceAdmits(person, facts)) return false;
  return same(person.email, page.ownerEmail) || same(person.email, page.deputyEmail) || canOpenInEditor(person, page);
}
