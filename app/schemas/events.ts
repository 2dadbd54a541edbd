/**
 * The event editor's form and the small event forms (booking, register, feedback), checked
 * with zod. Dates are the shared Day/Month/Year/Time boxes (decision 044), read in UK time.
 */
import { z } from "zod";
import { checkDate, checkDateTime, readDateParts, readDateTimeParts, type DateTimeParts } from "./date-input";
import { londonToUtc } from "./content-dates";
import { ROLES, type Role } from "~/utils/roles";

export const EVENT_TYPE_VALUES = ["training", "workshop", "briefing", "webinar", "drop-in", "cascade"] as const;

const optionalInt = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

export const EventBaseSchema = z.object({
  type: z.enum(EVENT_TYPE_VALUES, { errorMap: () => ({ message: "Choose the kind of event" }) }),
  title: z.string().trim().min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
  description: z.string().max(20000, "Description must be 20,000 characters or fewer"),
  place: z.string().trim().max(300, "Place must be 300 characters or fewer"),
  onlineUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Enter an online link starting with https://"),
  capacity: optionalInt("Places", 1, 10000),
  audience: z.enum(["everyone", "departments", "roles"], { errorMap: () => ({ message: "Choose who the event is for" }) }),
  requiresApproval: z.boolean(),
  status: z.enum(["draft", "published"], { errorMap: () => ({ message: "Choose whether to publish" }) }),
  cascadeWeeks: optionalInt("Weeks to run team sessions", 1, 52),
  department: z.string().max(100),
  coOrganisers: z.string().max(2000),
});

export type EventFormValues = {
  fields: Record<string, string>;
  starts: DateTimeParts;
  ends: DateTimeParts;
  bookingOpens: DateTimeParts;
  bookingCloses: DateTimeParts;
  allDay: boolean;
  audienceDepartments: string[];
  audienceRoles: string[];
};

export type ParsedEventForm = z.infer<typeof EventBaseSchema> & {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  audienceDepartments: string[];
  audienceRoles: Role[];
  coOrganiserEmails: string[];
};

/** Reads the posted form into what was typed (kept on errors) and the checked values or field errors. */
export function parseEventForm(form: FormData): { values: EventFormValues; data?: ParsedEventForm; errors: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in fields)) fields[k] = v;
  const values: EventFormValues = {
    fields,
    starts: readDateTimeParts(form, "starts"),
    ends: readDateTimeParts(form, "ends"),
    bookingOpens: readDateTimeParts(form, "bookingOpens"),
    bookingCloses: readDateTimeParts(form, "bookingCloses"),
    allDay: form.get("allDay") === "on",
    audienceDepartments: form.getAll("audienceDepartments").map(String),
    audienceRoles: form.getAll("audienceRoles").map(String),
  };
  const errors: Record<string, string> = {};
  const base = EventBaseSchema.safeParse({
    type: fields.type ?? "", title: fields.title ?? "", description: fields.description ?? "", place: fields.place ?? "", onlineUrl: fields.onlineUrl ?? "",
    capacity: fields.capacity ?? "", audience: fields.audience ?? "everyone", requiresApproval: fields.requiresApproval === "on",
    status: fields.status ?? "draft", cascadeWeeks: fields.cascadeWeeks ?? "", department: fields.department ?? "", coOrganisers: fields.coOrganisers ?? "",
  });
  if (!base.success) for (const issue of base.error.issues) errors[String(issue.path[0])] ??= issue.message;

  let startsAt: string | null = null;
  let endsAt: string | null = null;
  if (values.allDay) {
    const s = checkDate(values.starts, "Start date", { required: true });
    const e = checkDate(values.ends, "End date", { required: true });
    if (!s.ok) errors.starts = s.message;
    if (!e.ok) errors.ends = e.message;
    if (s.ok && s.value && e.ok && e.value) {
      const [sy, sm, sd] = s.value.split("-").map(Number);
      const [ey, em, ed] = e.value.split("-").map(Number);
      startsAt = londonToUtc(sy, sm, sd).toISOString();
      const after = new Date(Date.UTC(ey, em - 1, ed + 1));
      endsAt = londonToUtc(after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate()).toISOString();
    }
  } else {
    const s = checkDateTime(values.starts, "Start", { required: true });
    const e = checkDateTime(values.ends, "End", { required: true });
    if (!s.ok) errors.starts = s.message;
    else startsAt = s.value;
    if (!e.ok) errors.ends = e.message;
    else endsAt = e.value;
  }
  if (startsAt && endsAt && endsAt <= startsAt) errors.ends = "The end must be after the start";
  const opens = checkDateTime(values.bookingOpens, "Booking opens");
  const closes = checkDateTime(values.bookingCloses, "Booking closes");
  if (!opens.ok) errors.bookingOpens = opens.message;
  if (!closes.ok) errors.bookingCloses = closes.message;
  if (opens.ok && closes.ok && opens.value && closes.value && closes.value <= opens.value) errors.bookingCloses = "Booking must close after it opens";
  if (closes.ok && closes.value && startsAt && closes.value > startsAt) errors.bookingCloses = "Booking must close before the event starts";

  const roles = values.audienceRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (fields.audience === "departments" && values.audienceDepartments.length === 0) errors.audience ??= "Choose at least one department";
  if (fields.audience === "roles" && roles.length === 0) errors.audience ??= "Choose at least one role";
  const emails = (fields.coOrganisers ?? "").split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
  if (emails.some((e) => !/^[^@\s]+@[^@\s]+$/.test(e))) errors.coOrganisers ??= "Enter co-organisers as email addresses, separated by commas";
  if (base.success && base.data.cascadeWeeks !== null && base.data.type !== "workshop") errors.cascadeWeeks = "Only a workshop can start a cascade";

  if (Object.keys(errors).length || !base.success || !startsAt || !endsAt) return { values, errors };
  return {
    values, errors,
    data: {
      ...base.data, startsAt, endsAt, allDay: values.allDay, bookingOpensAt: opens.ok ? opens.value : null, bookingClosesAt: closes.ok ? closes.value : null,
      audienceDepartments: values.audienceDepartments, audienceRoles: roles, coOrganiserEmails: emails,
    },
  };
}

export const FeedbackSchema = z.object({
  rating: z.enum(["1", "2", "3", "4", "5"], { errorMap: () => ({ message: "Choose a rating from 1 to 5" }) }).transform(Number),
  comment: z.string().trim().max(2000, "Comment must be 2,000 characters or fewer"),
});

export const WalkInSchema = z.object({ email: z.string().trim().min(1, "Enter the email address of the person who came").max(254).email("Enter an email address like name@riverside.gov.uk") });

export const CancelEventSchema = z.object({ reason: z.string().trim().max(1000, "Reason must be 1,000 characters or fewer") });

/** "2027-03" or null. */
export function monthParam(value: string | null): string | null {
  return value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : null;
}

/** Empty boxes for the editor's new event. */
export function emptyParts(): DateTimeParts {
  return { day: "", month: "", year: "", time: "" };
}

export { readDateParts };
