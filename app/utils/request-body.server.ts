/**
 * Reading a form body safely. A body larger than the form could need is refused with a
 * 413 and a message before it is read; a body that cannot be parsed is a 400; neither
 * ever becomes a 500. Forms post urlencoded (multipart is accepted too).
 */
import type { ZodError } from "zod";

/** How much a form may send, and what a person is told when they send more. */
export type FormLimit = { maxBytes: number; tooLargeMessage?: string };

/** Sign-in, account, admin, feedback, requests, polls, questions: a few short fields. */
export const SMALL_FORM: FormLimit = { maxBytes: 64 * 1024 };

/** The editor: up to 200,000 characters of Markdown (LIMITS.body) with its fields, percent-encoded. */
export const EDITOR_FORM: FormLimit = {
  maxBytes: 1_000_000,
  tooLargeMessage: "That was too big to save. Pages can have up to 200,000 characters of text.",
};

/**
 * Forms that carry a file: twice the file limit, so a file over the limit still arrives
 * and is refused by name (server.js reads bodies of the upload pages to the same size).
 */
export function uploadForm(maxFileBytes: number): FormLimit {
  return {
    maxBytes: 2 * maxFileBytes + 1024 * 1024,
    tooLargeMessage: `That file is far larger than we accept (${Math.round(maxFileBytes / 1024 / 1024)} MB). Make it smaller and try again.`,
  };
}

function tooLarge({ maxBytes, tooLargeMessage }: FormLimit): Response {
  const message = tooLargeMessage ?? `What you sent was larger than this form accepts (${Math.round(maxBytes / 1024)} KB). Shorten it and try again.`;
  return new Response(message, { status: 413, statusText: "Payload Too Large" });
}

function unreadable(): Response {
  return new Response("We could not read what was sent. Go back, check the form and try again.", { status: 400, statusText: "Bad Request" });
}

async function readLimited(request: Request, limit: FormLimit): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * The form fields of a POST, or a thrown 413/400/415 response. Every form states its
 * limit (SMALL_FORM, EDITOR_FORM): this is the only place a request body becomes a form.
 */
export async function readForm(request: Request, limit: FormLimit): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit.maxBytes) throw tooLarge(limit);
  const header = request.headers.get("content-type") ?? "";
  // Lower-cased only to compare the media type: a multipart boundary is case-sensitive, and
  // browsers' boundaries have capitals.
  const type = header.toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(request, limit);
  } catch (err) {
    if (err instanceof Response) throw err;
    throw unreadable();
  }
  if (type === "" || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("text/plain")) {
    const form = new FormData();
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
    return form;
  }
  if (type.startsWith("multipart/form-data")) {
    try {
      return await new Response(bytes as unknown as BodyInit, { headers: { "content-type": header } }).formData();
    } catch {
      throw unreadable();
    }
  }
  throw new Response("Send this form from its page on the intranet.", { status: 415, statusText: "Unsupported Media Type" });
}

/** Text fields only (files and repeated keys are ignored), for zod to parse. */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

/** The first message for each field, keyed by field name; form-wide messages under "form". */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
