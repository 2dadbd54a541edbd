/**
 * On the admin and insight pages of a demo whose activity history was generated at its
 * first start (decision 087): says the figures come from generated people, not real ones.
 */
import { DateText } from "~/components/DateText";

export type DemoData = { from: string; to: string; people: number };

export function DemoDataNote({ demo }: { demo: DemoData | null }) {
  if (!demo) return null;
  return (
    <div className="inset" role="note">
      <p>
        <strong>Demo data:</strong> the activity from <DateText value={demo.from} /> to <DateText value={demo.to} /> was generated when
        the demo started, by {demo.people.toLocaleString("en-GB")} generated staff who are not real people (they cannot sign in and are
        never emailed). What you do on the demo is counted on top.
      </p>
    </div>
  );
}
