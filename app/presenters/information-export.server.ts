/**
 * The readable half of an information-rights export (decision 163): one self-contained,
 * accessible HTML page (headings, tables with captions and column headers, no scripts)
 * beside the machine-readable JSON. Every value is escaped.
 */

export type ExportSection = { heading: string; note?: string; rows: Record<string, unknown>[] };
export type ExportDocument = { title: string; facts: Array<[string, string]>; paragraphs: string[]; sections: ExportSection[]; lists: Array<{ heading: string; items: string[] }> };

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "object") return escapeHtml(JSON.stringify(value));
  return escapeHtml(String(value));
}

function table(section: ExportSection): string {
  if (section.rows.length === 0) return "<p>None.</p>";
  const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c.replace(/_/g, " "))}</th>`).join("");
  const body = section.rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join("")}</tr>`).join("\n");
  return `<div class="scroll" role="region" tabindex="0" aria-label="${escapeHtml(section.heading)}"><table><caption>${escapeHtml(section.heading)} (${section.rows.length})</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

export function renderExportHtml(doc: ExportDocument): string {
  const facts = doc.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
  const paragraphs = doc.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  const sections = doc.sections
    .map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.note ? `<p>${escapeHtml(s.note)}</p>` : ""}${table(s)}</section>`)
    .join("\n");
  const lists = doc.lists
    .map((l) => `<section><h2>${escapeHtml(l.heading)}</h2><ul>${l.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul></section>`)
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 1rem auto; max-width: 70rem; padding: 0 1rem; color: #0b0c0c; }
table { border-collapse: collapse; font-size: 0.875rem; } caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #505a5f; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; white-space: pre-wrap; }
.scroll { overflow-x: auto; } .scroll:focus { outline: 3px solid #ffdd00; }
dt { font-weight: bold; } dd { margin: 0 0 0.5rem 0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
<dl>${facts}</dl>
${paragraphs}
${sections}
${lists}
</main>
</body>
</html>
`;
}
