/** The address of an attached file (stable across replacements; `?v=N` for an earlier version). Browser-safe. */
export function fileHref(a: { id: number; name: string }, version?: number): string {
  return `/files/${a.id}/${encodeURIComponent(a.name)}${version ? `?v=${version}` : ""}`;
}
