/**
 * Forms of mentoring, thanks and the champions pages (issue 19, decisions 136–137).
 * Browser-safe: imports nothing server-only.
 */
import { z } from "zod";
import { splitList } from "./people";

export const MENTORING_FORMATS = ["in-person", "online", "either"] as const;
export type MentoringFormat = (typeof MENTORING_FORMATS)[number];
export const FORMAT_LABELS: Record<MentoringFormat, string> = { "in-person": "In person", online: "Online", either: "In person or online" };

const format = z.enum(MENTORING_FORMATS, { errorMap: () => ({ message: "Choose in person, online, or either" }) });
const text = (label: string, max: number) =>
  z.string().optional().default("").transform((v) => v.trim()).pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));
const topic = z
  .string({ required_error: "Enter a topic" })
  .transform((v) => v.trim().replace(/\s+/g, " ").toLowerCase())
  .pipe(z.string().min(1, "Enter a topic, for example: plain english").max(50, "Keep the topic to 50 characters or fewer"));
const id = (message: string) => z.coerce.number({ invalid_type_error: message }).int(message).min(1, message).max(2 ** 31, message);

export const OfferForm = z
  .object({
    topics: text("Topics", 400).transform((v) => splitList(v, 10)),
    capacity: z.coerce.number({ invalid_type_error: "Enter how many people you can mentor at once, from 1 to 10" })
      .int("Enter a whole number from 1 to 10").min(1, "Enter a number from 1 to 10").max(10, "Enter a number from 1 to 10"),
    format,
    about: text("About your offer", 600),
    isOpen: z.string().optional().transform((v) => v === "on"),
  })
  .superRefine((v, ctx) => {
    if (v.topics.length === 0) ctx.addIssue({ code: "custom", path: ["topics"], message: "Enter at least one topic you can mentor on" });
    for (const t of v.topics) if (t.length > 50) ctx.addIssue({ code: "custom", path: ["topics"], message: "Keep each topic to 50 characters or fewer" });
  });

export const AskForm = z.object({ topic, format, hopes: text("What you hope to get from mentoring", 600) });

export const ChooseMentorForm = z.object({ offerId: id("Choose a mentor"), askId: id("Choose your request") });

export const MatchForm = z.object({ askId: id("Choose a request"), offerId: id("Choose a mentor for this request") });

export const GoalsForm = z.object({
  goals: text("Goals", 2000).pipe(z.string().min(1, "Write down at least one goal you agreed")),
  meetEveryDays: z.coerce.number({ invalid_type_error: "Choose how often you meet" }).int().refine((n) => [7, 14, 21, 28, 42, 56, 84].includes(n), "Choose how often you meet"),
});

export const MEET_EVERY_CHOICES = [
  { value: "7", label: "Every week" }, { value: "14", label: "Every 2 weeks" }, { value: "21", label: "Every 3 weeks" },
  { value: "28", label: "Every 4 weeks" }, { value: "42", label: "Every 6 weeks" }, { value: "56", label: "Every 8 weeks" }, { value: "84", label: "Every 12 weeks" },
];

/** The date met is read from Day, Month, Year boxes (schemas/date-input.ts checkDate). */
export const LogEntryForm = z.object({ notes: text("Notes", 4000) });

export const EndPairForm = z.object({ feedback: text("Feedback for the coordinator", 1000) });

export const SettingsForm = z.object({ selfMatch: z.string().optional().transform((v) => v === "on") });

export const ThanksForm = z.object({
  to: z.string({ required_error: "Enter who you are thanking" }).trim().min(1, "Enter the email address or profile address of the colleague you are thanking").max(254, "Enter an email address or profile address"),
  body: z.string({ required_error: "Write your thank-you note" }).trim().min(1, "Write your thank-you note").max(500, "Keep your note to 500 characters or fewer"),
  about: z.string().optional().default("").transform((v) => v.trim()).pipe(z.string().max(300, "Enter the address of a guide or an event")),
});

export const ThanksChoiceForm = z.object({ noteId: id("Choose a note"), show: z.enum(["shown", "hidden"], { errorMap: () => ({ message: "Choose show or hide" }) }) });
