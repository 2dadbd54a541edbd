import { Link } from "~/components/Link";

type Props = {
  page: number;
  pageCount: number;
  /** The list's path, e.g. "/announcements". */
  path: string;
  /** Other query parameters to keep (filters). Empty values are left out. */
  query?: Record<string, string | number | undefined | null>;
  /** What the list is, for screen readers: "Announcements pages". */
  label: string;
};

export function pageHref(path: string, query: Props["query"], page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Previous / next links and "Page 2 of 5". Plain links, so it works without JavaScript. */
export function Pagination({ page, pageCount, path, query, label }: Props) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link to={pageHref(path, query, page - 1)} rel="prev">
          <span aria-hidden="true">‹ </span>Previous page<span className="visually-hidden">: page {page - 1}</span>
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={pageHref(path, query, page + 1)} rel="next">
          Next page<span className="visually-hidden">: page {page + 1}</span>
          <span aria-hidden="true"> ›</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
