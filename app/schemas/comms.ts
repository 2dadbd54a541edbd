/** Forms of the communications planning desk: requests, the public accounts register, campaigns. */
import { z } from "zod";
import { checkDate, readDateParts, type DateParts } from "./date-input";

const yes = z.preprocess((v) => v === "on" || v === "yes" || v === "true", z.boolean());

export const CommsRequestSchema = z.object({
  kind: z.enum(["press-release", "social-media", "web-update", "internal-campaign"], {
    errorMap: () => ({ message: "Choose what you need: a press release, a social-media post, a web update or an internal campaign" }),
  }),
  title: z.string().trim().min(1, "Give your request a short title").max(150, "Keep the title to 150 characters or fewer"),
  whatAndWhy: z.string().trim().min(1, "Say what you want to tell people and why").max(4000, "Keep this to 4,000 characters or fewer"),
  audience: z.string().trim().min(1, "Say who it is for, for example residents of the Riverside ward").max(500, "Keep the audience to 500 characters or fewer"),
  keyDates: z.string().trim().max(500, "Keep the key dates to 500 characters or fewer").default(""),
  serviceApprover: z.string().trim().min(1, "Name who approves this in your service").max(200, "Keep this to 200 characters or fewer"),
  links: z.string().trim().max(2000, "Keep the links to 2,000 characters or fewer").default("")
    .refine((v) => v.split(/\s+/).filter(Boolean).every((l) => /^https?:\/\/\S+$/i.test(l) || l.startsWith("/")), "Enter each link as a full address starting with https://, one per line"),
  involvesCouncillors: yes,
  involvesPersonalData: yes,
  involvesConsultation: yes,
  department: z.string().trim().max(100).default(""),
});

export const CommsStatusSchema = z.object({
  status: z.enum(["new", "in-progress", "waiting", "scheduled", "done", "declined"], { errorMap: () => ({ message: "Choose a status" }) }),
  declineReason: z.string().trim().max(1000, "Keep the reason to 1,000 characters or fewer").default(""),
  note: z.string().trim().max(2000, "Keep the note to 2,000 characters or fewer").default(""),
  assignToMe: yes,
});

export const CommsMessageSchema = z.object({
  body: z.string().trim().min(1, "Enter your message").max(4000, "Keep your message to 4,000 characters or fewer"),
});

export const CommsDraftSchema = z.object({
  draft: z.string().trim().min(1, "Enter the draft to share").max(20000, "Keep the draft to 20,000 characters or fewer"),
});

export const DraftAnswerSchema = z.object({
  answer: z.enum(["approved", "changes"], { errorMap: () => ({ message: "Choose whether you approve the draft" }) }),
  note: z.string().trim().max(2000, "Keep the note to 2,000 characters or fewer").default(""),
});

export const PublicAccountSchema = z.object({
  platform: z.string().trim().min(1, "Enter the platform, for example Facebook").max(60, "Keep the platform to 60 characters or fewer"),
  handle: z.string().trim().min(1, "Enter the account's name or handle").max(120, "Keep the handle to 120 characters or fewer"),
  address: z.string().trim().max(500).default("").refine((v) => v === "" || /^https:\/\/\S+$/i.test(v), "Enter the address starting with https://"),
  department: z.string().trim().max(100).default(""),
  holder1: z.string().trim().max(254).default(""),
  holder2: z.string().trim().max(254).default(""),
  twoFactor: yes,
});

export const ACCOUNT_FIELDS = ["platform", "handle", "address", "department", "holder1", "holder2", "lastReviewedOn"];


/** The register form: fields as typed (to show again), or the checked account. */
export function readAccountForm(form: FormData):
  | { ok: true; values: Record<string, string>; reviewed: DateParts; form: { platform: string; handle: string; address: string; department: string; holder1: string; holder2: string; twoFactor: boolean; lastReviewedOn: string | null } }
  | { ok: false; values: Record<string, string>; reviewed: DateParts; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "csrf") values[k] = v.slice(0, 2000);
  const reviewed = readDateParts(form, "lastReviewedOn");
  const parsed = PublicAccountSchema.safeParse(values);
  const date = checkDate(reviewed, "Date last reviewed");
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (!date.ok) errors.lastReviewedOn = date.message;
  if (!parsed.success || !date.ok) return { ok: false, values, reviewed, errors };
  return { ok: true, values, reviewed, form: { ...parsed.data, lastReviewedOn: date.value } };
}

export const CAMPAIGN_FIELDS = ["name", "objective", "audience", "audienceDepartments", "audienceRoles", "startsOn", "endsOn", "owner", "department", "searchTerms"];

const CampaignSchema = z.object({
  name: z.string().trim().min(1, "Give the campaign a name").max(120, "Keep the name to 120 characters or fewer"),
  objective: z.string().trim().min(1, "Write the objective in one sentence").max(300, "Keep the objective to one sentence of 300 characters or fewer"),
  audience: z.enum(["everyone", "departments", "roles"], { errorMap: () => ({ message: "Choose who the campaign is for" }) }),
  owner: z.string().trim().max(254).default(""),
  department: z.string().trim().max(100).default(""),
  searchTerms: z.string().trim().max(500, "Keep the search terms to 500 characters or fewer").default(""),
});

const ROLE_VALUES = ["staff", "champion", "manager", "comms", "admin"] as const;

/** The campaign form: fields as typed, or the checked campaign. */
export function readCampaignForm(form: FormData) {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "csrf" && k !== "audienceDepartments" && k !== "audienceRoles") values[k] = v.slice(0, 2000);
  const audienceDepartments = form.getAll("audienceDepartments").filter((v): v is string => typeof v === "string").slice(0, 200);
  const audienceRoles = form.getAll("audienceRoles").filter((v): v is (typeof ROLE_VALUES)[number] => typeof v === "string" && (ROLE_VALUES as readonly string[]).includes(v));
  const starts = readDateParts(form, "startsOn");
  const ends = readDateParts(form, "endsOn");
  const parsed = CampaignSchema.safeParse(values);
  const startsOn = checkDate(starts, "Start date", { required: true });
  const endsOn = checkDate(ends, "End date", { required: true });
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (!startsOn.ok) errors.startsOn = startsOn.message;
  if (!endsOn.ok) errors.endsOn = endsOn.message;
  const echo = { values, audienceDepartments, audienceRoles, starts, ends };
  if (!parsed.success || !startsOn.ok || !endsOn.ok || !startsOn.value || !endsOn.value) return { ok: false as const, errors, ...echo };
  return { ok: true as const, ...echo, form: { ...parsed.data, audienceDepartments, audienceRoles, startsOn: startsOn.value, endsOn: endsOn.value } };
}

export const TargetSchema = z.object({
  measure: z.enum(["reach", "confirmations", "participation", "helpful", "signups", "attendance", "searches"], { errorMap: () => ({ message: "Choose what to measure" }) }),
  value: z.coerce.number({ invalid_type_error: "Enter the target as a number, like 90" }).min(0, "The target cannot be negative").max(1_000_000, "Enter a smaller target"),
});

export const AddItemSchema = z.object({
  address: z.string().trim().min(1, "Enter the address of an announcement, policy, guide or event").max(500),
});
