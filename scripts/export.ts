/**
 * npm run export -- --dir PATH   every item (not archived), organisation.yml and the glossary as
 *                                Markdown with front matter, attached files beside their item,
 *                                in the format `npm run import -- --content PATH` reads (decision 154)
 */
import { parseArgs } from "node:util";
import { exportContent, ExportUsageError } from "~/commands/export.server";
import { closeDb } from "~/utils/db.server";

const USAGE = "Usage:\n  npm run export -- --dir PATH";

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.dir) {
    console.error(`--dir: say where to write the export, e.g. --dir ../content-export\n\n${USAGE}`);
    return 2;
  }
  try {
    const r = await exportContent({ dir: args.dir });
    console.log(`Exported to ${args.dir} in ${(r.ms / 1000).toFixed(1)} s\n  items        ${r.items}\n  files        ${r.files}\n  attachments  ${r.attachments}\n  bytes        ${r.bytes}`);
    if (r.warnings.length) console.log(["", "Warnings:", ...r.warnings.map((w) => `  ${w}`)].join("\n"));
    return 0;
  } catch (err) {
    if (err instanceof ExportUsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  },
);
