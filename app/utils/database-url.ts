/** DATABASE_URL checks shared by the environment schema and the PostgreSQL driver (decision 100). */

/** The address with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a valid address)";
  }
}

/** Why DATABASE_URL cannot be used, or null when it looks like a PostgreSQL address. */
export function databaseUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "DATABASE_URL must be a PostgreSQL address like postgres://user:password@host:5432/intranet";
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    return `DATABASE_URL must start with postgres:// or postgresql:// (it starts with ${u.protocol}//)`;
  }
  if (!u.hostname) return "DATABASE_URL has no host name (postgres://user:password@host:5432/intranet)";
  if (u.pathname.replace(/^\//, "") === "") return "DATABASE_URL names no database (add /intranet after the host)";
  return null;
}
