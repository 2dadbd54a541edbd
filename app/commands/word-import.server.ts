/**
 * "Start from a Word document" (issue 21, decision 152): a docx becomes a draft guide or
 * policy. The file is checked like any upload (it must be a Word document by content),
 * turned into Markdown (utils/word-to-markdown.server.ts), and saved as a draft with the
 * usual checks; its pictures become the draft's attachments and the text points at them.
 * Pictures without a description are attached, and publishing waits until they have one.
 */
import type { Actor } from "~/access/permissions.server";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { fileHref } from "~/utils/file-path";
import { checkUpload } from "~/utils/uploads.server";
import { wordToMarkdown } from "~/utils/word-to-markdown.server";
import { datePartsOf } from "~/schemas/date-input";
import { emptyEditorValues, LIMITS, validateEditorValues, type FieldErrors } from "~/schemas/editor";
import { attachFile } from "./attachments.server";
import { checkReferences, createFromEditor, saveFromEditor } from "./edit.server";

export type WordDraftInput = { fileName: string; bytes: Buffer; department: string; reference?: string };
export type WordDraftResult = { ok: true; itemId: number; images: number; imagesWithoutAlt: number } | { ok: false; errors: Record<string, string> };

const IMAGE_EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp" };

function stem(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, "").replace(/[-_]+/g, " ").trim();
}

export async function draftFromWord(actor: Actor, type: "guide" | "policy", input: WordDraftInput, now = new Date()): Promise<WordDraftResult> {
  if (!input.fileName || input.bytes.length === 0) return { ok: false, errors: { file: "Choose a Word document (.docx)" } };
  const checked = await checkUpload(input.fileName, input.bytes);
  if (!checked.ok) return { ok: false, errors: { file: checked.message } };
  if (checked.file.kind !== "docx") return { ok: false, errors: { file: `${checked.file.name}: choose a Word document (.docx). Other files can be attached to a page once it is saved.` } };
  let converted;
  try {
    converted = await wordToMarkdown(checked.file.bytes);
  } catch {
    return { ok: false, errors: { file: `${checked.file.name}: we could not read this Word document. Open it in Word, save it again as .docx and try again.` } };
  }
  const title = (converted.title ?? stem(input.fileName) ?? "Untitled").slice(0, LIMITS.title) || "Untitled";
  // The title is its own field: the first heading is not repeated in the text.
  let body = converted.title ? converted.markdown.replace(/^# .+\n+/m, "") : converted.markdown;
  const summary = (converted.firstParagraph ?? `From the Word document ${checked.file.name}`).slice(0, LIMITS.summary);
  const today = ukTodayIso(now);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, "-02-28");
  const values = {
    ...emptyEditorValues(type), title, summary, body: body.slice(0, LIMITS.body), department: input.department, owner: actor.email,
    ...(type === "guide" ? { lastReviewed: datePartsOf(today), reviewBy: datePartsOf(nextYear) } : { reference: input.reference ?? "", effective: datePartsOf(today) }),
    note: `Started from the Word document ${checked.file.name}`,
  };
  const validated = validateEditorValues(values);
  if (!validated.ok) return { ok: false, errors: validated.errors as Record<string, string> };
  const refErrors: FieldErrors = await checkReferences(await getDb(), actor, validated.data);
  if (Object.keys(refErrors).length) return { ok: false, errors: refErrors as Record<string, string> };

  const created = await createFromEditor(actor, validated.data, "save", now);
  let withoutAlt = 0;
  let n = 0;
  for (const image of converted.images) {
    n++;
    const ext = IMAGE_EXTENSIONS[image.contentType];
    const attached = ext
      ? await attachFile(actor, created.itemId, { fileName: `${stem(input.fileName).replace(/\s+/g, "-")}-image-${n}.${ext}`, bytes: image.bytes, title: image.alt || `Picture ${n} from ${checked.file.name}`, alt: image.alt }, now, { describeLater: true })
      : null;
    if (attached?.ok) {
      body = body.split(`](${image.placeholder})`).join(`](${fileHref({ id: attached.attachmentId, name: attached.name })})`);
      if (!image.alt.trim()) withoutAlt++;
    } else body = body.split(`![${image.alt}](${image.placeholder})`).join(`(A picture from the Word document could not be brought in.)`);
  }
  if (converted.images.length) await saveFromEditor(actor, created.itemId, { ...validated.data, body, note: "Pictures from the Word document attached" }, created.kind === "saved" ? created.revisionNumber : 1, "save", now);
  return { ok: true, itemId: created.itemId, images: converted.images.length, imagesWithoutAlt: withoutAlt };
}
