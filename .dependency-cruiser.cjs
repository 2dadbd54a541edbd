/**
 * Import boundaries of the intranet (docs/architecture.md, decision 037), checked by
 * `npm run lint:boundaries` as part of `npm test`:
 *
 *   routes → commands → models → utils, access
 *            presenters (shape model rows for pages)
 *   components: presentational; no data access, no *.server code
 *
 * Type-only imports are erased at build time, so they may cross where a value may not
 * (a component names a loader's types), except into components from models.
 * SQL stays in app/models: tests/unit/sql-only-in-models.test.ts.
 */
const LAYERS_ABOVE_MODELS = "^app/(routes|scim|commands|components|presenters|search)/";

/** utils that serve requests from the models they name (sign-in, sessions, feeds, search); no other utils file may import a model. */
const UTILS_SERVICES = "^app/utils/(auth|session|rate-limit|oidc|feed|search|people-search|acknowledgement-access|shared-device|reading-settings)\\.server\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Modules must not import each other round in a circle (type-only imports and dynamic imports for start-up order aside).",
      severity: "error",
      from: { path: "^app/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] } },
    },
    {
      name: "routes-are-entry-points",
      comment: "Only Remix loads route modules; nothing imports them.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/routes/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "models-stay-down",
      comment: "Models hold the SQL and nothing above it: never commands, routes, presenters, search or components (not even their types).",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: LAYERS_ABOVE_MODELS },
    },
    {
      name: "commands-below-routes",
      comment: "Commands are called by routes (and the SCIM service); they never import routes, the SCIM service or components.",
      severity: "error",
      from: { path: "^app/commands/" },
      to: { path: "^app/(routes|scim|components)/" },
    },
    {
      name: "presenters-below-commands",
      comment: "Presenters shape what models return; they never import commands or routes.",
      severity: "error",
      from: { path: "^app/presenters/" },
      to: { path: "^app/(routes|scim|commands)/" },
    },
    {
      name: "access-is-a-rule",
      comment: "app/access holds the rules (audience, permissions, ownership, drafts): pure functions and SQL fragments. It uses models only for types, and the audit log for denials.",
      severity: "error",
      from: { path: "^app/access/" },
      to: { path: "^app/(routes|commands|components|presenters|search|models)/", pathNot: "^app/models/audit\\.server\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "utils-stay-down",
      comment: "utils never import routes, commands, presenters or components.",
      severity: "error",
      from: { path: "^app/utils/" },
      to: { path: "^app/(routes|scim|commands|components|presenters)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "utils-use-models-only-when-listed",
      comment: "Only the request services listed in UTILS_SERVICES read models; other utils are plain helpers below models.",
      severity: "error",
      from: { path: "^app/utils/", pathNot: UTILS_SERVICES },
      to: { path: "^app/models/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "search-below-commands",
      comment: "The search engine reads models; it never imports commands, routes, presenters or components.",
      severity: "error",
      from: { path: "^app/search/" },
      to: { path: "^app/(routes|commands|components|presenters)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-no-server-code",
      comment: "Components are shipped to the browser: no *.server module (its types are fine).",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "\\.server\\.tsx?$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-no-data-access",
      comment: "Components only render what they are given: no models, commands, access rules, presenters or search.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/(models|commands|access|presenters|search)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "schemas-browser-safe",
      comment: "Schemas run in the browser too: no *.server module.",
      severity: "error",
      from: { path: "^app/schemas/" },
      to: { path: "\\.server\\.tsx?$", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.(css|txt)$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
