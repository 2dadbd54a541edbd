import { defineConfig } from "vitest/config";
import { VERIFIED_ON_POSTGRES } from "./tests/postgres/excluded";
import base from "./vitest.config";

/**
 * The unit suite on a real PostgreSQL server (decision 100): one server for the run
 * (tests/postgres/global-setup.ts), one database per test file (tests/setup.ts). Runs the files
 * seen passing there (tests/postgres/excluded.ts) and lists every other test file at the end.
 * `PG_TESTS=all` runs every file instead (to find what passes now).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    globalSetup: ["tests/postgres/global-setup.ts"],
    // Every statement is a round trip to a server (SQLite's are calls in the process): the
    // slowest files (the demo council's generated history) take a few times longer here.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    ...(process.env.PG_TESTS === "all" ? {} : { include: VERIFIED_ON_POSTGRES }),
  },
});
