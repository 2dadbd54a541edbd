import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { Form, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { Link, NavLink, navLinkActive, PlainLinks } from "~/components/Link";
import { useEffect, useRef, type ReactNode } from "react";
import { ErrorPage } from "~/components/ErrorPage";
import { SearchBox } from "~/components/search/SearchBox";
import styles from "~/styles/app.css";
import { getOptionalUser } from "~/utils/auth.server";
import { periodNotices } from "~/commands/elections.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { ElectionNotice } from "~/components/ElectionNotice";
import { getEnv } from "~/utils/env.server";
import { useNonce } from "~/utils/nonce";
import { ROLE_LABELS } from "~/utils/roles";
import { readingAttributes } from "~/utils/reading-settings";
import { readingSettingsFor } from "~/utils/reading-settings.server";
import { enhanceScriptSrc } from "~/utils/enhance-script.server";
import type { ScriptsHandle } from "~/utils/page-scripts";
import { MemoryRouter } from "react-router-dom";
import { fillSlots, SLOT, useFragments } from "~/utils/fragments";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "search", type: "application/opensearchdescription+xml", href: "/opensearch.xml", title: "Riverside intranet" },
];

export const meta: MetaFunction = () => [{ title: "Riverside intranet" }];

/** The editor's live preview posts as the author types; nothing the layout shows changes with it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === "/editor/preview" ? false : defaultShouldRevalidate;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return json({
    councilName: getEnv().COUNCIL_NAME,
    // Larger text, spacing, contrast, motion (decision 122): attributes on <html>, no script needed.
    reading: await readingSettingsFor(request, user),
    // The small script of pages sent without the framework's (decision 215).
    enhanceScript: enhanceScriptSrc(),
    // Pre-election periods on now (decision 161): a short notice on every staff page.
    // The session's statement counted the periods on today: read them only when there are some (decision 230).
    electionPeriods: user && !(user.sight?.electionPeriodsOn === 0 && user.sight.day === ukTodayIso()) ? await periodNotices(await getDb()) : [],
    user: user && {
      name: user.name,
      role: user.role,
      roleLabel: ROLE_LABELS[user.role],
      departmentName: user.departmentName,
      csrfToken: user.csrfToken,
      publicityReviewer: user.granted.includes("publicity-reviewer"),
      informationGovernance: user.granted.includes("information-governance"),
      sharedDevice: user.sharedDevice,
    },
  });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

const NAV = [
  { to: "/", label: "Home", end: true },
  { to: "/announcements", label: "News" },
  { to: "/policies", label: "Policies" },
  { to: "/guides", label: "Guides" },
  { to: "/departments", label: "Departments" },
  { to: "/learning", label: "Learning" },
];

/** Roles that write or review content see the editor in the navigation. */
const EDITOR_ROLES: string[] = ["champion", "manager", "comms", "admin"];

type NavEntry = { to: string; label: string; end?: boolean };

/** The main navigation for this person: the same list on a wide screen and in the phone menu. */
function navFor(user: NonNullable<NonNullable<RootData>["user"]>): NavEntry[] {
  const list: NavEntry[] = [...NAV];
  if (EDITOR_ROLES.includes(user.role)) list.push({ to: "/editor", label: "Editor" });
  if (user.role === "comms" || user.role === "admin") list.push({ to: "/admin/insights", label: "Insights" }, { to: "/admin/calendar", label: "Plan" });
  else if (user.role === "manager") list.push({ to: "/admin/campaigns", label: "Campaigns" });
  if (user.role === "admin") list.push({ to: "/admin", label: "Admin" });
  if (user.publicityReviewer) list.push({ to: "/publicity", label: "Publicity review" });
  if (user.informationGovernance) list.push({ to: "/admin/retention", label: "Records" });
  return list;
}

function SignOut({ csrfToken }: { csrfToken: string }) {
  // A full page load: signing out may go on to the identity provider, and leaves no page state behind.
  // A plain form: the framework's <Form reloadDocument> writes exactly this, and it can be drawn once (decision 230).
  return (
    <form method="post" action="/logout">
      <input type="hidden" name="csrf" value={csrfToken} />
      <button type="submit" className="link-button">
        Sign out
      </button>
    </form>
  );
}

type HeaderUser = NonNullable<NonNullable<RootData>["user"]>;

/**
 * Phone first (issue 18): on a narrow screen the account links, navigation and search box
 * fold into a "Menu" (details/summary: works without JavaScript), with "Search" one tap
 * away beside it. On a wide screen the same links show in full. Only one of the two is
 * displayed at a time (CSS), so assistive technology meets each link once.
 *
 * On a page without the framework's scripts (and not on a shared device) the header is drawn
 * once per council name, role, grants and current section, with the person's name and form
 * token spliced in (~/utils/fragments, decision 230); elsewhere it is drawn as usual.
 */
function Header({ plain }: { plain: boolean }) {
  const data = useRootData();
  const user = data?.user;
  const fragments = useFragments();
  const { pathname } = useLocation();
  const councilName = data?.councilName ?? "Riverside Borough Council";
  if (!plain || !fragments || user?.sharedDevice)
    return (
      <header className="site-header">
        <HeaderContent user={user ?? null} councilName={councilName} />
      </header>
    );
  const nav = user ? navFor(user) : [];
  const current = nav.map((n) => (navLinkActive(pathname, n.to, !!n.end) ? 1 : 0)).join("");
  const key = user
    ? `header|${councilName}|${user.role}|${user.publicityReviewer ? 1 : 0}${user.informationGovernance ? 1 : 0}|${current}`
    : `header|${councilName}|signed-out`;
  const html = fragments(key, () => (
    <MemoryRouter initialEntries={[pathname]}>
      <PlainLinks value>
        <HeaderContent user={user ? { ...user, name: SLOT.name, csrfToken: SLOT.csrf } : null} councilName={councilName} />
      </PlainLinks>
    </MemoryRouter>
  ));
  return <header className="site-header" dangerouslySetInnerHTML={{ __html: user ? fillSlots(html, { name: user.name, csrf: user.csrfToken }) : html }} />;
}

/** What is inside the header, from its values only (so it can be drawn once, outside the page). */
function HeaderContent({ user, councilName }: { user: HeaderUser | null; councilName: string }) {
  const nav = user ? navFor(user) : [];
  // After a client-side navigation the menu closes again, as it would on a full page load.
  const menu = useRef<HTMLDetailsElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [key]);
  return (
    <>
      <OfflineSupport signedIn={!!user} shared={!!user?.sharedDevice} />
      {user?.sharedDevice ? <SharedDeviceBar name={user.name} csrfToken={user.csrfToken} idleMinutes={user.sharedDevice.idleMinutes} /> : null}
      <div className="site-header__bar width-container">
        <Link to="/" className="site-header__name">
          <span className="site-header__logo" aria-hidden="true">
            ◆
          </span>{" "}
          {councilName} <span className="site-header__product">intranet</span>
        </Link>
        {user ? (
          <>
            <div className="site-header__user wide-only">
              <Link to="/account">
                {user.name}
                <span className="visually-hidden">, {user.roleLabel}: your account</span>
              </Link>
              <Link to="/me">Your channels and email</Link>
              <Link to="/me/reviews">Your pages</Link>
              <Link to="/me/reading">Reading settings</Link>
              <SignOut csrfToken={user.csrfToken} />
            </div>
            <div className="site-header__phone narrow-only">
              <Link to="/search" className="site-header__tap">
                Search
              </Link>
              <details className="site-menu" ref={menu}>
                <summary className="site-header__tap">Menu</summary>
                <div className="site-menu__panel">
                  <nav aria-label="Main">
                    <ul>
                      {nav.map((n) => (
                        <li key={n.to}>
                          <NavLink to={n.to} end={n.end}>
                            {n.label}
                          </NavLink>
                        </li>
                      ))}
                    </ul>
                  </nav>
                  <ul className="site-menu__account" aria-label="Your account">
                    <li>
                      <Link to="/account">
                        {user.name}
                        <span className="visually-hidden">, {user.roleLabel}</span>: your account
                      </Link>
                    </li>
                    <li>
                      <Link to="/me">Your channels and email</Link>
                    </li>
                    <li>
                      <Link to="/me/reviews">Your pages</Link>
                    </li>
                    <li>
                      <Link to="/me/reading">Reading settings</Link>
                    </li>
                    <li>
                      <SignOut csrfToken={user.csrfToken} />
                    </li>
                  </ul>
                </div>
              </details>
            </div>
          </>
        ) : null}
      </div>
      {user ? (
        <div className="site-header__nav width-container wide-only">
          <nav aria-label="Main">
            <ul>
              {nav.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to} end={n.end} prefetch={NAV.some((m) => m.to === n.to) ? "intent" : undefined}>
                    {n.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <SearchBox />
        </div>
      ) : null}
    </>
  );
}

/**
 * The service worker (decision 124): registered for a signed-in person on their own
 * browser, then asked to refresh the pages kept for offline reading (must-reads, saved
 * guides). On a shared device nothing signed-in is kept: any worker is removed with its
 * caches. Without JavaScript there is no worker and every page comes from the network.
 */
function OfflineSupport({ signedIn, shared }: { signedIn: boolean; shared: boolean }) {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (shared) {
      void navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())));
      if ("caches" in window) void caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k))));
      return;
    }
    if (!signedIn) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => reg.active?.postMessage({ type: "sync" }))
      .catch(() => undefined);
  }, [signedIn, shared]);
  return null;
}

/**
 * On a shared device (decision 121): whose session this is, always at the top, and "Done"
 * (signs out and clears what the browser kept). The server ends the session after the idle
 * time-out; the page on the screen is not reloaded (a timed reload fails WCAG 2.2.1).
 */
function SharedDeviceBar({ name, csrfToken, idleMinutes }: { name: string; csrfToken: string; idleMinutes: number }) {
  return (
    <div className="shared-bar" role="region" aria-label="Whose session this is">
      <div className="width-container shared-bar__inner">
        <p>
          Signed in as <strong>{name}</strong> on a shared device. Signs out after {idleMinutes} {idleMinutes === 1 ? "minute" : "minutes"} without use.
        </p>
        <Form method="post" action="/logout" reloadDocument>
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="done" value="1" />
          <button type="submit" className="button shared-bar__done">
            Done
          </button>
        </Form>
      </div>
    </div>
  );
}

/**
 * The page's main region. While a client-side navigation or form submission is under way
 * it is marked aria-busy, so assistive technology knows the content is about to change
 * (and tests know when the new page has been drawn).
 */
function Main({ children }: { children: ReactNode }) {
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main-content" tabIndex={-1} aria-busy={busy || undefined}>
      {children}
    </main>
  );
}

/** The root layout: the framework's scripts, or the small script only, by the page's `handle` (~/utils/page-scripts, decision 215). */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRootData();
  const reading = readingAttributes(root?.reading);
  const handles = useMatches().map((m) => m.handle as ScriptsHandle | undefined);
  const scripts = !handles.some((h) => h?.scripts === false);
  const enhance = !scripts && !handles.some((h) => h?.enhance === false);
  const user = root?.user;
  // What the small script does with the service worker: keep pages for offline reading, or clear it all on a shared device.
  const offline = user ? (user.sharedDevice ? "clear" : "keep") : undefined;
  return (
    <html lang="en-GB" {...reading}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {enhance && root?.enhanceScript ? <script src={root.enhanceScript} defer nonce={nonce} /> : null}
        {/* A page with no script (the sign-in with a code) fetches the small script once it has loaded, for the next page. */}
        {!scripts && !enhance && root?.enhanceScript ? <link rel="prefetch" href={root.enhanceScript} as="script" /> : null}
      </head>
      <body data-offline={enhance ? offline : undefined}>
        {/* Without the framework's scripts nothing routes a click: links are plain anchors (decision 230). */}
        <PlainLinks value={!scripts}>
          <a href="#main-content" className="skip-link">
            Skip to main content
          </a>
          <Header plain={!scripts} />
          <ElectionNotice />
          <div className="width-container">
            <Main>{children}</Main>
          </div>
          <Footer plain={!scripts} />
        </PlainLinks>
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

/** Staff see the intranet's footer; a visitor on the public pages (decision 091) is told those pages are open to all. */
function Footer({ plain }: { plain: boolean }) {
  const visitor = !useRootData()?.user && /^\/public(\/|$)/.test(useLocation().pathname);
  const fragments = useFragments();
  // The same for everyone but visitors: drawn once on pages without the framework's scripts (decision 230).
  if (plain && fragments)
    return (
      <footer
        className="site-footer"
        dangerouslySetInnerHTML={{
          __html: fragments(`footer|${visitor ? "visitor" : "staff"}`, () => (
            <PlainLinks value>
              <FooterContent visitor={visitor} />
            </PlainLinks>
          )),
        }}
      />
    );
  return (
    <footer className="site-footer">
      <FooterContent visitor={visitor} />
    </footer>
  );
}

function FooterContent({ visitor }: { visitor: boolean }) {
  return (
    <>
      <div className="width-container">
        {visitor ? (
          <p>Riverside Borough Council. These pages are open to everyone; the rest of the intranet is for council staff.</p>
        ) : (
          <p>Riverside Borough Council staff intranet. For council staff only: do not share outside the council.</p>
        )}
        <ul>
          <li>
            <Link to="/accessibility">Accessibility statement</Link>
          </li>
          <li>
            <Link to="/privacy">How we use your information</Link>
          </li>
          <li>{visitor ? <Link to="/login">Staff: sign in</Link> : <Link to="/requests">Ask for a guide that is missing</Link>}</li>
          {visitor ? null : (
            <li>
              <Link to="/comms-requests">Ask the communications team for publicity</Link>
            </li>
          )}
        </ul>
      </div>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
