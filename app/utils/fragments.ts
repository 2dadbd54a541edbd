/**
 * Parts of the page drawn once and reused (decision 230): on a page sent without the
 * framework's scripts (decision 215) nothing hydrates, so a part whose markup depends only
 * on a few values (the header's navigation for a role and its grants, the footer) can be
 * drawn once per such key and written as it was. The server entry provides the renderer
 * (app/utils/fragment-cache.server.ts); in the browser, and wherever no renderer is
 * provided, components draw themselves as usual.
 *
 * A key must name EVERYTHING the fragment's markup depends on; a person's own values
 * (their name, their form token) are never part of a fragment: the fragment is drawn with
 * placeholders and the values spliced in, escaped as React escapes them.
 */
import { createContext, useContext, type ReactElement } from "react";

export type FragmentRenderer = (key: string, draw: () => ReactElement) => string;

const FragmentsContext = createContext<FragmentRenderer | null>(null);
export const FragmentsProvider = FragmentsContext.Provider;

/** The renderer, or null (in the browser, or when none is provided). */
export function useFragments(): FragmentRenderer | null {
  return useContext(FragmentsContext);
}

/** Placeholders for a person's own values in a fragment: private-use characters React leaves as they are. */
export const SLOT = { name: "\uE000name\uE000", csrf: "\uE000csrf\uE000" } as const;

const ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" };

/** React's escaping of text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/["&'<>]/g, (c) => ESCAPES[c]);
}

/** `html` with each slot replaced by its value, escaped. */
export function fillSlots(html: string, values: Partial<Record<keyof typeof SLOT, string>>): string {
  let out = html;
  for (const [slot, value] of Object.entries(values) as [keyof typeof SLOT, string][]) out = out.split(SLOT[slot]).join(escapeHtml(value));
  return out;
}
