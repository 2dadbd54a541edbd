/** The staff story form (issue 23, decision 172), shared by server and browser. */
import { z } from "zod";

export const StoryForm = z.object({
  channel: z.string().trim().min(1, "Choose the channel your story is for").max(100, "Choose the channel your story is for"),
  title: z.string().trim().min(3, "Give your story a title of at least 3 characters").max(120, "Keep the title to 120 characters or fewer"),
  summary: z.string().trim().max(300, "Keep the summary to 300 characters or fewer").default(""),
  body: z.string().trim().min(20, "Write your story: at least a couple of sentences").max(10000, "Keep the story to 10,000 characters or fewer"),
  photoAlt: z.string().trim().max(250, "Keep the description of the photo to 250 characters or fewer").default(""),
  photoConsent: z.enum(["on"]).optional(),
  removePhoto: z.enum(["on"]).optional(),
  intent: z.enum(["save", "submit"]).default("save"),
});
export type StoryInput = z.infer<typeof StoryForm>;
export const STORY_FIELDS = ["channel", "title", "summary", "body", "photo", "photoAlt", "photoConsent"] as const;

export const SuggestionForm = z.object({
  suggestion: z.string().trim().min(10, "Say what would make the story better, in a sentence or two").max(2000, "Keep suggestions to 2,000 characters or fewer"),
});
