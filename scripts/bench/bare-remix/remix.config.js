/**
 * The bare Remix v2 app `npm run bench:http` measures the intranet against: one route,
 * classic compiler, production build. The bench builds it into the repository's tmp/
 * (tmp/bench-bare-remix, ignored by git), so nothing is written beside these files.
 */
// Inside the repository (tmp/ is ignored) so the build finds its packages in node_modules.
const out = process.env.BARE_REMIX_OUT ?? new URL("../../../tmp/bench-bare-remix", import.meta.url).pathname;
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: `${out}/build/index.js`,
  assetsBuildDirectory: `${out}/public/build`,
  cacheDirectory: `${out}/.cache`,
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
};
