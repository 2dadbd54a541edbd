export type AttentionCounts = { urgent: number; needToKnow: number; mustRead: number };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "You have 1 urgent notice, 3 need-to-know notices and 11 things to read and confirm." */
export function attentionText(c: AttentionCounts): string {
  const parts = [
    c.urgent ? plural(c.urgent, "urgent notice", "urgent notices") : null,
    c.needToKnow ? plural(c.needToKnow, "need-to-know notice", "need-to-know notices") : null,
    c.mustRead ? plural(c.mustRead, "thing to read and confirm", "things to read and confirm") : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return "Nothing needs your attention: there are no notices for you and nothing to confirm.";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `You have ${list}.`;
}

/** The one line under the greeting that says what needs the person's attention. */
export function Attention({ counts }: { counts: AttentionCounts }) {
  return (
    <p id="attention" className="attention">
      {attentionText(counts)}
    </p>
  );
}
