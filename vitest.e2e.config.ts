import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * End-to-end and accessibility tests in a real headless Chromium against the production
 * build (npm run test:e2e builds first). One server with the demo content is started for
 * the whole run (tests/e2e/global-setup.ts); files run one after another.
 */
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
