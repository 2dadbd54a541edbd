import type { Segment } from "~/search/types";

export type { Segment };

/** Text with the matched words marked. Segments are plain text: React escapes them, we only add <mark>. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}
