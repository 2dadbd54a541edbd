import { Link } from "@remix-run/react";
import { DateText } from "~/components/DateText";
import { PriorityTag } from "~/components/PriorityTag";
import { WhyLabel } from "./WhyLabel";

export type ForYouEntry = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  priority: string;
  mustRead: boolean;
  publishedAt: string | null;
  reasons: string[];
  sentTo: string | null;
};

/**
 * The "For you" stream: announcements from followed channels and for the person's
 * department, each once, each saying why it is there.
 */
export function ForYou({ items, headingLevel = 2 }: { items: ForYouEntry[]; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const Item = `h${headingLevel + 1}` as "h3" | "h4";
  return (
    <section aria-labelledby="for-you-heading" className="for-you">
      <H id="for-you-heading">For you</H>
      {items.length === 0 ? (
        <p className="muted">Nothing new from the channels you follow. <Link to="/me">Choose channels to follow</Link>.</p>
      ) : (
        <ul className="item-list">
          {items.map((item) => (
            <li key={item.id}>
              <Item>
                <Link to={`/announcements/${item.slug}`}>{item.title}</Link>
              </Item>
              <p className="item-meta">
                <PriorityTag priority={item.priority} />
                {item.mustRead ? <strong className="tag">Must read</strong> : null}
                <DateText value={item.publishedAt} />
              </p>
              <WhyLabel reasons={item.reasons} sentTo={item.sentTo} />
              {item.summary ? <p>{item.summary}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/me">Channels you follow and email settings</Link>
      </p>
    </section>
  );
}
