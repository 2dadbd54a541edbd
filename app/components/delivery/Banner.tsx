import { Form } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";

export type BannerEntry = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  priority: "need-to-know" | "urgent";
  mustRead: boolean;
  publishedAt: string | null;
};

const LABEL = { urgent: "Urgent", "need-to-know": "Need to know" } as const;

type ActionProps = { notice: BannerEntry; csrfToken: string; redirectTo: string };

/**
 * How a notice is put away. A need-to-know notice can be dismissed; an urgent one stays
 * until the person confirms it (must-read) or says they have read it. Dismissals are
 * stored on the server, per person, so they hold on every device.
 */
function NoticeAction({ notice, csrfToken, redirectTo }: ActionProps) {
  if (notice.priority === "urgent" && notice.mustRead)
    return <p className="banner__note">This stays here until you open it and confirm you have read it.</p>;
  return (
    <Form method="post" action="/banners/dismiss" className="banner__form">
      <input type="hidden" name="csrf" value={csrfToken} />
      <input type="hidden" name="itemId" value={notice.id} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <button type="submit" className="button button--secondary">
        {notice.priority === "urgent" ? "I have read this" : "Dismiss"}
        <span className="visually-hidden">: {notice.title}</span>
      </button>
    </Form>
  );
}

function Tags({ notice }: { notice: BannerEntry }) {
  return (
    <>
      <strong className={`tag tag--${notice.priority}`}>{LABEL[notice.priority]}</strong>
      {notice.mustRead ? <strong className="tag">Must read</strong> : null}
    </>
  );
}

/** One notice in full: what the home page shows first, and the notices page shows for each. */
export function Banner({ notice, csrfToken, redirectTo, className = "" }: ActionProps & { className?: string }) {
  return (
    <section className={`banner banner--${notice.priority} ${className}`.trim()} aria-labelledby={`banner-${notice.id}`}>
      <h2 id={`banner-${notice.id}`}>
        <Tags notice={notice} /> <Link to={`/announcements/${notice.slug}`}>{notice.title}</Link>
      </h2>
      {notice.summary ? <p>{notice.summary}</p> : null}
      <div className="banner__footer">
        {notice.publishedAt ? (
          <p className="item-meta">
            <DateText value={notice.publishedAt} />
          </p>
        ) : null}
        <NoticeAction notice={notice} csrfToken={csrfToken} redirectTo={redirectTo} />
      </div>
    </section>
  );
}

/** Every notice in full, one after another (the notices page). */
export function BannerList({ banners, csrfToken, redirectTo }: { banners: BannerEntry[]; csrfToken: string; redirectTo: string }) {
  if (banners.length === 0) return null;
  return (
    <div className="banner-list">
      {banners.map((b) => (
        <Banner key={b.id} notice={b} csrfToken={csrfToken} redirectTo={redirectTo} />
      ))}
    </div>
  );
}

/**
 * The other notices, compactly: a title and date each, opened (no script needed: a
 * `details` element) to read the summary, go to the notice, or put it away.
 */
export function NoticeList({ notices, csrfToken, redirectTo }: { notices: BannerEntry[]; csrfToken: string; redirectTo: string }) {
  if (notices.length === 0) return null;
  return (
    <ul className="notice-list">
      {notices.map((n) => (
        <li key={n.id}>
          <details className={`ntk-item ntk-item--${n.priority}`}>
            <summary>
              {/* Spaces between the parts: a line may break there, and a screen reader says them apart. */}
              <span className="ntk-item__title">{n.title}</span>{" "}
              <span className="ntk-item__meta">
                {/* The list is headed "Need to know": only an urgent notice says what it is. */}
                {n.priority === "urgent" ? <><strong className="tag tag--urgent">Urgent</strong>{" "}</> : null}
                {n.mustRead ? <><strong className="tag">Must read</strong>{" "}</> : null}
                <DateText value={n.publishedAt} />
              </span>
            </summary>
            <div className="ntk-item__body">
              {n.summary ? <p>{n.summary}</p> : null}
              <p>
                <Link to={`/announcements/${n.slug}`}>
                  Read the notice<span className="visually-hidden">: {n.title}</span>
                </Link>
              </p>
              <NoticeAction notice={n} csrfToken={csrfToken} redirectTo={redirectTo} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
