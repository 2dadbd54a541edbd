/**
 * Thank-you notes (decision 137): one colleague thanks another for help, optionally about a
 * guide or an event the sender can open; the recipient is emailed and decides whether each
 * note shows on their profile (nothing shows until they choose).
 */
import { canSeeItem } from "~/access/audience.server";
import { canSeeEvent } from "~/access/events.server";
import type { Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { findEvent } from "~/models/event.server";
import { findItemBySlug, getAudienceFacts } from "~/models/item.server";
import { findProfile } from "~/models/people.server";
import { findThanks, insertThanks, setThanksChoice } from "~/models/thanks.server";
import { findUserByEmail } from "~/models/user.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export class ThanksProblem extends Error {
  constructor(message: string, readonly field: "to" | "body" | "about" | "form" = "form", readonly status = 400) {
    super(message);
  }
}

/** An email address, a profile address (/people/handle, a full address) or a handle → the person. */
async function findRecipient(q: Queryable, to: string) {
  const text = to.trim();
  if (text.includes("@") && !text.includes("/")) {
    const u = await findUserByEmail(q, text);
    return u && u.active === 1 ? { id: u.id, name: u.name } : undefined;
  }
  let path = text;
  try {
    if (/^https?:\/\//i.test(text)) path = new URL(text).pathname;
  } catch {
    return undefined;
  }
  const m = /^\/?(?:people\/)?([a-z0-9][a-z0-9.-]{0,79})\/?$/i.exec(path);
  if (!m) return undefined;
  const p = await findProfile(q, m[1]);
  return p && p.active === 1 ? { id: p.id, name: p.name } : undefined;
}

/** "/guides/slug" or "/events/12" (or full addresses) → what the note is about, only if the sender can open it. */
async function findAbout(q: Queryable, actor: Actor, about: string, now: Date): Promise<{ itemId: number | null; eventId: number | null }> {
  if (!about) return { itemId: null, eventId: null };
  let path = about.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  } catch {
    path = "";
  }
  const guide = /^\/?guides\/([a-z0-9][a-z0-9-]{0,119})\/?$/.exec(path.toLowerCase());
  if (guide) {
    const item = await findItemBySlug(q, "guide", guide[1]);
    if (item && canSeeItem(actor, await getAudienceFacts(q, item), now)) return { itemId: item.id, eventId: null };
  }
  const ev = /^\/?events\/(\d{1,9})\/?$/.exec(path);
  if (ev) {
    const event = await findEvent(q, Number(ev[1]));
    if (event && canSeeEvent(actor, event)) return { itemId: null, eventId: event.id };
  }
  throw new ThanksProblem("Enter the address of a guide or an event you can open, like /guides/how-to-claim-mileage or /events/12", "about");
}

export async function sendThanks(actor: Actor, input: { to: string; body: string; about: string }, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const recipient = await findRecipient(tx, input.to);
    if (!recipient) throw new ThanksProblem("We could not find a colleague with that email or profile address", "to");
    if (recipient.id === actor.id) throw new ThanksProblem("Thank a colleague: you cannot send a note to yourself", "to");
    const about = await findAbout(tx, actor, input.about, now);
    const id = await insertThanks(tx, { senderId: actor.id, recipientId: recipient.id, body: input.body, ...about }, at);
    await recordAudit(tx, { actorId: actor.id, action: "thanks.send", entityType: "thanks", entityId: id }, at);
    await queueKnowledgeMail(tx, {
      purpose: "alert", dedupeKey: `thanks:${id}`, userId: recipient.id, subject: `${actor.name} says thank you`,
      lines: [`${actor.name} sent you a thank-you note:`, input.body, "You choose whether it shows on your profile."],
      link: { text: "See your thank-you notes", path: "/thanks" },
    }, at);
    return id;
  });
}

/** The recipient shows a note on their profile, or hides it. */
export async function chooseThanks(actor: Actor, noteId: number, choice: "shown" | "hidden", now = new Date()): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const note = await findThanks(tx, noteId);
    if (!note || note.recipientId !== actor.id) throw new ThanksProblem("We could not find that note.", "form", 404);
    await setThanksChoice(tx, noteId, choice, now.toISOString());
  });
}
