/**
 * Which scripts a page is sent with (decision 215), read by the root layout from the
 * matched routes' `handle`.
 *
 * - `{ scripts: false }`: without the framework's scripts. Plain HTML whose links and forms
 *   load whole pages, and one small plain script (public/enhance.js, a few KB, cached for a
 *   year) for what needs a script there: the service worker, search suggestions, the
 *   @mention picker, the notifications switch and early form errors. Every staff reading
 *   page is sent so (issue 18: ≤ 60 KB of JavaScript); tests/e2e/page-weight.test.ts lists
 *   them and fails if one ships the framework.
 * - `enhance: false` as well: no script at all (the first sign-in with a code, where every
 *   request counts on a slow phone).
 * - No handle: the whole framework (the editor, admin pages, forms that preview as you type).
 */
export type ScriptsHandle = { scripts?: boolean; enhance?: boolean };

/** A staff reading page: no framework scripts, the small script only. */
export const READING_PAGE = { scripts: false } as const satisfies ScriptsHandle;

/** No script at all. */
export const PLAIN_PAGE = { scripts: false, enhance: false } as const satisfies ScriptsHandle;
