const LABELS = { urgent: "Urgent", "need-to-know": "Need to know" } as const;

/** "Urgent" or "Need to know" tag; nothing for normal priority. */
export function PriorityTag({ priority }: { priority: string }) {
  if (priority !== "urgent" && priority !== "need-to-know") return null;
  return <strong className={`tag tag--${priority}`}>{LABELS[priority]}</strong>;
}
