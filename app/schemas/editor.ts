/**
 * The editor form: what the browser sends, how it is checked, and the shape it becomes.
 * Used on the server (the final word) and in the browser (messages on blur and submit
 * without a round trip), so this file imports nothing server-only.
 *
 * Values stay as typed (strings, ticked boxes) until they pass, so a form with errors is
 * shown again exactly as it was sent.
 */
import { z } from "zod";
import { ROLES, type Role } from "~/utils/roles";
import { toXmlText } from "~/utils/xml";
import { expiryInstant, parseContentDateTime } from "./content-dates";
import {
  dateInput, datePartsOf, dateTimeInput, dateTimePartsOf, EMPTY_DATE, EMPTY_DATE_TIME, readDateParts, readDateTimeParts,
  type DateParts, type DateTimeParts,
} from "./date-input";

export const EDITOR_TYPES = ["announcement", "policy", "guide"] as const;
export type EditorType = (typeof EDITOR_TYPES)[number];
export const TYPE_LABELS: Record<EditorType, string> = { announcement: "Announcement", policy: "Policy", guide: "Guide" };
export const PRIORITIES = ["normal", "need-to-know", "urgent"] as const;
export const AUDIENCES = ["everyone", "departments", "roles"] as const;

export function isEditorType(value: unknown): value is EditorType {
  return typeof value === "string" && (EDITOR_TYPES as readonly string[]).includes(value);
}

export const LIMITS = {
  title: 150, summary: 300, body: 200_000, slug: 100, tag: 40, tags: 20, email: 254, reference: 20,
  approved: 300, whatChanged: 1000, note: 300, related: 20, comment: 2000,
} as const;

/** The form as sent: text exactly as typed (dates as their Day, Month, Year and Time boxes), ticked boxes, chosen options. */
export type EditorValues = {
  type: EditorType;
  slug: string;
  title: string;
  summary: string;
  body: string;
  department: string;
  audience: string;
  audienceDepartments: string[];
  audienceRoles: string[];
  isPublic: boolean;
  tags: string;
  publishAt: DateTimeParts;
  expiresAt: DateTimeParts;
  // announcements
  targetDepartments: string[];
  channels: string[];
  priority: string;
  mustRead: boolean;
  // policies
  reference: string;
  effective: DateParts;
  approved: string;
  whatChanged: string;
  material: boolean;
  // guides (owner also for policies)
  owner: string;
  deputy: string;
  lastReviewed: DateParts;
  reviewBy: DateParts;
  related: string;
  /** A note kept with the revision ("fixed the phone number"). */
  note: string;
};

export const MULTI_FIELDS = ["audienceDepartments", "audienceRoles", "targetDepartments", "channels"] as const;
export const BOOLEAN_FIELDS = ["isPublic", "mustRead", "material"] as const;
const TEXT_FIELDS = [
  "slug", "title", "summary", "body", "department", "audience", "tags", "priority", "reference", "approved", "whatChanged", "owner",
  "deputy", "related", "note",
] as const;
/** Dates in Day, Month and Year boxes; and dates with a Time box (UK time). */
export const DATE_FIELDS = ["effective", "lastReviewed", "reviewBy"] as const;
export const DATE_TIME_FIELDS = ["publishAt", "expiresAt"] as const;

export function emptyEditorValues(type: EditorType): EditorValues {
  return {
    type, slug: "", title: "", summary: "", body: "", department: "", audience: "everyone", audienceDepartments: [],
    audienceRoles: [], isPublic: false, tags: "", publishAt: { ...EMPTY_DATE_TIME }, expiresAt: { ...EMPTY_DATE_TIME }, targetDepartments: [],
    channels: [], priority: "normal", mustRead: false, reference: "", effective: { ...EMPTY_DATE }, approved: "", whatChanged: "",
    material: false, owner: "", deputy: "", lastReviewed: { ...EMPTY_DATE }, reviewBy: { ...EMPTY_DATE }, related: "", note: "",
  };
}

type FormLike = { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[] };

/** Reads the editor fields from a form. Anything that is not text (a file) counts as empty. */
export function readEditorValues(form: FormLike, type: EditorType): EditorValues {
  const values = emptyEditorValues(type);
  const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");
  for (const f of TEXT_FIELDS) values[f] = text(form.get(f));
  for (const f of DATE_FIELDS) values[f] = readDateParts(form, f);
  for (const f of DATE_TIME_FIELDS) values[f] = readDateTimeParts(form, f);
  for (const f of MULTI_FIELDS) values[f] = form.getAll(f).filter((v): v is string => typeof v === "string" && v !== "");
  for (const f of BOOLEAN_FIELDS) values[f] = ["on", "true", "1", "yes"].includes(text(form.get(f)));
  values.body = values.body.replace(/\r\n?/g, "\n");
  values.audience ||= "everyone";
  values.priority ||= "normal";
  return withXmlText(values);
}

/** Text areas: a vertical tab or form feed pasted there is a line break. Elsewhere it is a space. */
const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set(["summary", "body", "whatChanged"]);

/**
 * The values with only characters XML 1.0 allows (decision 077). Text pasted from a word
 * processor carries invisible controls (a vertical tab for each manual line break) that
 * would make every feed carrying the page invalid; they are normalised, not refused,
 * because the author cannot see them to remove them.
 */
export function withXmlText(values: EditorValues): EditorValues {
  const out = { ...values };
  for (const f of TEXT_FIELDS) out[f] = toXmlText(out[f], MULTI_LINE_FIELDS.has(f) ? "\n" : " ");
  for (const f of MULTI_FIELDS) out[f] = out[f].map((v) => toXmlText(v));
  return out;
}

// ---------------------------------------------------------------------------------------
// Dates. Authors think in UK time and type dates into Day, Month, Year (and Time) boxes
// (schemas/date-input.ts); the database stores UTC ISO strings. The conversions are the
// content files' own (schemas/content-dates.ts), so a form and a file agree.

/**
 * A front-matter date or date-time (a file's `2026-11-18`, `2026-11-20 09:00`, or the
 * editor's ISO instants) as UTC ISO. A bare `expires` date means "to the end of that day",
 * as for files.
 */
export function frontMatterInstant(value: unknown, kind: "published" | "expires"): string | null | undefined {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string" || !value.trim()) return undefined;
  const parsed = parseContentDateTime(value);
  if (!parsed) return undefined;
  return kind === "expires" ? expiryInstant(parsed) : parsed.iso;
}

// ---------------------------------------------------------------------------------------
// The schema.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REFERENCE_PATTERN = /^[A-Za-z]{1,8}-?\d{1,5}[A-Za-z]?$/;
const RELATED_PATTERN = /^(guide|policy|announcement):([a-z0-9]+(?:-[a-z0-9]+)*)$/;

const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const requiredText = (label: string, max: number, missing: string) => optionalText(label, max).min(1, missing);

const optionalEmail = (label: string) =>
  z
    .string()
    .trim()
    .max(LIMITS.email, `${label} must be ${LIMITS.email} characters or fewer`)
    .refine((v) => v === "" || z.string().email().safeParse(v).success, `Enter ${label.toLowerCase()} as an email address, like name@riverside.gov.uk`);
const requiredEmail = (label: string) => optionalEmail(label).refine((v) => v !== "", `Enter the ${label.toLowerCase()}'s email address`);


function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

const common = {
  type: z.enum(EDITOR_TYPES),
  slug: z
    .string()
    .trim()
    .max(LIMITS.slug, `The web address must be ${LIMITS.slug} characters or fewer`)
    .refine((v) => v === "" || SLUG_PATTERN.test(v), "The web address can only use lower-case letters, numbers and single hyphens"),
  title: requiredText("Title", LIMITS.title, "Enter a title"),
  summary: requiredText("Summary", LIMITS.summary, "Enter a summary"),
  body: z.string().max(LIMITS.body, `The text must be ${LIMITS.body.toLocaleString("en-GB")} characters or fewer`).refine((v) => v.trim() !== "", "Enter the text of the page"),
  department: z.string().trim().min(1, "Choose a department"),
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "Choose who can see this" }) }),
  audienceDepartments: z.array(z.string().max(100)).max(100),
  audienceRoles: z.array(z.enum(ROLES, { errorMap: () => ({ message: "Choose roles from the list" }) })).max(ROLES.length),
  isPublic: z.boolean(),
  tags: z
    .string()
    .max(2000, "Tags must be 2,000 characters or fewer")
    .refine((v) => splitList(v).length <= LIMITS.tags, `Use ${LIMITS.tags} tags or fewer`)
    .refine((v) => splitList(v).every((t) => t.length <= LIMITS.tag), `Each tag must be ${LIMITS.tag} characters or fewer`),
  publishAt: dateTimeInput("Publish date and time"),
  expiresAt: dateTimeInput("Expiry date and time"),
  targetDepartments: z.array(z.string().max(100)).max(100),
  channels: z.array(z.string().max(100)).max(100),
  priority: z.enum(PRIORITIES, { errorMap: () => ({ message: "Choose a priority" }) }),
  mustRead: z.boolean(),
  reference: optionalText("Reference", LIMITS.reference),
  effective: dateInput("Effective date"),
  approved: optionalText("Approval reference", LIMITS.approved),
  whatChanged: optionalText("What changed", LIMITS.whatChanged),
  material: z.boolean(),
  owner: optionalEmail("Owner"),
  deputy: optionalEmail("Deputy"),
  lastReviewed: dateInput("Last reviewed date"),
  reviewBy: dateInput("Review-by date"),
  related: z
    .string()
    .max(2000, "Related pages must be 2,000 characters or fewer")
    .refine((v) => splitList(v).length <= LIMITS.related, `List ${LIMITS.related} related pages or fewer`)
    .refine(
      (v) => splitList(v).every((r) => RELATED_PATTERN.test(r)),
      "Write related pages as type:address, like guide:claim-mileage or policy:flexible-working",
    ),
  note: optionalText("Note", LIMITS.note),
};

const byType = {
  announcement: {},
  policy: {
    reference: requiredText("Reference", LIMITS.reference, "Enter the policy reference, like HR-042").refine(
      (v) => REFERENCE_PATTERN.test(v),
      "The reference must be letters then numbers, like HR-042",
    ),
    owner: requiredEmail("Owner"),
    effective: dateInput("Effective date", { required: true }),
  },
  guide: {
    owner: requiredEmail("Owner"),
    lastReviewed: dateInput("Last reviewed date", { required: true }),
    reviewBy: dateInput("Review-by date", { required: true }),
  },
} as const;

export type EditorContext = {
  /** A policy that already has a published version must say what changed. */
  requireWhatChanged?: boolean;
};

export function editorSchema(type: EditorType, context: EditorContext = {}) {
  return z
    .object({ ...common, ...byType[type] })
    .superRefine((v, ctx) => {
      if (v.audience === "departments" && v.audienceDepartments.length === 0)
        ctx.addIssue({ code: "custom", path: ["audienceDepartments"], message: "Choose at least one department who can see this" });
      if (v.audience === "roles" && v.audienceRoles.length === 0)
        ctx.addIssue({ code: "custom", path: ["audienceRoles"], message: "Choose at least one role who can see this" });
      // A date with its own problem is not a value here (zod goes on checking the object), so compare only real ones.
      const real = (value: unknown): value is string => typeof value === "string";
      if (real(v.publishAt) && real(v.expiresAt) && v.expiresAt <= v.publishAt)
        ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "The expiry date must be after the publish date" });
      if (real(v.lastReviewed) && real(v.reviewBy) && v.reviewBy <= v.lastReviewed)
        ctx.addIssue({ code: "custom", path: ["reviewBy"], message: "The review-by date must be after the last reviewed date" });
      if (type === "policy" && context.requireWhatChanged && v.whatChanged.trim() === "")
        ctx.addIssue({ code: "custom", path: ["whatChanged"], message: "Say in plain words what changed in this version" });
      if (v.owner && v.deputy && v.owner.toLowerCase() === v.deputy.toLowerCase())
        ctx.addIssue({ code: "custom", path: ["deputy"], message: "The deputy must be a different person from the owner" });
    });
}

/** What a valid form becomes: typed, trimmed, dates in UTC. */
export type EditorData = {
  type: EditorType;
  slug: string;
  title: string;
  summary: string;
  body: string;
  department: string;
  audience: (typeof AUDIENCES)[number];
  audienceDepartments: string[];
  audienceRoles: Role[];
  isPublic: boolean;
  tags: string[];
  publishAt: string | null;
  expiresAt: string | null;
  targetDepartments: string[];
  channels: string[];
  priority: (typeof PRIORITIES)[number];
  mustRead: boolean;
  reference: string | null;
  effective: string | null;
  approved: string;
  whatChanged: string;
  material: boolean;
  owner: string | null;
  deputy: string | null;
  lastReviewed: string | null;
  reviewBy: string | null;
  related: { type: EditorType; slug: string }[];
  note: string;
};

export type FieldErrors = Partial<Record<keyof EditorValues | "form", string>>;

export type EditorValidation = { ok: true; data: EditorData } | { ok: false; errors: FieldErrors };

/** Checks a form; the first message per field, in form order. */
/** Fields each type's form has; anything else posted is ignored, never an error about a field that is not there. */
const TYPE_FIELDS: Record<EditorType, readonly (keyof EditorValues)[]> = {
  announcement: ["targetDepartments", "channels", "priority", "mustRead"],
  policy: ["reference", "owner", "effective", "approved", "whatChanged", "material"],
  guide: ["owner", "deputy", "lastReviewed", "reviewBy", "related"],
};
const TYPE_SPECIFIC = new Set(Object.values(TYPE_FIELDS).flat());

/** The values with the fields other types use reset to empty. */
export function onlyTypeFields(values: EditorValues): EditorValues {
  const empty = emptyEditorValues(values.type);
  const own = new Set(TYPE_FIELDS[values.type]);
  const out = { ...values };
  for (const f of TYPE_SPECIFIC) if (!own.has(f)) (out as Record<string, unknown>)[f] = empty[f];
  return out;
}

export function validateEditorValues(input: EditorValues, context: EditorContext = {}): EditorValidation {
  const values = withXmlText(onlyTypeFields(input));
  const result = editorSchema(values.type, context).safeParse(values);
  if (!result.success) {
    const errors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "form") as keyof FieldErrors;
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const v = result.data;
  const orNull = (s: string) => (s === "" ? null : s);
  const type = values.type;
  return {
    ok: true,
    data: {
      type, slug: v.slug, title: v.title, summary: v.summary, body: v.body, department: v.department, audience: v.audience,
      audienceDepartments: v.audience === "departments" ? [...new Set(v.audienceDepartments)] : [],
      audienceRoles: v.audience === "roles" ? [...new Set(v.audienceRoles)] : [],
      isPublic: v.isPublic,
      tags: [...new Set(splitList(v.tags).map((t) => t.toLowerCase()))],
      publishAt: v.publishAt,
      expiresAt: v.expiresAt,
      targetDepartments: type === "announcement" ? [...new Set(v.targetDepartments)] : [],
      channels: type === "announcement" ? [...new Set(v.channels)] : [],
      priority: type === "announcement" ? v.priority : "normal",
      mustRead: type === "announcement" ? v.mustRead : false,
      reference: type === "policy" ? v.reference.toUpperCase() : null,
      effective: type === "policy" ? v.effective : null,
      approved: type === "policy" ? v.approved : "",
      whatChanged: type === "policy" ? v.whatChanged : "",
      material: type === "policy" ? v.material : false,
      owner: type === "announcement" ? null : orNull(v.owner.toLowerCase()),
      deputy: type === "guide" ? orNull(v.deputy.toLowerCase()) : null,
      lastReviewed: type === "guide" ? v.lastReviewed : null,
      reviewBy: type === "guide" ? v.reviewBy : null,
      related: type === "guide"
        ? splitList(v.related).map((r) => {
            const m = RELATED_PATTERN.exec(r)!;
            return { type: m[1] as EditorType, slug: m[2] };
          })
        : [],
      note: v.note,
    },
  };
}

/** The message for one field, for checking as the author leaves it. */
export function validateField(values: EditorValues, field: keyof EditorValues, context: EditorContext = {}): string | undefined {
  const result = validateEditorValues(values, context);
  return result.ok ? undefined : result.errors[field];
}

// ---------------------------------------------------------------------------------------
// Revisions keep an item's fields as front matter (docs/content-format.md), so a web
// revision and a file revision read alike in diffs and restore.

export type FrontMatter = Record<string, unknown>;

export function dataToFrontMatter(d: EditorData): FrontMatter {
  const fm: FrontMatter = {
    department: d.department,
    audience: d.audience === "everyone" ? "everyone" : d.audience === "departments" ? { departments: d.audienceDepartments } : { roles: d.audienceRoles },
    public: d.isPublic,
    tags: d.tags,
    published: d.publishAt,
    expires: d.expiresAt,
  };
  if (d.type === "announcement")
    Object.assign(fm, { departments: d.targetDepartments, channels: d.channels, priority: d.priority, must_read: d.mustRead });
  if (d.type === "policy")
    Object.assign(fm, {
      reference: d.reference, owner: d.owner, effective: d.effective, approved: d.approved, what_changed: d.whatChanged,
      material: d.material,
    });
  if (d.type === "guide")
    Object.assign(fm, {
      owner: d.owner, deputy: d.deputy, last_reviewed: d.lastReviewed, review_by: d.reviewBy,
      related: d.related.map((r) => `${r.type}:${r.slug}`),
    });
  return fm;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : v instanceof Date ? v.toISOString() : undefined);
const strList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map(str).filter((s): s is string => !!s) : typeof v === "string" ? splitList(v) : undefined;
const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined);

/** A date or date-time from front matter as the form's Day, Month, Year and Time boxes, in UK time. */
function toDateTimeParts(v: unknown, kind: "published" | "expires"): DateTimeParts | undefined {
  const instant = frontMatterInstant(v, kind);
  return instant === undefined ? undefined : dateTimePartsOf(instant);
}

/** A calendar day from front matter ("2026-04-01", or a date the YAML reader made) as Day, Month and Year boxes. */
function toDateParts(v: unknown): DateParts | undefined {
  const day = str(v)?.slice(0, 10);
  return day === undefined ? undefined : datePartsOf(day);
}

/**
 * Form values for a revision's front matter, over `fallback` for anything the revision
 * does not say (older revisions, files with fewer fields). Tolerant: unknown shapes are ignored.
 */
export function frontMatterToValues(type: EditorType, fm: FrontMatter, fallback: EditorValues): EditorValues {
  const v: EditorValues = { ...fallback, type };
  const set = <K extends keyof EditorValues>(key: K, value: EditorValues[K] | undefined) => {
    if (value !== undefined) v[key] = value;
  };
  set("department", str(fm.department));
  const audience = fm.audience;
  if (audience === "everyone") Object.assign(v, { audience: "everyone", audienceDepartments: [], audienceRoles: [] });
  else if (audience && typeof audience === "object") {
    const a = audience as Record<string, unknown>;
    if (strList(a.departments)) Object.assign(v, { audience: "departments", audienceDepartments: strList(a.departments), audienceRoles: [] });
    else if (strList(a.roles)) Object.assign(v, { audience: "roles", audienceRoles: strList(a.roles), audienceDepartments: [] });
  }
  set("isPublic", bool(fm.public));
  const tags = strList(fm.tags);
  if (tags) v.tags = tags.join(", ");
  set("publishAt", toDateTimeParts(fm.published, "published"));
  set("expiresAt", toDateTimeParts(fm.expires, "expires"));
  const departments = fm.departments === "all" ? ["all"] : strList(fm.departments);
  set("targetDepartments", departments);
  set("channels", strList(fm.channels));
  set("priority", str(fm.priority));
  set("mustRead", bool(fm.must_read));
  set("reference", str(fm.reference));
  set("owner", str(fm.owner) ?? (fm.owner === null ? "" : undefined));
  set("deputy", str(fm.deputy) ?? (fm.deputy === null ? "" : undefined));
  set("effective", toDateParts(fm.effective));
  set("approved", str(fm.approved));
  set("whatChanged", str(fm.what_changed));
  set("material", bool(fm.material));
  set("lastReviewed", toDateParts(fm.last_reviewed));
  set("reviewBy", toDateParts(fm.review_by));
  const related = strList(fm.related);
  if (related) v.related = related.join(", ");
  return v;
}

// ---------------------------------------------------------------------------------------
// Templates for common kinds of guide: a body to start from.

export const GUIDE_TEMPLATES = {
  "how-to": {
    label: "How to",
    hint: "Steps to get one task done.",
    body: `## Before you start

You will need:

- 
- 

## Steps

1. 
2. 
3. 

## If something goes wrong

Who to contact, and how.
`,
  },
  process: {
    label: "Process",
    hint: "Who does what, in order, with timescales.",
    body: `## Who this is for

## What happens

| Stage | Who | What they do | Timescale |
| --- | --- | --- | --- |
| 1 |  |  |  |
| 2 |  |  |  |

## Decisions and sign-off

## Records to keep
`,
  },
  faq: {
    label: "Frequently asked questions",
    hint: "Short answers to the questions people ask most.",
    body: `## Who can ask for this?

Answer.

## How long does it take?

Answer.

## Who do I contact?

Answer.
`,
  },
} as const;
export type GuideTemplate = keyof typeof GUIDE_TEMPLATES;
export function isGuideTemplate(value: unknown): value is GuideTemplate {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(GUIDE_TEMPLATES, value);
}

// ---------------------------------------------------------------------------------------
// Workflow forms.

export const WORKFLOW_ACTIONS = ["submit", "withdraw", "publish", "request-changes", "archive", "unarchive", "restore"] as const;
export type WorkflowActionName = (typeof WORKFLOW_ACTIONS)[number];

const yesNo = z.enum(["yes", "no"]).optional();
/** The publicity checklist (pre-election period, decision 161): all three answered, or none. */
const publicity = {
  publicityNames: yesNo, publicityControversial: yesNo, publicityParty: yesNo,
  publicityNote: z.string().trim().max(1000, "The note must be 1000 characters or fewer").default(""),
};
/** The checklist answers a workflow form carried: all three, none (undefined), or "partial". */
export function checklistOf(v: { publicityNames?: "yes" | "no"; publicityControversial?: "yes" | "no"; publicityParty?: "yes" | "no"; publicityNote?: string }) {
  const given = [v.publicityNames, v.publicityControversial, v.publicityParty];
  if (given.every((a) => a === undefined)) return undefined;
  if (given.some((a) => a === undefined)) return "partial" as const;
  return { namesOrPhotos: v.publicityNames === "yes", controversial: v.publicityControversial === "yes", partyView: v.publicityParty === "yes", note: v.publicityNote ?? "" };
}

export const WorkflowFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), comment: optionalText("Comment", LIMITS.comment).default(""), ...publicity }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({
    intent: z.literal("publish"),
    publishAt: dateTimeInput("Publish date and time").default({ ...EMPTY_DATE_TIME }),
    comment: optionalText("Comment", LIMITS.comment).default(""),
    ...publicity,
    override: z.string().trim().max(1000, "The reason must be 1000 characters or fewer").default(""),
  }),
  z.object({ intent: z.literal("request-changes"), comment: requiredText("Comment", LIMITS.comment, "Say what needs to change") }),
  z.object({ intent: z.literal("archive"), comment: optionalText("Reason", LIMITS.comment).default("") }),
  z.object({ intent: z.literal("unarchive") }),
  z.object({ intent: z.literal("restore"), revision: z.string().regex(/^\d{1,9}$/, "Choose a revision to restore").transform(Number) }),
]);
