import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * Three built servers on one real PostgreSQL (decision 205, tests/reliability/multi-instance.pgtest.ts): part of
 * `npm test` after the PostgreSQL unit run, on the build `npm test` made (about 1–2 min); alone: `npm run test:multi-instance`.
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/reliability/multi-instance.pgtest.ts"], testTimeout: 180_000, hookTimeout: 300_000 },
});
