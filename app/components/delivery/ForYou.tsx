import { Link } from "~/components/Link";
import type { ReactNode } from "react";
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

type Props = {
  items: ForYouEntry[];
  headingLevel?: 1 | 2;
  /** Short entries (the home page): summaries only on wide screens. */
  compact?: boolean;
  empty?: ReactNode;
  /** Links under the list; by default, to the channel and email settings. */
  children?: ReactNode;
};

/**
 * The "For you" stream: announcements from followed channels and for the person's
 * department, each once, each saying why it is there.
 */
export function ForYou({ items, headingLevel = 2, compact = false, empty, children }: Props) {
  const H = `h${headingLevel}` as "h1" | "h2";
  const Item = `h${headingLevel + 1}` as "h2" | "h3";
  return (
    <section aria-labelledby="for-you-heading" className="for-you">
      <H id="for-you-heading">For you</H>
      {items.length === 0 ? (
        <p className="muted">
          {empty ?? (
            <>
              Nothing new from the channels you follow. <Link to="/me">Choose channels to follow</Link>.
            </>
          )}
        </p>
      ) : (
        <ul className={compact ? "item-list item-list--compact" : "item-list"}>
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
              {item.summary ? <p className="item-list__summary">{item.summary}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {children ?? (
        <p>
          <Link to="/me">Channels you follow and email settings</Link>
        </p>
      )}
    </section>
  );
}
