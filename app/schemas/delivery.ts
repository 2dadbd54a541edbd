/** Forms of channels and delivery: acknowledge, dismiss a banner, follow, email settings. */
import { z } from "zod";

const Id = z.string().regex(/^\d{1,12}$/, "Choose an item").transform(Number);

export const ItemActionForm = z.object({ itemId: Id, redirectTo: z.string().max(2000).optional() });

export const FollowForm = z.object({
  channelId: Id,
  follow: z.enum(["true", "false"]).transform((v) => v === "true"),
  redirectTo: z.string().max(2000).optional(),
});

export const DIGEST_LABELS = {
  off: "No digest",
  daily: "Every morning",
  weekly: "Every Monday morning",
} as const;

export const PrefsForm = z.object({
  digest: z.enum(["off", "daily", "weekly"], { errorMap: () => ({ message: "Choose how often you want a digest" }) }),
  alerts: z.literal("on").optional(),
});

