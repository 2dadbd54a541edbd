/**
 * npm run check-content [-- --content DIR]
 * Checks every content file as the importer would, without touching any database, and the
 * files pages attach or link to (exists, type by content, size limit, images' alt text).
 * Prints each problem as file:line: field: message and exits with 1 if there are any.
 */
import { parseArgs } from "node:util";
import { checkContent } from "~/commands/import-check.server";
import { formatProblem } from "~/schemas/front-matter";

const { values } = parseArgs({ options: { content: { type: "string" } } });
const dir = values.content ?? process.env.CONTENT_DIR ?? "content";
const report = await checkContent(dir);
for (const w of report.warnings) console.log(`warning: ${w}`);
if (report.problems.length === 0) {
  console.log(`${dir}: ${report.files} files checked, no problems.`);
  process.exit(0);
}
for (const p of report.problems) console.log(formatProblem(p));
console.log(`\n${dir}: ${report.files} files checked, ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}.`);
process.exit(1);
