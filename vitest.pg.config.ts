import { defineConfig } from "vitest/config";
import { NOT_ON_POSTGRES } from "./tests/postgres/excluded";
import base from "./vitest.config";

/**
 * The unit suite on a real PostgreSQL server (decisions 100 and 200): one server for the run
 * (tests/postgres/global-setup.ts), one database per test file (tests/setup.ts). Every test
 * file runs except those in tests/postgres/excluded.ts; tests/postgres/reporter.ts prints at
 * the end what did not run and why. `PG_TESTS=all` runs those too.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    globalSetup: ["tests/postgres/global-setup.ts"],
    reporters: ["default", "./tests/postgres/reporter.ts"],
    // Every statement is a round trip to a server (SQLite's are calls in the process): the
    // slowest files (the demo council's generated history) take a few times longer here.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    exclude: [...(base.test?.exclude ?? []), ...(process.env.PG_TESTS === "all" ? [] : Object.keys(NOT_ON_POSTGRES))],
  },
});
