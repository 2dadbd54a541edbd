import { Link } from "@remix-run/react";

export type BannerItem = { slug: string; title: string; summary: string; priority: string };

/**
 * Urgent and need-to-know announcements at the top of the home page. The banner takes the
 * colour of the most serious one; each line says its own priority in words.
 */
export function PriorityBanner({ items }: { items: BannerItem[] }) {
  if (items.length === 0) return null;
  const urgent = items.some((i) => i.priority === "urgent");
  return (
    <section className={`banner ${urgent ? "banner--urgent" : "banner--need-to-know"}`} aria-labelledby="priority-heading">
      <h2 id="priority-heading">{urgent ? "Urgent: please read now" : "Need to know"}</h2>
      <ul className="priority-list">
        {items.map((i) => (
          <li key={i.slug}>
            <strong className={`tag tag--${i.priority}`}>{i.priority === "urgent" ? "Urgent" : "Need to know"}</strong>{" "}
            <Link to={`/announcements/${i.slug}`}>{i.title}</Link>
            {i.summary ? <span className="priority-list__summary"> {i.summary}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
