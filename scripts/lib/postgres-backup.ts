/**
 * On PostgreSQL (DATABASE_URL, decision 100) `npm run backup`/`restore` do not copy files:
 * the database server's own tools do it. This says which, with the address (password
 * hidden), and whether they are installed here.
 */
import { spawnSync } from "node:child_process";
import { redactDatabaseUrl } from "~/utils/database-url";

function installed(tool: string): string {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? `${r.stdout.trim()} is installed here` : `${tool} is NOT installed here (Debian: apt-get install postgresql-client)`;
}

export function postgresBackupAdvice(url: string, what: "backup" | "restore"): string {
  const shown = redactDatabaseUrl(url);
  const lines =
    what === "backup"
      ? [
          "This intranet runs on PostgreSQL (DATABASE_URL), so back it up with pg_dump, which is safe while it runs:",
          `  pg_dump --format=custom --file=intranet-$(date -u +%Y%m%d-%H%M%S).dump '${shown}'`,
          "(put the real password in ~/.pgpass or PGPASSWORD, not on the command line). Check a dump with:",
          "  pg_restore --list intranet-….dump > /dev/null && echo readable",
          installed("pg_dump"),
        ]
      : [
          "This intranet runs on PostgreSQL (DATABASE_URL), so restore with pg_restore, with every instance stopped:",
          `  pg_restore --clean --if-exists --no-owner --dbname='${shown}' intranet-….dump`,
          "then start the instances; newer migrations are applied at start-up.",
          installed("pg_restore"),
        ];
  return lines.join("\n");
}
