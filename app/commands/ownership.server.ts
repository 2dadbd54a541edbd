/**
 * Pages never have nobody. When an owner's account is deactivated, they leave the
 * department, or they can no longer open the page (its audience or their department or role
 * changed: the ownership rule, app/access/ownership.server.ts), ownership passes to the
 * deputy, then to the department's knowledge champions, then its manager, and as a last
 * resort to a communications editor, always someone who can open the page. A deputy who goes
 * is replaced by a champion when there is one.
 *
 * `reassignOwnership` runs inside the caller's transaction (the admin command that
 * deactivates someone or moves them), so the person and their pages change together.
 * `sweepOwnership` runs at start-up and periodically, and catches anything that changed
 * outside those commands (a database edit, an import naming a deactivated owner).
 */
import { canLookAfter } from "~/access/ownership.server";
import { recordAudit } from "~/models/audit.server";
import {
  findOwnedPage,
  findPersonByEmail,
  findPersonById,
  listActiveByRole,
  listActiveInDepartmentByRole,
  listPagesNeedingOwner,
  listPagesOwnedOrDeputisedBy,
  listPagesWithInactiveDeputy,
  listPagesWithKeeperOutsideAudience,
  recordOwnershipChange,
  setPageDeputy,
  setPageOwner,
  type OwnedPage,
  type Person,
} from "~/models/ownership.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export type HandoverReason = "deactivated" | "department-change" | "role-change" | "outside-audience" | "sweep" | "manual";

/** Where the new owner came from in the chain, for the record and for tests. */
export type Source = "deputy" | "champion" | "manager" | "comms" | "admin" | "nobody";

export type Handover = {
  itemId: number;
  title: string;
  role: "owner" | "deputy";
  fromEmail: string | null;
  toEmail: string | null;
  source: Source;
};

type Options = { actorId?: number | null; now?: Date; previousDepartmentId?: number | null };

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Hands over the pages of `userId` that they can no longer look after. Call it after the
 * change to the person has been written, in the same transaction:
 * - `deactivated`: every page they own or deputise;
 * - `department-change`: pages of the department they left (`previousDepartmentId`, or
 *   any page outside their new department when it is not given);
 * - always: pages they cannot open any more (an inactive account, or outside the audience).
 */
export async function reassignOwnership(tx: Queryable, userId: number, reason: HandoverReason, options: Options = {}): Promise<Handover[]> {
  const person = await findPersonById(tx, userId);
  if (!person) return [];
  const now = (options.now ?? new Date()).toISOString();
  const pages = await listPagesOwnedOrDeputisedBy(tx, person.email);
  const handovers: Handover[] = [];
  for (const page of pages) {
    if (!mustLetGo(person, page, reason, options.previousDepartmentId)) continue;
    handovers.push(...(await handOver(tx, page, person.email, reason, options.actorId ?? null, now)));
  }
  return handovers;
}

function mustLetGo(person: Person, page: OwnedPage, reason: HandoverReason, previousDepartmentId: number | null | undefined): boolean {
  if (!canLookAfter(person, page)) return true;
  if (reason !== "department-change" || page.departmentId === null) return false;
  if (previousDepartmentId !== undefined) return page.departmentId === previousDepartmentId && person.departmentId !== previousDepartmentId;
  return person.departmentId !== page.departmentId;
}

/** Replaces `leaving` (owner, deputy or both) on one page. */
async function handOver(tx: Queryable, page: OwnedPage, leaving: string | null, reason: HandoverReason, actorId: number | null, now: string): Promise<Handover[]> {
  const out: Handover[] = [];
  let owner = page.ownerEmail;
  let deputy = page.deputyEmail;
  const ownerLeaves = !owner || same(owner, leaving);
  // A deputy who could not open the page goes too (people named in content with no account yet stay).
  const deputyPerson = deputy ? await findPersonByEmail(tx, deputy) : undefined;
  const deputyLeaves = same(deputy, leaving) || (!!deputyPerson && !canLookAfter(deputyPerson, page));
  if (deputyLeaves) deputy = null;

  if (ownerLeaves) {
    const next = await chooseOwner(tx, page, [leaving, owner], deputy);
    out.push(await change(tx, page, "owner", owner, next.person?.email ?? null, next.source, reason, actorId, now));
    owner = next.person?.email ?? null;
    // The deputy stepped up, so the deputy's place is free.
    if (next.source === "deputy") deputy = null;
  }
  if (!deputy && (ownerLeaves || deputyLeaves)) {
    const champion = await firstChampion(tx, page, [leaving, owner, page.ownerEmail]);
    if (champion || deputyLeaves || same(page.deputyEmail, owner))
      out.push(await change(tx, page, "deputy", page.deputyEmail, champion?.email ?? null, champion ? "champion" : "nobody", reason, actorId, now));
  }
  return out.filter((h) => !same(h.fromEmail, h.toEmail) && !(h.fromEmail === null && h.toEmail === null));
}

async function chooseOwner(tx: Queryable, page: OwnedPage, exclude: (string | null)[], deputy: string | null): Promise<{ person: Person | null; source: Source }> {
  const usable = (p: Person | undefined): p is Person => canLookAfter(p, page) && !exclude.some((e) => same(e, p!.email));
  if (deputy) {
    const d = await findPersonByEmail(tx, deputy);
    if (usable(d)) return { person: d, source: "deputy" };
  }
  if (page.departmentId !== null) {
    const champion = (await listActiveInDepartmentByRole(tx, page.departmentId, "champion")).find(usable);
    if (champion) return { person: champion, source: "champion" };
    const manager = (await listActiveInDepartmentByRole(tx, page.departmentId, "manager")).find(usable);
    if (manager) return { person: manager, source: "manager" };
  }
  const comms = (await listActiveByRole(tx, "comms")).find(usable);
  if (comms) return { person: comms, source: "comms" };
  const admin = (await listActiveByRole(tx, "admin")).find(usable);
  if (admin) return { person: admin, source: "admin" };
  return { person: null, source: "nobody" };
}

async function firstChampion(tx: Queryable, page: OwnedPage, exclude: (string | null)[]): Promise<Person | null> {
  if (page.departmentId === null) return null;
  const champions = await listActiveInDepartmentByRole(tx, page.departmentId, "champion");
  return champions.find((c) => canLookAfter(c, page) && !exclude.some((e) => same(e, c.email))) ?? null;
}

async function change(
  tx: Queryable, page: OwnedPage, role: "owner" | "deputy", fromEmail: string | null, toEmail: string | null, source: Source,
  reason: HandoverReason, actorId: number | null, now: string,
): Promise<Handover> {
  if (role === "owner") await setPageOwner(tx, page.id, toEmail, now);
  else await setPageDeputy(tx, page.id, toEmail, now);
  if (same(fromEmail, toEmail)) return { itemId: page.id, title: page.title, role, fromEmail, toEmail, source };
  await recordOwnershipChange(tx, { itemId: page.id, role, fromEmail, toEmail, reason, actorId }, now);
  await recordAudit(tx, {
    actorId, action: `${page.type}.${role}-changed`, entityType: "item", entityId: page.id,
    detail: { from: fromEmail, to: toEmail, reason, source },
  }, now);
  if (toEmail) {
    const person = await findPersonByEmail(tx, toEmail);
    if (person)
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `ownership:${page.id}:${role}:${person.id}:${now}`,
        userId: person.id,
        itemId: page.id,
        subject: role === "owner" ? `You now own "${page.title}"` : `You are now deputy for "${page.title}"`,
        lines: [
          role === "owner"
            ? `You are now the owner of "${page.title}". Please check it is still right and keep it reviewed.`
            : `You are now the deputy owner of "${page.title}". You will look after it if the owner cannot.`,
          fromEmail ? `It was looked after by ${fromEmail} (${describeReason(reason)}).` : "It had no owner.",
        ],
        link: { text: "See your pages to review", path: "/me/reviews" },
      }, now);
  }
  return { itemId: page.id, title: page.title, role, fromEmail, toEmail, source };
}

export function describeReason(reason: string): string {
  switch (reason) {
    case "deactivated": return "their account was closed";
    case "department-change": return "they moved to another department";
    case "role-change": return "their role changed";
    case "outside-audience": return "they can no longer open the page";
    case "sweep": return "the page had nobody able to look after it";
    default: return "ownership was changed";
  }
}

/** Finds pages with no usable owner or deputy and hands them over. Safe to run repeatedly. */
export async function sweepOwnership(now = new Date()): Promise<Handover[]> {
  const db = await getDb();
  const at = now.toISOString();
  const handovers = await db.transaction(async (tx) => {
    const out: Handover[] = [];
    for (const page of await listPagesNeedingOwner(tx)) out.push(...(await handOver(tx, page, page.ownerEmail, "sweep", null, at)));
    for (const page of await listPagesWithInactiveDeputy(tx)) out.push(...(await handOver(tx, page, page.deputyEmail, "sweep", null, at)));
    // Owners and deputies the page's audience no longer admits (read again: a hand-over above may have changed them).
    for (const found of await listPagesWithKeeperOutsideAudience(tx)) {
      const leaving = found.keeper === "owner" ? found.ownerEmail : found.deputyEmail;
      const page = await findOwnedPage(tx, found.id);
      if (page && (same(page.ownerEmail, leaving) || same(page.deputyEmail, leaving)))
        out.push(...(await handOver(tx, page, leaving, "outside-audience", null, at)));
    }
    return out;
  });
  return handovers;
}
