import { Form, Link } from "@remix-run/react";

export type BannerEntry = { id: number; slug: string; title: string; summary: string; priority: "need-to-know" | "urgent"; mustRead: boolean };

/**
 * Need-to-know and urgent notices at the top of the home page. A need-to-know banner can
 * be dismissed; an urgent one stays until the person confirms (must-read) or says they
 * have read it. Dismissals are stored on the server, per person.
 */
export function BannerList({ banners, csrfToken, redirectTo }: { banners: BannerEntry[]; csrfToken: string; redirectTo: string }) {
  if (banners.length === 0) return null;
  return (
    <div className="banner-list">
      {banners.map((b) => (
        <section key={b.id} className={`banner banner--${b.priority}`} aria-labelledby={`banner-${b.id}`}>
          <h2 id={`banner-${b.id}`}>
            <strong className={`tag tag--${b.priority}`}>{b.priority === "urgent" ? "Urgent" : "Need to know"}</strong>{" "}
            <Link to={`/announcements/${b.slug}`}>{b.title}</Link>
          </h2>
          {b.summary ? <p>{b.summary}</p> : null}
          {b.priority === "urgent" && b.mustRead ? (
            <p className="banner__note">This stays here until you open it and confirm you have read it.</p>
          ) : (
            <Form method="post" action="/banners/dismiss" className="banner__form">
              <input type="hidden" name="csrf" value={csrfToken} />
              <input type="hidden" name="itemId" value={b.id} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <button type="submit" className="button button--secondary">
                {b.priority === "urgent" ? "I have read this" : "Dismiss"}
                <span className="visually-hidden">: {b.title}</span>
              </button>
            </Form>
          )}
        </section>
      ))}
    </div>
  );
}
