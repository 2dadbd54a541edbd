import { Link } from "~/components/Link";
import { itemPath } from "~/utils/item-path";
import { DateText } from "./DateText";
import { PriorityTag } from "./PriorityTag";

export type ListItem = {
  type: "announcement" | "policy" | "guide";
  slug: string;
  title: string;
  summary: string;
  priority?: string;
  publishedAt?: string | null;
  lastReviewedOn?: string | null;
  reviewBy?: string | null;
  reference?: string | null;
  departmentName?: string | null;
  /** Set by the loader (it depends on today's date). */
  reviewOverdue?: boolean;
};

export function itemHref(item: Pick<ListItem, "type" | "slug">): string {
  return itemPath(item.type, item.slug);
}

type Props = {
  items: ListItem[];
  /** Heading level of each item's title, to keep the page's headings in order. */
  headingLevel?: 2 | 3;
  /** Which date to show: when it was published, or when it was last reviewed (guides). */
  date?: "published" | "reviewed" | "none";
  showDepartment?: boolean;
  empty?: string;
  /** Short entries (the home page): summaries only on wide screens. */
  compact?: boolean;
};

/** A list of announcements, policies or guides: title link, tags, date and department, summary. */
export function ItemList({ items, headingLevel = 3, date = "published", showDepartment = true, empty = "There is nothing here yet.", compact = false }: Props) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <ul className={compact ? "item-list item-list--compact" : "item-list"}>
      {items.map((item) => (
        <li key={`${item.type}:${item.slug}`}>
          <H>
            <Link to={itemHref(item)}>{item.title}</Link>
          </H>
          <p className="item-meta">
            {item.priority ? <PriorityTag priority={item.priority} /> : null}
            {item.reviewOverdue ? <strong className="tag tag--overdue">Review overdue</strong> : null}
            {item.reference ? <span>{item.reference} · </span> : null}
            {date === "published" && item.publishedAt ? <DateText value={item.publishedAt} /> : null}
            {date === "reviewed" && item.lastReviewedOn ? (
              <span>
                Last reviewed <DateText value={item.lastReviewedOn} />
              </span>
            ) : null}
            {showDepartment && item.departmentName ? (
              <span>
                {date !== "none" && (item.publishedAt || item.lastReviewedOn) ? " · " : ""}
                {item.departmentName}
              </span>
            ) : null}
          </p>
          {item.summary ? <p className="item-list__summary">{item.summary}</p> : null}
        </li>
      ))}
    </ul>
  );
}
