/**
 * Marks names (candidates and councillors in a pre-election period, decision 161) in
 * sanitised HTML for editors and reviewers: only text between tags is touched, so
 * attributes and links are never changed. Browser-safe (no server imports).
 */
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function highlightNames(html: string, names: string[]): { html: string; found: string[] } {
  const wanted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return { html, found: [] };
  const alternatives = wanted.flatMap((n) => [...new Set([escapeRegExp(escapeHtml(n)), escapeRegExp(escapeHtml(n).replace(/&#39;/g, "&#x27;")), escapeRegExp(n)])]);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const found = new Set<string>();
  const out = html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith("<") ? part : part.replace(pattern, (m) => {
      found.add(m);
      return `<mark class="candidate-name">${m}</mark>`;
    })))
    .join("");
  return { html: out, found: [...found] };
}
