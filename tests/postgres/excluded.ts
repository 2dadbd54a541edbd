/**
 * Which test files `npm run test:unit:pg` runs (decision 100). The whole unit suite is meant
 * to run on PostgreSQL; it does not yet. The run takes the files in VERIFIED_ON_POSTGRES (each
 * seen passing against the real server) and prints every other test file at the end with its
 * reason, from KNOWN_FAILURES or "not yet verified", so nobody mistakes it for the whole suite.
 * Move a file into VERIFIED_ON_POSTGRES once it passes there.
 */
export const VERIFIED_ON_POSTGRES: string[] = [
  "tests/access/leaks.test.ts",
  "tests/access/model-rule.test.ts",
  "tests/access/owner-rule.test.ts",
  "tests/auth/admin.test.ts",
  "tests/auth/csrf-enumeration.test.ts",
  "tests/auth/demo-accounts.test.ts",
  "tests/auth/oidc-mapping.test.ts",
  "tests/auth/password-rules.test.ts",
  "tests/auth/rate-limit.test.ts",
  "tests/auth/route-matrix.test.ts",
  "tests/auth/sessions.test.ts",
  "tests/editor/file-items.test.ts",
  "tests/editor/revisions.test.ts",
  "tests/editor/routes.test.ts",
  "tests/editor/scheduler.test.ts",
  "tests/editor/schema.test.ts",
  "tests/editor/workflow-rules.test.ts",
  "tests/import/front-matter.test.ts",
  "tests/pages/announcements.test.ts",
  "tests/pages/dates.test.ts",
  "tests/pages/departments.test.ts",
  "tests/pages/edit-link.test.ts",
  "tests/pages/guides.test.ts",
  "tests/pages/home-sections.test.ts",
  "tests/pages/home.test.ts",
  "tests/pages/policies.test.ts",
  "tests/pages/rendering.test.ts",
  "tests/public/public-pages.test.ts",
  "tests/unit/audience.test.ts",
  "tests/unit/auth-redirect.test.ts",
  "tests/unit/date-input.test.ts",
  "tests/unit/dependency-patches.test.ts",
  "tests/unit/migration-files.test.ts",
  "tests/unit/one-of-each.test.ts",
  "tests/unit/sql-dialect.test.ts",
  "tests/unit/sql-only-in-models.test.ts",
  "tests/unit/xml-text-edges.test.ts",
];

/** Files seen failing on PostgreSQL, and why (what is still to port). */
export const KNOWN_FAILURES: Record<string, string> = {
  "tests/import/import.test.ts":
    "4 tests: a first import after another test's import reports no changed items; an edited-on-the-web conflict keeps the file's title",
  "tests/knowledge/routes.test.ts": "2 tests fail (not yet investigated)",
  "tests/delivery/first-start.test.ts": "fails (not yet investigated)",
  "tests/demo/demo-activity.test.ts": "its beforeAll fails (demo history generation not yet ported)",
  "tests/access/marker-surfaces.test.ts": "its beforeAll fails (builds the demo world; not yet investigated)",
  "tests/feed/change-feed.test.ts": "3 tests time out: followers wait for a position (not yet investigated)",
  "tests/security/malformed.test.ts": "passes, but takes 8 minutes on PostgreSQL (left out for time)",
  "tests/editor/workflow.test.ts": "2 tests: a model still writes INSERT OR REPLACE (to port to INSERT … ON CONFLICT DO UPDATE)",
  "tests/unit/db.test.ts": "SQLite only: asks PRAGMA journal_mode/foreign_keys and the sqlite3 wrapper itself",
  "tests/unit/personal-data-register.test.ts": "1 test: the register is checked against SQLite's own tables (sqlite_sequence is a view on PostgreSQL)",
  "tests/unit/healthcheck.test.ts": "SQLite only: a replaced database file (skipped there anyway)",
  "tests/reliability/backup.test.ts": "SQLite only: file backups (PostgreSQL: pg_dump, see docs/operations.md)",
};
