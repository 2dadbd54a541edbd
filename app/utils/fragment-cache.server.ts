/**
 * The server's fragment renderer (decision 230, see ~/utils/fragments): a fragment's markup
 * per key, drawn once with `renderToStaticMarkup` and kept in this process. Keys name
 * only what is the same for many people (a role, its grants, which section is current),
 * so there are few; past 500 the map is emptied and refilled.
 */
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { registerCacheCounters } from "~/utils/cache-stats.server";
import type { FragmentRenderer } from "~/utils/fragments";

const MAX = 500;
const drawn = new Map<string, string>();
const counters = { hits: 0, lookups: 0 };
registerCacheCounters("header and footer", () => counters);
let enabled = true;

export const renderFragment: FragmentRenderer = (key: string, draw: () => ReactElement): string => {
  counters.lookups++;
  const found = drawn.get(key);
  if (found !== undefined) {
    counters.hits++;
    return found;
  }
  const html = renderToStaticMarkup(draw());
  if (drawn.size >= MAX) drawn.clear();
  drawn.set(key, html);
  return html;
};

/** The renderer the server entry provides, or null while switched off (tests: every part is then drawn in the page as usual). */
export function fragmentRenderer(): FragmentRenderer | null {
  return enabled ? renderFragment : null;
}

export function fragmentCacheCounters(): { hits: number; lookups: number; entries: number } {
  return { ...counters, entries: drawn.size };
}

/** Tests: draw every part in the page as usual (false), or from kept fragments again (true); either way forget what was kept. */
export function setFragmentCache(on: boolean): void {
  enabled = on;
  drawn.clear();
}
