import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/** `npm run test:multi-instance`: three built servers on one real PostgreSQL (decision 205); outside the unit suite (about 3 min). */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/reliability/multi-instance.pgtest.ts"], testTimeout: 180_000, hookTimeout: 300_000 },
});
