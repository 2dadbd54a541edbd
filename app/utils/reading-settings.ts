/**
 * Reading settings (issue 18, decision 122): larger text, wider spacing, high contrast and
 * reduced motion. Applied as data- attributes on <html> by the layout, so the stylesheet
 * does the work and no script is needed. Shared by server and browser code (no secrets).
 */
import { z } from "zod";

export const TEXT_SIZES = ["standard", "large", "larger"] as const;
export const SPACINGS = ["standard", "wide"] as const;
export const CONTRASTS = ["standard", "high"] as const;
export const MOTIONS = ["standard", "reduce"] as const;

export const ReadingSettingsForm = z.object({
  textSize: z.enum(TEXT_SIZES, { errorMap: () => ({ message: "Choose a text size" }) }),
  spacing: z.enum(SPACINGS, { errorMap: () => ({ message: "Choose the spacing" }) }),
  contrast: z.enum(CONTRASTS, { errorMap: () => ({ message: "Choose the contrast" }) }),
  motion: z.enum(MOTIONS, { errorMap: () => ({ message: "Choose whether to reduce motion" }) }),
});
export type ReadingSettings = z.infer<typeof ReadingSettingsForm>;

export const DEFAULT_READING: ReadingSettings = { textSize: "standard", spacing: "standard", contrast: "standard", motion: "standard" };

export function isDefaultReading(s: ReadingSettings): boolean {
  return s.textSize === "standard" && s.spacing === "standard" && s.contrast === "standard" && s.motion === "standard";
}

/** The cookie form on a shared device: four words joined by dots, e.g. "large.wide.high.reduce". */
export function encodeReading(s: ReadingSettings): string {
  return [s.textSize, s.spacing, s.contrast, s.motion].join(".");
}

export function decodeReading(raw: string | null | undefined): ReadingSettings {
  if (!raw) return DEFAULT_READING;
  const [textSize, spacing, contrast, motion] = raw.split(".");
  const parsed = ReadingSettingsForm.safeParse({ textSize, spacing, contrast, motion });
  return parsed.success ? parsed.data : DEFAULT_READING;
}

/** Attributes for <html>: only the settings that differ from the standard ones. */
export function readingAttributes(s: ReadingSettings | null | undefined): Record<string, string> {
  const a: Record<string, string> = {};
  if (!s) return a;
  if (s.textSize !== "standard") a["data-text-size"] = s.textSize;
  if (s.spacing !== "standard") a["data-spacing"] = s.spacing;
  if (s.contrast !== "standard") a["data-contrast"] = s.contrast;
  if (s.motion !== "standard") a["data-motion"] = s.motion;
  return a;
}

export const TEXT_SIZE_LABELS: Record<ReadingSettings["textSize"], string> = { standard: "Standard", large: "Large (125%)", larger: "Larger (150%)" };
export const SPACING_LABELS: Record<ReadingSettings["spacing"], string> = { standard: "Standard", wide: "Wider lines, letters and words" };
export const CONTRAST_LABELS: Record<ReadingSettings["contrast"], string> = { standard: "Standard colours", high: "High contrast (black on white, yellow on black for links in the header)" };
export const MOTION_LABELS: Record<ReadingSettings["motion"], string> = { standard: "Standard", reduce: "Reduce motion (no animations or fades)" };
