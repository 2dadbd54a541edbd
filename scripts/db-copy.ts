/**
 * npm run db:copy -- --from sqlite:PATH --to postgres://USER:PASSWORD@HOST:5432/DB [--replace]
 * (and the other way: --from postgres://… --to sqlite:PATH)
 *
 * Moves a council's intranet between its embedded SQLite file and a PostgreSQL database
 * (decision 225, docs/operations.md): migrates the target, refuses one that already holds
 * content unless --replace, copies every table in one transaction on the target, moves id
 * counters past the copied ids, and prints the row counts of both sides. The source is only
 * read. Exit code 2: bad arguments; 1: refused or failed (nothing written). Passwords are
 * never printed.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { copyDatabase, CopyError, type CopyReport } from "~/commands/database-copy.server";
import { databaseUrlProblem, redactDatabaseUrl } from "~/utils/database-url";
import { Database, type Database as AnyDatabase } from "~/utils/db.server";
import { PostgresDatabase } from "~/utils/db-postgres.server";

export type Location = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

const USAGE = "Usage: npm run db:copy -- --from sqlite:PATH|postgres://USER:PASSWORD@HOST:PORT/DB --to sqlite:PATH|postgres://… [--replace]";

function location(flag: "--from" | "--to") {
  return z
    .string({ required_error: `${flag} is missing. ${USAGE}` })
    .min(1, `${flag} is empty. ${USAGE}`)
    .transform((value, ctx): Location => {
      if (value.startsWith("sqlite:")) {
        const file = value.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
        if (!file) {
          ctx.addIssue({ code: "custom", message: `${flag} sqlite: names no file (sqlite:data/intranet.db)` });
          return z.NEVER;
        }
        return { kind: "sqlite", file: path.resolve(file) };
      }
      if (/^postgres(ql)?:\/\//i.test(value)) {
        const problem = databaseUrlProblem(value);
        if (problem) {
          ctx.addIssue({ code: "custom", message: `${flag}: ${problem.replace(/^DATABASE_URL:? ?/, "the address ")}` });
          return z.NEVER;
        }
        return { kind: "postgres", url: value };
      }
      ctx.addIssue({ code: "custom", message: `${flag} must start with sqlite: or postgres:// (it is ${shown(value)})` });
      return z.NEVER;
    });
}

export const DbCopyArgs = z
  .object({ from: location("--from"), to: location("--to"), replace: z.boolean().default(false) })
  .superRefine((a, ctx) => {
    if (a.from.kind === "sqlite" && !fs.existsSync(a.from.file)) ctx.addIssue({ code: "custom", path: ["from"], message: `--from: there is no database file at ${a.from.file}` });
    if (same(a.from, a.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "--from and --to name the same database" });
  });
export type DbCopyArgs = z.infer<typeof DbCopyArgs>;

function same(a: Location, b: Location): boolean {
  if (a.kind === "sqlite" && b.kind === "sqlite") return a.file === b.file;
  if (a.kind === "postgres" && b.kind === "postgres") {
    const x = new URL(a.url);
    const y = new URL(b.url);
    return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
  }
  return false;
}

/** A value shown in a message: an address without its password. */
function shown(value: string): string {
  return /^[a-z][\w+.-]*:\/\//i.test(value) ? redactDatabaseUrl(value) : JSON.stringify(value.slice(0, 80));
}

/** The arguments, or the messages saying what is wrong with them. */
export function parseDbCopyArgs(argv: string[]): { ok: true; args: DbCopyArgs } | { ok: false; messages: string[] } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: "string" }, to: { type: "string" }, replace: { type: "boolean" } }, strict: true, allowPositionals: false }));
  } catch (err) {
    // node's own message names the unknown option (never a value).
    return { ok: false, messages: [`${(err as Error).message.split("\n")[0]}. ${USAGE}`] };
  }
  const parsed = DbCopyArgs.safeParse(values);
  if (parsed.success) return { ok: true, args: parsed.data };
  return { ok: false, messages: parsed.error.issues.map((i) => i.message) };
}

async function open(loc: Location, role: "source" | "target"): Promise<AnyDatabase> {
  const flag = role === "source" ? "--from" : "--to";
  if (loc.kind === "sqlite") {
    try {
      return await Database.open(loc.file, role === "source" ? { readOnly: true } : {});
    } catch (err) {
      throw new CopyError(`${flag}: cannot open ${loc.file}: ${(err as Error).message}`);
    }
  }
  try {
    return await PostgresDatabase.open(loc.url, { max: 2 });
  } catch (err) {
    const why = (err as Error).message.replace(/^DATABASE_URL: cannot use the PostgreSQL database at \S+: /, "");
    throw new CopyError(`${flag}: cannot use the PostgreSQL database at ${redactDatabaseUrl(loc.url)}: ${why}`);
  }
}

export function formatReport(report: CopyReport, from: string, to: string): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`Copied ${from} to ${to}: ${report.tables.length} tables, ${report.rows} rows in ${(report.ms / 1000).toFixed(1)} s.`, "", `${"table".padEnd(width)}  ${"source".padStart(8)}  ${"target".padStart(8)}`];
  for (const t of report.tables) lines.push(`${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}${t.source === t.target ? "" : "  DIFFERS"}`);
  lines.push("", "Every table's row count matches.");
  return lines.join("\n");
}

/** Runs the command; returns the exit code. Everything printed goes through `print`/`fail` with passwords hidden. */
export async function runDbCopy(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const secrets = argv.flatMap((a) => {
    try {
      const p = new URL(a.replace(/^--\w+=/, "")).password;
      return p ? [p, decodeURIComponent(p)] : [];
    } catch {
      return [];
    }
  });
  const hide = (s: string) => secrets.reduce((acc, p) => acc.split(p).join("***"), s);
  const parsed = parseDbCopyArgs(argv);
  if (!parsed.ok) {
    for (const m of parsed.messages) err(hide(`db:copy: ${m}`));
    return 2;
  }
  const { from, to, replace } = parsed.args;
  const name = (l: Location) => (l.kind === "sqlite" ? `sqlite:${l.file}` : redactDatabaseUrl(l.url));
  let source: AnyDatabase | undefined;
  let target: AnyDatabase | undefined;
  try {
    source = await open(from, "source");
    target = await open(to, "target");
    const report = await copyDatabase(source, target, { replace, log: (l) => out(hide(l)) });
    out(hide(formatReport(report, name(from), name(to))));
    return 0;
  } catch (e) {
    const message = e instanceof CopyError ? e.message : `the copy failed and was rolled back (no rows were written to the target): ${(e as Error).message}`;
    err(hide(`db:copy: ${message}`));
    return 1;
  } finally {
    await target?.close().catch(() => undefined);
    await source?.close().catch(() => undefined);
  }
}

if (process.argv[1]?.endsWith("db-copy.ts")) {
  process.exitCode = await runDbCopy(process.argv.slice(2));
}
