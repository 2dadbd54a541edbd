/** Forms of the conversation pages (decision 170): comments, reactions, stories, corrections. */
import { z } from "zod";

export const CommentIntent = z.enum(["post", "edit", "delete", "report", "follow", "unfollow", "hide", "show", "approve", "dismiss", "settings"]);

const id = z.coerce.number().int().positive().max(999_999_999);

export const CommentForm = z.object({
  intent: CommentIntent,
  commentId: id.optional(),
  parentId: id.optional(),
  body: z.string().max(20_000).default(""),
  reason: z.string().max(2_000).default(""),
  enabled: z.enum(["0", "1"]).optional(),
  closed: z.enum(["0", "1"]).optional(),
  mention: z.array(id).max(50).default([]),
});

export const ReactionForm = z.object({
  target: z.enum(["item", "comment"]),
  targetId: id,
  kind: z.string().max(20),
  on: z.enum(["0", "1"]),
  returnTo: z.string().max(500).default("/"),
});

/** FormData → the object zod reads (repeated "mention" fields become an array). */
export function commentFormFields(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "mention") out[k] = v;
  out.mention = form.getAll("mention").filter((v): v is string => typeof v === "string");
  return out;
}
