/** A small council for editor tests: two departments, a channel, one person per role, as permission checks see them. */
import { createChannel, createDepartment, createUser } from "../factories";
import type { Actor } from "~/access/permissions.server";
import type { Role } from "~/utils/roles";
import { getDb } from "~/utils/db.server";

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld() {
  const housing = await createDepartment({ slug: "housing", name: "Housing" });
  const finance = await createDepartment({ slug: "finance", name: "Finance" });
  const channel = await createChannel({ slug: "housing-news", name: "Housing news", departmentId: housing.id, isDefault: true });
  const person = async (role: Role, departmentId: number, name: string): Promise<Actor> => {
    const u = await createUser({ role, departmentId, name, email: `${name.toLowerCase().replace(/\s+/g, ".")}@riverside.test` });
    return { id: u.id, email: u.email, name, role, departmentId, grants: [] };
  };
  return {
    housing, finance, channel,
    staff: await person("staff", housing.id, "Sam Staff"),
    champion: await person("champion", housing.id, "Chris Champion"),
    manager: await person("manager", housing.id, "Morgan Manager"),
    comms: await person("comms", finance.id, "Casey Comms"),
    admin: await person("admin", finance.id, "Alex Admin"),
  };
}

/** Lets an admin-granted person publish without review in a department (in the database and in the actor). */
export async function grantPublish(actor: Actor, departmentId: number): Promise<Actor> {
  const db = await getDb();
  await db.run(
    `INSERT INTO department_grants (user_id, department_id, can_publish_unreviewed) VALUES (?, ?, 1)
     ON CONFLICT (user_id, department_id) DO UPDATE SET can_publish_unreviewed = excluded.can_publish_unreviewed`,
    [actor.id, departmentId],
  );
  return { ...actor, grants: [...(actor.grants ?? []).filter((g) => g.departmentId !== departmentId), { departmentId, canPublishUnreviewed: true }] };
}

import { readDateParts, readDateTimeParts } from "~/schemas/date-input";
import { DATE_FIELDS, DATE_TIME_FIELDS, emptyEditorValues, validateEditorValues, type EditorData, type EditorType, type EditorValues } from "~/schemas/editor";

type DateField = (typeof DATE_FIELDS)[number] | (typeof DATE_TIME_FIELDS)[number];
/** Editor values to start from; dates may be written "2026-04-01" or "2026-11-20T09:00" (UK time) for short. */
export type EditorOverrides = { [K in keyof EditorValues]?: K extends DateField ? EditorValues[K] | string : EditorValues[K] };

/** Overrides with short dates put into the form's Day, Month, Year (and Time) boxes. */
function boxed(overrides: EditorOverrides): Partial<EditorValues> {
  const out = { ...overrides } as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof out[f] === "string") out[f] = readDateParts(new URLSearchParams({ [f]: out[f] as string }), f);
  for (const f of DATE_TIME_FIELDS) if (typeof out[f] === "string") out[f] = readDateTimeParts(new URLSearchParams({ [f]: out[f] as string }), f);
  return out as Partial<EditorValues>;
}

const DEFAULTS: Record<EditorType, EditorOverrides> = {
  announcement: { title: "Repairs line closed on Friday", summary: "Call the out-of-hours number instead.", body: "The repairs line is **closed** on Friday.", department: "housing" },
  policy: { title: "Lone working policy", summary: "Keeping safe when working alone.", body: "## Scope\n\nEveryone who works alone.", department: "housing", reference: "HS-007", owner: "chris.champion@riverside.test", effective: "2026-04-01" },
  guide: { title: "Report a damp and mould case", summary: "What to do when a tenant reports damp.", body: "## Steps\n\n1. Log it.\n2. Book a survey.", department: "housing", owner: "chris.champion@riverside.test", lastReviewed: "2026-01-10", reviewBy: "2027-01-10" },
};

/** Valid editor data for a type, with overrides, checked by the real schema. */
export function editorData(type: EditorType, overrides: EditorOverrides = {}): EditorData {
  const result = validateEditorValues(editorValues(type, overrides), { requireWhatChanged: false });
  if (!result.ok) throw new Error(`test data is invalid: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export function editorValues(type: EditorType, overrides: EditorOverrides = {}): EditorValues {
  return { ...emptyEditorValues(type), ...boxed(DEFAULTS[type]), ...boxed(overrides) };
}

/** The editor form as a browser posts it: repeated keys for lists, "on" for ticked boxes, each date as its boxes (`reviewBy-day` …). */
export function editorFormBody(values: EditorValues, extra: Record<string, string> = {}): URLSearchParams {
  const body = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "boolean") {
      if (v) body.append(k, "on");
    } else if (Array.isArray(v)) for (const one of v) body.append(k, one);
    else if (typeof v === "object") for (const [part, text] of Object.entries(v)) body.append(`${k}-${part}`, text);
    else body.append(k, v);
  }
  return body;
}
