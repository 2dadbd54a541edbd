/** Forms of the knowledge and engagement pages (feedback, requests, polls, questions, reviews). */
import { z } from "zod";

export const Id = z.coerce.number({ invalid_type_error: "Choose an item" }).int().min(1).max(2 ** 31);

export const FeedbackSchema = z.object({
  itemId: Id,
  helpful: z.enum(["yes", "no"], { errorMap: () => ({ message: "Select yes if the page was helpful, or no if it was not" }) }),
  comment: z.string().max(2000, "Your comment must be 2,000 characters or fewer").default(""),
});

export const ReplySchema = z.object({
  body: z.string().trim().min(1, "Enter your reply").max(2000, "Your reply must be 2,000 characters or fewer"),
});

export const KnowledgeRequestSchema = z.object({
  title: z.string().trim().min(1, "Say what you were looking for").max(200, "Keep this to 200 characters or fewer: add more below"),
  details: z.string().trim().max(2000, "The details must be 2,000 characters or fewer").default(""),
  department: z.string().trim().max(100).default(""),
  searchQuery: z.string().trim().max(200).default(""),
});

export const CloseRequestSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("answered"),
    guide: z.string().trim().min(1, "Enter the address of the guide that answers this request").max(500),
    note: z.string().trim().max(1000, "The note must be 1,000 characters or fewer").default(""),
  }),
  z.object({
    outcome: z.literal("declined"),
    note: z.string().trim().min(1, "Say why this request is being closed without a guide").max(1000, "The note must be 1,000 characters or fewer"),
  }),
]);

export const ReminderDaysSchema = z.object({
  days: z.coerce
    .number({ invalid_type_error: "Enter a number of days, like 30" })
    .int("Enter a whole number of days")
    .min(1, "Remind owners at least 1 day before")
    .max(365, "Remind owners at most 365 days before"),
});

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
