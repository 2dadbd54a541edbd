/** The "briefed in person" form (issue 18, decision 123). The date is checked by schemas/date-input. */
import { z } from "zod";

export const BriefingSchema = z.object({
  place: z.string({ required_error: "Enter where the briefing took place" }).trim().min(1, "Enter where the briefing took place").max(120, "Place must be 120 characters or fewer"),
  ledBy: z.string({ required_error: "Enter who led the briefing" }).trim().min(1, "Enter who led the briefing").max(120, "Who led it must be 120 characters or fewer"),
  people: z
    .array(z.string().regex(/^\d{1,12}$/, "Choose people from the list"), { required_error: "Choose at least one person who was briefed" })
    .min(1, "Choose at least one person who was briefed")
    .max(2000, "Record at most 2,000 people at a time")
    .transform((ids) => ids.map(Number)),
});
