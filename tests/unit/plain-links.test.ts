/**
 * Plain links on pages sent without the framework's scripts (decision 230): the same
 * address, classes and aria-current as the framework's <Link>/<NavLink>, drawn through the
 * framework's own router here, so a difference in how it writes a link fails the test;
 * and no page or component imports the framework's Link directly (it would skip the plain
 * anchor and cost the router's hooks again).
 */
import fs from "node:fs";
import path from "node:path";
import { createElement as h, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Link, NavLink, PlainLinks, plainHref } from "~/components/Link";

/** The framework's markup, with the one attribute only its client router reads. */
function framework(at: string, el: ReactElement): string {
  return renderToStaticMarkup(h(MemoryRouter, { initialEntries: [at] }, el)).replaceAll(' data-discover="true"', "");
}
function plain(at: string, el: ReactElement): string {
  return renderToStaticMarkup(h(MemoryRouter, { initialEntries: [at] }, h(PlainLinks, { value: true }, el)));
}

const TARGETS = [
  "/",
  "/guides",
  "/guides/",
  "/policies/leave-policy?version=3",
  "/announcements?page=2#list",
  "/search?q=bins+%26+recycling",
  "/x?",
  "/x#",
  "/x?#",
  "/departments/housing#contacts",
  "/files/a%20b.pdf",
];

describe("plain links", () => {
  // The router's development build warns that its layout effects do nothing on a server.
  beforeAll(() => void vi.spyOn(console, "error").mockImplementation(() => undefined));

  it("write the framework's address for every absolute target", () => {
    for (const to of TARGETS) {
      const el = h(Link, { to, className: "more-link", prefetch: "intent", rel: "next" }, "Go");
      expect(plain("/guides/damp", el), to).toBe(framework("/guides/damp", el));
      expect(plain("/guides/damp", el), to).not.toContain("data-discover");
    }
  });

  it("leave relative, protocol-relative and external targets to the framework", () => {
    for (const to of ["?page=2", "#top", "edit", "..", "//elsewhere.example/x", "https://elsewhere.example/"]) expect(plainHref(to), to).toBeNull();
    const el = h(Link, { to: "?page=2" }, "Next");
    expect(plain("/guides", el)).toContain('href="/guides?page=2"');
    expect(plain("/guides", h(Link, { to: { pathname: "/guides", search: "?a=1" } }, "A"))).toContain('href="/guides?a=1"');
  });

  it("mark the current section in the navigation as the framework does", () => {
    const nav = [
      { to: "/", end: true },
      { to: "/announcements" },
      { to: "/guides" },
      { to: "/admin" },
      { to: "/admin/insights" },
    ];
    for (const at of ["/", "/announcements", "/announcements/winter-gritting", "/announcementsx", "/Guides/Damp", "/admin/insights", "/admin", "/guides/"]) {
      for (const n of nav) {
        const el = h(NavLink, { to: n.to, end: n.end }, "Section");
        expect(plain(at, el), `${n.to} at ${at}`).toBe(framework(at, el));
        const styled = h(NavLink, { to: n.to, end: n.end, className: ({ isActive }: { isActive: boolean }) => (isActive ? "on" : "off") }, "S");
        expect(plain(at, styled), `${n.to} at ${at}`).toBe(framework(at, styled));
      }
    }
  });

  it("are the only Link and NavLink pages and components use", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && p !== path.join("app", "components", "Link.tsx")) {
          const src = fs.readFileSync(p, "utf8");
          for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@remix-run\/react"/g)) {
            if (m[1].split(",").some((s) => /^(Link|NavLink)(\s+as\s+\w+)?$/.test(s.trim()))) offenders.push(p);
          }
        }
      }
    };
    walk("app");
    expect(offenders, "import Link/NavLink from ~/components/Link").toEqual([]);
  });
});
