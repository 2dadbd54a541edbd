import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The whole unit suite again on a real PostgreSQL server (decision 100): one server for the
 * run (tests/postgres/global-setup.ts), one database per test file (tests/setup.ts).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ["tests/postgres/global-setup.ts"],
    },
  }),
);
