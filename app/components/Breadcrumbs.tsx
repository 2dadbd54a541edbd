import { Link } from "@remix-run/react";

export type Crumb = { label: string; to?: string };

/** Where the public pages' trail starts (decision 091). */
export const PUBLIC_PAGES_HOME = { label: "Public pages", to: "/public" };

/**
 * Breadcrumbs: Home › … › current page (the last crumb is not a link). `home` is where the
 * trail starts: the intranet's home page, or the public pages' own (decision 091).
 */
export function Breadcrumbs({ items, home = { label: "Home", to: "/" } }: { items: Crumb[]; home?: { label: string; to: string } }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>
          <Link to={home.to}>{home.label}</Link>
        </li>
        {items.map((c, i) => (
          <li key={`${c.label}-${i}`}>
            {c.to && i < items.length - 1 ? <Link to={c.to}>{c.label}</Link> : <span aria-current="page">{c.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
