/**
 * Forms and queries of the staff directory (issue 20). Imports nothing server-only.
 */
import { z } from "zod";

export const VISIBILITY_LABELS = {
  everyone: "Everyone at the council",
  department: "People in my department",
  me: "Only me",
} as const;
export type VisibilityChoice = keyof typeof VISIBILITY_LABELS;

/** Languages offered as choices (people can add others as text). */
export const COMMON_LANGUAGES = ["British Sign Language (BSL)", "Welsh", "Polish", "Urdu", "Punjabi", "Bengali", "Arabic", "Romanian", "Somali", "French", "Spanish", "Gujarati"];

const visibility = z.enum(["everyone", "department", "me"], { errorMap: () => ({ message: "Choose who can see this" }) });
const text = (label: string, max: number) => z.string().optional().default("").transform((v) => v.trim()).pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));
const phone = (label: string) =>
  text(label, 40).refine((v) => v === "" || /^[0-9+() -]{3,40}$/.test(v), `Enter ${label.toLowerCase()} using numbers, spaces, brackets and + only`);

/** "council tax, Welsh;  BSL" → ["council tax", "welsh", "bsl"]: lower case, trimmed, no repeats. */
export function splitList(raw: string, max: number): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[,;\n]/)) {
    const v = part.trim().replace(/\s+/g, " ").toLowerCase();
    if (v && !out.includes(v)) out.push(v);
  }
  return out.slice(0, max);
}

export const ProfileForm = z
  .object({
    preferredName: text("Preferred name", 80),
    team: z.string().optional().default("").transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : null)),
    base: text("Office or base", 80),
    workPhone: phone("Work phone"),
    mobilePhone: phone("Mobile"),
    mobileVisibility: visibility,
    workingPattern: text("Working pattern", 80),
    patternVisibility: visibility,
    pronouns: text("Pronouns", 40),
    pronounsVisibility: visibility,
    about: text("About me", 600),
    aboutVisibility: visibility,
    photoVisibility: visibility,
    expertise: text("Ask me about", 600).transform((v) => splitList(v, 15)),
    languages: text("Languages", 300).transform((v) => splitList(v, 10)),
  })
  .superRefine((v, ctx) => {
    for (const tag of v.expertise) if (tag.length > 50) ctx.addIssue({ code: "custom", path: ["expertise"], message: "Keep each topic to 50 characters or fewer" });
  });
export type ProfileFormValues = z.infer<typeof ProfileForm>;

/** The official fields an administrator sets on the profile page (name, title, department stay on the account page). */
export const OfficialForm = z.object({
  manager: z.string().optional().default("").transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : null)),
});

const filterValue = z.string().optional().transform((v) => (v && v.length <= 100 ? v.trim() || undefined : undefined)).catch(undefined);

/** /people query: bad values are dropped, never an error. */
export const DirectoryQuery = z.object({
  q: filterValue,
  department: filterValue,
  team: filterValue,
  base: filterValue,
  expertise: filterValue,
  language: filterValue,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
