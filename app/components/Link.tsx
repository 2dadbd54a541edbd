/**
 * Links for every page (decision 230). On a page sent WITHOUT the framework's scripts
 * (decision 215, `handle = READING_PAGE`) nothing in the browser routes a click, so a link
 * is a plain `<a href>`: the same address and attributes the framework's `<Link>` writes,
 * without running the router's hooks (resolving the path, prefetch state) for each of the
 * ~70 links of a page on every request. Pages with the framework's scripts, and targets
 * that are not a plain absolute path ("?page=2", "..", an object), get the framework's
 * `<Link>` / `<NavLink>` as before.
 *
 * The root layout says which kind of page it is drawing (`<PlainLinks value>`); anything
 * drawn outside it (or in the browser, where only framework pages hydrate) uses the
 * framework's. tests/unit/plain-links.test.ts checks the address is the framework's for
 * every kind of target and that no page imports the framework's `Link` directly.
 */
import { Link as RemixLink, NavLink as RemixNavLink, useLocation } from "@remix-run/react";
import { createContext, forwardRef, useContext, type ComponentProps, type ReactNode } from "react";

/** True inside a page sent without the framework's scripts (set by the root layout). */
const PlainLinksContext = createContext(false);
export const PlainLinks = PlainLinksContext.Provider;

type RemixLinkProps = ComponentProps<typeof RemixLink>;
type RemixNavLinkProps = ComponentProps<typeof RemixNavLink>;

/**
 * The address the framework's `<Link to>` writes for a string starting with one "/"
 * (react-router's parsePath then createPath: an empty "?" or "#" is dropped), or null
 * when the target needs the router to resolve it.
 */
export function plainHref(to: unknown): string | null {
  if (typeof to !== "string" || to[0] !== "/" || to[1] === "/" || to[1] === "\\") return null;
  let rest = to;
  let hash = "";
  const h = rest.indexOf("#");
  if (h >= 0) {
    hash = rest.slice(h);
    rest = rest.slice(0, h);
  }
  let search = "";
  const s = rest.indexOf("?");
  if (s >= 0) {
    search = rest.slice(s);
    rest = rest.slice(0, s);
  }
  return rest + (search === "?" ? "" : search) + (hash === "#" ? "" : hash);
}

/** The anchor's own attributes: without the props that only steer the client router. */
function anchorProps(props: RemixLinkProps | RemixNavLinkProps): Record<string, unknown> {
  const { to, prefetch, discover, reloadDocument, replace, state, preventScrollReset, relative, viewTransition, unstable_viewTransition, ...rest } =
    props as RemixLinkProps & { viewTransition?: unknown; unstable_viewTransition?: unknown };
  return rest;
}

export const Link = forwardRef<HTMLAnchorElement, RemixLinkProps>(function Link(props, ref) {
  const plain = useContext(PlainLinksContext);
  const href = plain ? plainHref(props.to) : null;
  if (href === null) return <RemixLink ref={ref} {...props} />;
  return <a ref={ref} {...anchorProps(props)} href={href} />;
});

/**
 * react-router's NavLink rule: active when the current path is the target's, or (unless
 * `end`) below it; case-insensitive unless `caseSensitive`. `class="active"` and
 * `aria-current` as the framework writes them.
 */
export function navLinkActive(locationPathname: string, toPathname: string, end: boolean, caseSensitive = false): boolean {
  let here = locationPathname;
  let to = toPathname;
  if (!caseSensitive) {
    here = here.toLowerCase();
    to = to.toLowerCase();
  }
  const endSlashPosition = to !== "/" && to.endsWith("/") ? to.length - 1 : to.length;
  return here === to || (!end && here.startsWith(to) && here.charAt(endSlashPosition) === "/");
}

export const NavLink = forwardRef<HTMLAnchorElement, RemixNavLinkProps>(function NavLink(props, ref) {
  const plain = useContext(PlainLinksContext);
  const href = plain ? plainHref(props.to) : null;
  // Only simple targets (plain ASCII paths, as the navigation's are): the framework encodes the path before comparing.
  if (href === null || !/^[A-Za-z0-9/_.-]*$/.test(href.split(/[?#]/)[0])) return <RemixNavLink ref={ref} {...props} />;
  return <PlainNavLink {...props} href={href} anchorRef={ref} />;
});

function PlainNavLink({ href, anchorRef, ...props }: RemixNavLinkProps & { href: string; anchorRef: React.ForwardedRef<HTMLAnchorElement> }) {
  const { pathname } = useLocation();
  const { className, style, children, end = false, caseSensitive = false, "aria-current": ariaCurrentProp = "page", ...rest } = props;
  const toPathname = href.split(/[?#]/)[0];
  const isActive = navLinkActive(pathname, toPathname, end, caseSensitive);
  const state = { isActive, isPending: false, isTransitioning: false };
  const cls = typeof className === "function" ? className(state) : [className ?? "", isActive ? "active" : null].filter(Boolean).join(" ");
  const css = typeof style === "function" ? style(state) : style;
  const content: ReactNode = typeof children === "function" ? children(state) : children;
  const other = anchorProps(rest as RemixNavLinkProps);
  return (
    <a ref={anchorRef} {...other} aria-current={isActive ? ariaCurrentProp : undefined} className={cls} style={css} href={href}>
      {content}
    </a>
  );
}
