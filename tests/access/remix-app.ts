/**
 * The real Remix request handler (`createRequestHandler` from @remix-run/node, as server.js
 * uses) over a server build assembled in the test process from the app's source: the route
 * tree comes from Remix's own flat-routes reader over app/routes, and every module is the
 * source module vitest loads, so the handler runs today's code (no stale build/), in the
 * same process as the test's database and search index.
 *
 * Page requests render the whole document (root loader, every matched loader, React);
 * `?_data=<route id>` requests answer one loader's JSON, exactly as a browser's client-side
 * navigation asks for it.
 */
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
// A dev-tool module of Remix v2 (the same reader its compiler uses); typed by its own .d.ts.
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";

const APP_DIR = path.join(process.cwd(), "app");

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; file: string };
type RouteModule = Record<string, unknown> & { default?: unknown; loader?: unknown; action?: unknown; ErrorBoundary?: unknown };

export type AppRoute = ManifestRoute & { module: RouteModule };

export type InProcessApp = {
  /** Route id → route, including "root". */
  routes: Record<string, AppRoute>;
  /** Answers a request as the production server would (mode "production": errors are not shown). */
  handle: (request: Request) => Promise<Response>;
  /** Route modules that could not be imported (reported by the caller). */
  failed: string[];
};

export async function loadApp(): Promise<InProcessApp> {
  const manifest = flatRoutes(APP_DIR, ["**/.*", "**/*.test.{ts,tsx}"]) as Record<string, ManifestRoute>;
  const all: ManifestRoute[] = [{ id: "root", path: "", file: "root.tsx" }, ...Object.values(manifest)];
  const routes: Record<string, AppRoute> = {};
  const failed: string[] = [];
  for (const r of all) {
    try {
      const module = (await import(/* @vite-ignore */ path.join(APP_DIR, r.file))) as RouteModule;
      routes[r.id] = { ...r, module };
    } catch (err) {
      failed.push(`${r.file}: ${String(err instanceof Error ? err.message : err).split("\n")[0]}`);
    }
  }
  const entry = (await import(/* @vite-ignore */ path.join(APP_DIR, "entry.server.tsx"))) as ServerBuild["entry"]["module"];
  const serverRoutes: ServerBuild["routes"] = {};
  const assetRoutes: ServerBuild["assets"]["routes"] = {};
  for (const r of Object.values(routes)) {
    const base = { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive };
    serverRoutes[r.id] = { ...base, module: r.module as never };
    assetRoutes[r.id] = {
      ...base, module: `/build/${r.id}.js`, imports: [], hasAction: typeof r.module.action === "function",
      hasLoader: typeof r.module.loader === "function", hasClientAction: false, hasClientLoader: false,
      hasErrorBoundary: typeof r.module.ErrorBoundary === "function",
    };
  }
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry },
    routes: serverRoutes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest-test.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
    isSpaMode: false,
  };
  const handler = createRequestHandler(build, "production");
  return { routes, failed, handle: (request) => handler(request, { clientIp: "127.0.0.1", cspNonce: "test-nonce" }) };
}
