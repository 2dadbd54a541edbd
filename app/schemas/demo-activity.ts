/**
 * `content/demo-activity.yml`: what the demo council's generated activity history is made
 * of (decision 087). Read once, at the start that creates the demo accounts.
 */
import { z } from "zod";
import { SLUG_PATTERN } from "./front-matter";

const say = (message: string) => ({ errorMap: () => ({ message }) });
const slug = z.string(say("Enter a slug like pay-award-2026-27")).regex(SLUG_PATTERN, "Use only lower-case letters, digits and hyphens, like pay-award-2026-27");
const text = (max: number) => z.string(say("Write this as text")).trim().min(1, "Write something here").max(max, `Shorten this to ${max} characters or fewer`);
const share = z.number(say("Enter a share between 0 and 1, like 0.3")).min(0, "Enter a share between 0 and 1").max(1, "Enter a share between 0 and 1");
const monthDay = z.string(say("Enter a day of the year as MM-DD, like 12-14")).regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "Enter a day of the year as MM-DD, like 12-14");
const pageAddress = z
  .string(say("Name the page by its address, like /guides/how-to-claim-mileage"))
  .regex(/^\/(announcements|policies|guides)\/[a-z0-9]+(?:-[a-z0-9]+)*$/, "Name the page by its address, like /guides/how-to-claim-mileage");

const DepartmentSchema = z
  .object({
    staff: z.number(say("Enter how many people work there")).int("Enter a whole number of people").min(0).max(100_000, "Enter 100,000 people or fewer"),
    reading: z.number(say("Enter how much they read, 1 for a typical office team")).min(0).max(5).default(1),
    confirming: z.enum(["prompt", "slow"], say("Enter prompt or slow")).default("prompt"),
    day: z.enum(["office", "early"], say("Enter office or early")).default("office"),
    job_titles: z.array(text(120), say("List a few job titles")).min(1, "List at least one job title"),
  })
  .strict();

const SearchSchema = z
  .object({
    query: text(200),
    weight: z.number(say("Enter how many searches on a typical weekday")).positive("Enter a number above 0"),
    finds: z.union([z.literal("many"), z.literal(0), z.literal(1), z.literal(2)], say("Enter many, 0, 1 or 2")).default("many"),
    after: slug.optional(),
    peak: monthDay.optional(),
  })
  .strict();

const RequestSchema = z
  .object({
    query: text(200),
    department: slug.nullable(),
    votes: z.number(say("Enter how many people voted for it")).int().min(0).max(1000),
    title: text(200),
    details: text(2000),
  })
  .strict();

const PollSchema = z
  .object({
    announcement: slug,
    question: text(200),
    options: z.record(text(100), z.number(say("Give each option its share of the answers")).positive()).refine((o) => Object.keys(o).length >= 2, "Give at least two options"),
    share,
    closed: z.boolean(say("Enter true or false")).default(false),
  })
  .strict();

const QuestionSchema = z
  .object({
    announcement: slug,
    days: z.number(say("Enter how many days after publishing it was asked")).min(0).max(60),
    question: text(1000),
    answer: text(2000).optional(),
  })
  .strict();

export const DemoActivitySchema = z
  .object({
    seed: text(100),
    days: z.number(say("Enter how many days of history")).int().min(7, "Enter at least 7 days").max(366, "Enter 366 days or fewer"),
    email_domain: z.string(say("Enter a domain under .invalid, like generated.invalid")).regex(/^([a-z0-9-]+\.)*invalid$/, "Use a domain under .invalid, which can never receive email"),
    new_starters: share.default(0.04),
    departments: z.record(slug, DepartmentSchema, say("List the departments with their staff")),
    first_names: z.array(text(40)).min(10, "List at least 10 first names"),
    last_names: z.array(text(40)).min(10, "List at least 10 last names"),
    pages: z.record(pageAddress, z.object({ popularity: z.number().positive().default(1), helpful: share.optional(), comments: z.array(text(500)).default([]) }).strict()).default({}),
    feedback: z.object({ helpful: z.array(text(500)).min(1), not_helpful: z.array(text(500)).min(1) }).strict(),
    searches: z.array(SearchSchema).default([]),
    requests: z.array(RequestSchema).default([]),
    polls: z.array(PollSchema).default([]),
    questions: z.array(QuestionSchema).default([]),
  })
  .strict();

export type DemoActivityPlan = z.infer<typeof DemoActivitySchema>;

/** The problems of a parsed file, one line each, as "field.path: message". */
export function describeProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
}
