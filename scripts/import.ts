/**
 * npm run import                      import content/ (CONTENT_DIR) into the database
 * npm run import -- --content DIR     import another content folder
 *                  [--workers N]      worker threads for large imports (default: one per CPU, up to 4)
 * npm run import -- --dir PATH --type guide --department SLUG [--owner EMAIL]
 *                                     bring in a folder of Markdown (and Word .docx) written for another tool
 *
 * Prints a summary; exits with 1 if any file could not be imported.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { importContent, type ImportReport } from "~/commands/import.server";
import { DirImportUsageError, importDirectory } from "~/commands/import-dir.server";
import { formatProblem } from "~/schemas/front-matter";
import { closeDb } from "~/utils/db.server";

const USAGE = `Usage:
  npm run import
  npm run import -- --content DIR
  npm run import -- --dir PATH --type guide --department SLUG [--owner EMAIL]`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        dir: { type: "string" }, type: { type: "string" }, department: { type: "string" }, owner: { type: "string" },
        content: { type: "string" }, workers: { type: "string" }, help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const onProgress = progressBar();
  let report: ImportReport;
  let what: string;
  try {
    if (args.dir) {
      if ((args.type ?? "guide") !== "guide") throw new DirImportUsageError("--type: folders can be imported as guides only (--type guide)");
      if (!args.department) throw new DirImportUsageError("--department: say which department the guides belong to, e.g. --department housing");
      report = await importDirectory({ dir: args.dir, type: "guide", department: args.department, owner: args.owner, onProgress: onProgress.update });
      what = args.dir;
    } else {
      // Large imports parse and render in worker threads (from 500 changed files).
      const workers = args.workers !== undefined ? Number(args.workers) : Math.min(4, os.availableParallelism());
      report = await importContent({ contentDir: args.content, onProgress: onProgress.update, workers });
      what = args.content ?? process.env.CONTENT_DIR ?? "content";
    }
    // Nothing more to do for a server running on this database: the import's own transactions
    // wrote the change feed, which its search and delivery follow (decision 090).
  } catch (err) {
    onProgress.stop();
    if (err instanceof DirImportUsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  } finally {
    await closeDb();
  }
  onProgress.stop();
  console.log(formatSummary(what, report));
  return report.errors.length > 0 ? 1 : 0;
}

/** A progress bar on a terminal for long imports (more than 50 files); nothing otherwise. */
function progressBar() {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update: (done: number, total: number) => {
      if (!process.stdout.isTTY || total <= 50) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: "Importing [{bar}] {percentage}% | {value}/{total} files | {eta_formatted} left", hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar.update(done);
    },
    stop: () => {
      bar?.stop();
      bar = null;
    },
  };
}

export function formatSummary(what: string, r: ImportReport): string {
  const lines = [
    `Imported ${what}: ${r.files} files in ${(r.ms / 1000).toFixed(1)} s`,
    `  created    ${r.created.length}`,
    `  revised    ${r.revised.length}`,
    `  unchanged  ${r.unchanged}`,
    `  archived   ${r.archived.length}`,
    `  conflicts  ${r.conflicts.length}`,
    `  errors     ${r.errors.length}`,
  ];
  if (r.archived.length) lines.push("", "Archived (their files were removed):", ...r.archived.map((a) => `  ${a.path} (${a.type} ${a.slug})`));
  if (r.conflicts.length) lines.push("", "Conflicts (nothing was overwritten):", ...r.conflicts.map((c) => `  ${c.message}`));
  if (r.warnings.length) lines.push("", "Warnings:", ...r.warnings.map((w) => `  ${w}`));
  if (r.errors.length) lines.push("", "Not imported (fix these and import again):", ...r.errors.map((p) => `  ${formatProblem(p)}`));
  return lines.join("\n");
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
