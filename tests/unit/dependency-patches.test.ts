/**
 * The patches in patches/ (applied by `npm install` through patch-package) keep route
 * matching from redoing per page what never changes (docs/decisions/065). An install
 * that skipped them (`--ignore-scripts`) still works, only slower; this test makes that
 * visible. It also checks the patched matcher still matches as before.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const PATCHED = ["@remix-run/router/dist/router.cjs.js", "@remix-run/react/dist/server.js", "react-router-dom/server.js", "@remix-run/server-runtime/dist/data.js"];

describe("dependency patches", () => {
  it("are applied to every file they change", () => {
    for (const patch of fs.readdirSync("patches")) expect(patch).toMatch(/\.patch$/);
    for (const file of PATCHED) expect(fs.readFileSync(path.join("node_modules", file), "utf8"), file).toContain("Intranet patch");
  });

  it("leave route matching as it was: params, ranking, splats, no match, and a tree that changes", () => {
    const { matchRoutes, matchPath } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes = [
      { id: "root", path: "/", children: [
        { id: "news", path: "announcements/:slug" },
        { id: "new", path: "announcements/new" },
        { id: "files", path: "files/*" },
        { id: "home", index: true },
      ] },
    ];
    for (let i = 0; i < 2; i++) {
      expect(matchRoutes(routes, "/announcements/new")!.map((m) => m.route.id)).toEqual(["root", "new"]);
      const news = matchRoutes(routes, "/announcements/winter-gritting")!;
      expect(news.map((m) => m.route.id)).toEqual(["root", "news"]);
      expect(news[1].params).toEqual({ slug: "winter-gritting" });
      expect(matchRoutes(routes, "/files/a/b.pdf")![1].params["*"]).toBe("a/b.pdf");
      expect(matchRoutes(routes, "/")!.map((m) => m.route.id)).toEqual(["root", "home"]);
      expect(matchRoutes(routes, "/nowhere/at/all")).toBeNull();
      expect(matchPath("/guides/:slug", "/guides/damp")!.params).toEqual({ slug: "damp" });
      expect(matchPath({ path: "/guides", end: false }, "/guides/damp")).not.toBeNull();
      expect(matchPath({ path: "/guides", end: true }, "/guides/damp")).toBeNull();
    }
    // A remembered match is handed out as a copy: changing one answer changes no later one.
    const first = matchRoutes(routes, "/announcements/remembered")!;
    (first[1].params as Record<string, string>).slug = "changed";
    (first[0] as { pathname: string }).pathname = "/changed";
    first.pop();
    const again = matchRoutes(routes, "/announcements/remembered")!;
    expect(again.map((m) => [m.route.id, m.pathname, m.params.slug])).toEqual([["root", "/", "remembered"], ["news", "/announcements/remembered", "remembered"]]);
    expect(again[0].params).toBe(again[1].params);
    // Link targets: remembered, handed out as copies, relative ones still resolved against where they are.
    const { resolveTo } = require("@remix-run/router") as { resolveTo: (to: string, routePathnames: string[], location: string, pathRelative?: boolean) => { pathname: string; search: string; hash: string } };
    const link = resolveTo("/guides/damp?x=1#top", ["/"], "/announcements/a");
    expect(link).toEqual({ pathname: "/guides/damp", search: "?x=1", hash: "#top" });
    link.pathname = "/changed";
    expect(resolveTo("/guides/damp?x=1#top", ["/", "/announcements/a"], "/announcements/b").pathname).toBe("/guides/damp");
    expect(resolveTo(".", ["/", "/announcements/a"], "/announcements/a").pathname).toBe("/announcements/a");
    expect(resolveTo(".", ["/", "/guides/b"], "/guides/b").pathname).toBe("/guides/b");
    expect(resolveTo("edit", ["/", "/guides/b"], "/guides/b", true).pathname).toBe("/guides/b/edit");
    expect(resolveTo("edit", ["/", "/guides/c"], "/guides/c", true).pathname).toBe("/guides/c/edit");
    expect(resolveTo("/guides/", ["/"], "/").pathname).toBe("/guides/");
    // A new tree (as a new build would make) is matched afresh.
    const other = [{ id: "only", path: "/announcements/:slug/edit" }];
    expect(matchRoutes(other, "/announcements/x/edit")!.map((m) => m.route.id)).toEqual(["only"]);
    expect(matchRoutes(other, "/announcements/new")).toBeNull();
  });

  it("give a loader and an action the request as it is when its address has no query string, and strip Remix's own params when it has", async () => {
    const { createRequestHandler } = require("@remix-run/server-runtime") as typeof import("@remix-run/server-runtime");
    const seen: { loader: Request[]; action: Request[] } = { loader: [], action: [] };
    const resourceRoute = (id: string, path: string | undefined, index = false) => ({
      id, parentId: id === "root" ? undefined : "root", path, index, caseSensitive: undefined,
      module: {
        loader: ({ request }: { request: Request }) => (seen.loader.push(request), Response.json({ url: request.url })),
        action: ({ request }: { request: Request }) => (seen.action.push(request), Response.json({ url: request.url })),
      },
    });
    const build = {
      mode: "production", basename: "/", publicPath: "/build/", assetsBuildDirectory: "public/build", isSpaMode: false,
      future: { v3_fetcherPersist: false, v3_relativeSplatPath: false, v3_throwAbortReason: false, v3_routeConfig: false, v3_singleFetch: false, v3_lazyRouteDiscovery: false, unstable_optimizeDeps: false },
      assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "1" },
      entry: { module: { default: () => new Response("") } },
      routes: { root: { id: "root", path: "", module: {} }, thing: resourceRoute("thing", "thing"), home: resourceRoute("home", undefined, true) },
    } as unknown as Parameters<typeof createRequestHandler>[0];
    const handle = createRequestHandler(build, "production");
    const asked = new Request("http://intranet.test/thing");
    expect(await (await handle(asked)).json()).toEqual({ url: "http://intranet.test/thing" });
    expect(seen.loader.at(-1)).toBe(asked);
    const posted = new Request("http://intranet.test/thing", { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect((await handle(posted)).status).toBe(200);
    expect(seen.action.at(-1)).toBe(posted);
    // With a query string: a copy, without Remix's own params, keeping the rest.
    const withQuery = new Request("http://intranet.test/thing?q=damp&_data=thing");
    await handle(withQuery);
    expect(seen.loader.at(-1)).not.toBe(withQuery);
    expect(seen.loader.at(-1)!.url).toBe("http://intranet.test/thing?q=damp");
    const index = new Request("http://intranet.test/?index&page=2");
    expect(await (await handle(index)).json()).toEqual({ url: "http://intranet.test/?page=2" });
  });
});
