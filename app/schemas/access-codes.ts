/**
 * The access-code forms (issue 18): one person, or a team from a CSV of employee numbers
 * and names. The CSV is read whole and every problem is reported by line; the command
 * issues nothing unless every line is right.
 */
import { z } from "zod";

export const EMPLOYEE_NUMBER_RE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
export const MAX_CSV_ROWS = 500;
export const MAX_CSV_BYTES = 256 * 1024;

const employeeNumber = z
  .string({ required_error: "Enter the employee number" })
  .transform((v) => v.trim().toUpperCase().replace(/\s+/g, ""))
  .pipe(
    z.string().min(1, "Enter the employee number").regex(EMPLOYEE_NUMBER_RE, "Employee number can only use letters, numbers and hyphens, up to 20 characters, like E10442"),
  );

const name = z.string({ required_error: "Enter their full name" }).trim().min(1, "Enter their full name").max(120, "Full name must be 120 characters or fewer");
const jobTitle = z.string().trim().max(120, "Job title must be 120 characters or fewer").optional().default("");

const departmentId = z
  .string({ required_error: "Choose a department" })
  .regex(/^\d{1,9}$/, "Choose a department")
  .transform(Number);

export const IssueOneSchema = z.object({ employeeNumber, name, jobTitle, departmentId });

export const RedeemCheckSchema = z.object({
  employeeNumber: z.string().trim().min(1, "Enter your employee number").max(40, "Enter your employee number as it is on your letter"),
  code: z.string().trim().min(1, "Enter the code from your letter").max(64, "Enter the code as it is on your letter"),
});

export type CsvPerson = { line: number; employeeNumber: string; name: string; jobTitle: string };
export type CsvResult = { ok: true; people: CsvPerson[] } | { ok: false; errors: string[] };

/** RFC 4180 records with their starting line numbers; null (with the line) where a quote is never closed. */
function records(text: string): { rows: { line: number; cells: string[] }[]; unclosedAt: number | null } {
  const rows: { line: number; cells: string[] }[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      if (ch === "\n") line++;
      cell += ch; i++; continue;
    }
    if (ch === '"' && cell.trim() === "") { quoted = true; cell = ""; i++; continue; }
    if (ch === ",") { cells.push(cell); cell = ""; i++; continue; }
    if (ch === "\r" && text[i + 1] === "\n") { i++; continue; }
    if (ch === "\n" || ch === "\r") {
      cells.push(cell); rows.push({ line: start, cells }); cells = []; cell = ""; line++; start = line; i++; continue;
    }
    cell += ch; i++;
  }
  if (quoted) return { rows, unclosedAt: start };
  if (cell !== "" || cells.length) { cells.push(cell); rows.push({ line: start, cells }); }
  return { rows, unclosedAt: null };
}

/**
 * Reads "employee number, name[, job title]" lines (a header line naming the columns is
 * skipped). Problems name their line: bad numbers, missing names, repeats, too many rows.
 */
export function parseEmployeeCsv(bytes: Uint8Array): CsvResult {
  if (bytes.byteLength === 0) return { ok: false, errors: ["The file is empty. Choose a CSV file with one line per person: employee number, full name."] };
  if (bytes.byteLength > MAX_CSV_BYTES) return { ok: false, errors: [`The file is larger than ${MAX_CSV_BYTES / 1024} KB. Split the team into smaller files.`] };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return { ok: false, errors: ["The file could not be read as text. Save it from your spreadsheet as “CSV UTF-8 (comma delimited)” and try again."] };
  }
  // eslint-disable-next-line no-control-regex
  const binary = /[\u0000-\u0008\u000e-\u001f]/.exec(text);
  if (binary) {
    const line = text.slice(0, binary.index).split("\n").length;
    return { ok: false, errors: [`Line ${line}: this does not look like a CSV file (it has characters a spreadsheet does not write). Save it as CSV and try again.`] };
  }
  const { rows, unclosedAt } = records(text);
  const errors: string[] = [];
  if (unclosedAt !== null) errors.push(`Line ${unclosedAt}: a quotation mark is opened but never closed.`);
  const people: CsvPerson[] = [];
  const seen = new Map<string, number>();
  let first = true;
  for (const { line, cells } of rows) {
    if (cells.every((c) => c.trim() === "")) continue;
    if (first && /employee|number|payroll/i.test(cells[0] ?? "") && !/\d/.test(cells[0] ?? "")) { first = false; continue; }
    first = false;
    if (cells.length < 2 || cells.length > 3) {
      errors.push(`Line ${line}: expected 2 or 3 columns (employee number, full name, and optionally job title), found ${cells.length}.`);
      continue;
    }
    const parsed = z.object({ employeeNumber, name, jobTitle }).safeParse({ employeeNumber: cells[0], name: cells[1], jobTitle: cells[2] ?? "" });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`Line ${line}: ${issue.message}.`);
      continue;
    }
    const earlier = seen.get(parsed.data.employeeNumber);
    if (earlier) {
      errors.push(`Line ${line}: employee number ${parsed.data.employeeNumber} is also on line ${earlier}.`);
      continue;
    }
    seen.set(parsed.data.employeeNumber, line);
    people.push({ line, ...parsed.data });
  }
  if (people.length > MAX_CSV_ROWS) errors.push(`The file has ${people.length} people: issue at most ${MAX_CSV_ROWS} codes at a time.`);
  if (!errors.length && people.length === 0) errors.push("The file has nobody in it. Put one person on each line: employee number, full name.");
  return errors.length ? { ok: false, errors } : { ok: true, people };
}
