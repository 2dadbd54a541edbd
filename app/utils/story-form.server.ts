/** Reading the staff story form (multipart: text fields and one optional photo). */
import { StoryForm, type StoryInput } from "~/schemas/stories";
import { MAX_PHOTO_BYTES } from "./photo.server";
import { fieldErrors, formFields } from "./request-body.server";

export const STORY_UPLOAD = { maxBytes: MAX_PHOTO_BYTES + 128 * 1024, tooLargeMessage: "The photo must be smaller than 4 MB. Choose a smaller one and try again: your text was not saved." };

export type StoryValues = { channel: string; title: string; summary: string; body: string; photoAlt: string };

export async function readStoryForm(form: FormData): Promise<
  { ok: true; input: StoryInput; upload: { bytes: Uint8Array } | null; values: StoryValues } | { ok: false; errors: Record<string, string>; values: StoryValues }
> {
  const fields = formFields(form);
  const values: StoryValues = {
    channel: (fields.channel ?? "").slice(0, 100), title: (fields.title ?? "").slice(0, 200), summary: (fields.summary ?? "").slice(0, 400),
    body: (fields.body ?? "").slice(0, 12000), photoAlt: (fields.photoAlt ?? "").slice(0, 300),
  };
  const parsed = StoryForm.safeParse(fields);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  const file = form.get("photo");
  const upload = file && typeof file !== "string" && file.size > 0 ? { bytes: new Uint8Array(await file.arrayBuffer()) } : null;
  return { ok: true, input: parsed.data, upload, values };
}
