import { useRouteLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";

export type Crumb = { label: string; to?: string };

/** Where the public pages' trail starts (decision 091). */
export const PUBLIC_PAGES_HOME = { label: "Public pages", to: "/public" };

/**
 * Trail pages only some people may open, though pages under them are open to more (a
 * manager's campaigns sit under Administration, which is for admins): for anyone else the
 * crumb is its words, never a link that answers "not allowed". The e2e crawl
 * (tests/e2e/links.test.ts) fails on any link that answers 4xx to the person it was shown to.
 */
const OPENS_FOR: Record<string, (user: { role: string }) => boolean> = {
  "/admin": (user) => user.role === "admin",
};

/**
 * Breadcrumbs: Home › … › current page (the last crumb is not a link). `home` is where the
 * trail starts: the intranet's home page, or the public pages' own (decision 091).
 */
export function Breadcrumbs({ items, home = { label: "Home", to: "/" } }: { items: Crumb[]; home?: { label: string; to: string } }) {
  const user = (useRouteLoaderData("root") as { user?: { role: string } | null } | undefined)?.user;
  const opens = (to: string) => !OPENS_FOR[to] || (!!user && OPENS_FOR[to](user));
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>
          <Link to={home.to}>{home.label}</Link>
        </li>
        {items.map((c, i) => (
          <li key={`${c.label}-${i}`}>
            {i === items.length - 1 ? <span aria-current="page">{c.label}</span> : c.to && opens(c.to) ? <Link to={c.to}>{c.label}</Link> : c.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}
