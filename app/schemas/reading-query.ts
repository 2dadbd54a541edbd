/**
 * Query-string parameters of the reading pages (filters, pages, versions). Anything odd
 * (page=abc, department=<script>) falls back to "no filter" rather than failing: a bad
 * link should still show a useful page, never an error.
 */
import { z } from "zod";

const Slug = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
/** Tags are free text written by authors ("annual leave"), stored lower-case. */
const Tag = z.string().trim().toLowerCase().min(1).max(60).regex(/^[\p{L}\p{N} &'’.+-]+$/u);
const PositiveInt = z.string().regex(/^\d{1,6}$/).transform(Number).pipe(z.number().int().min(1));

function read<T>(url: URL, name: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export const slugParam = (url: URL, name: string) => read(url, name, Slug);
export const tagParam = (url: URL, name: string) => read(url, name, Tag);
export const positiveIntParam = (url: URL, name: string) => read(url, name, PositiveInt);

/** A route's `:slug`, or undefined when it cannot be a slug (then the page is simply not found). */
export function slugFromParams(value: string | undefined): string | undefined {
  const parsed = Slug.safeParse(value ?? "");
  return parsed.success ? parsed.data : undefined;
}

export type Paging = { page: number; perPage: number; limit: number; offset: number };

export function paging(page: number, perPage: number): Paging {
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * Fetches one page of a list; a page number past the end shows the last page instead of
 * an empty one. Returns the page actually shown and how many pages there are.
 */
export async function fetchPage<T>(
  requested: number,
  perPage: number,
  fetch: (p: Paging) => Promise<{ items: T[]; total: number }>,
): Promise<{ items: T[]; total: number; page: number; pageCount: number }> {
  let page = requested;
  let result = await fetch(paging(page, perPage));
  const pages = pageCount(result.total, perPage);
  if (page > pages) {
    page = pages;
    result = await fetch(paging(page, perPage));
  }
  return { ...result, page, pageCount: pages };
}
