/**
 * Front matter written for another tool (a static-site generator, a docs site, a wiki
 * export), read for `npm run import -- --dir` (decision 014). It is never validated as
 * ours: the same key can mean something else there (`audience: web-ops`, `status: draft`,
 * `owner: @web-team`, `type: docs`, `public: true`), and the folder's authors cannot fix
 * their old tool's files. So:
 *
 * - `---` YAML, `+++` TOML and `{ … }` JSON front matter are read, and so is the
 *   `Key: value` meta-data block some generators take from the top of a page;
 * - front matter that cannot be read at all is a warning (file and line), and the page is
 *   imported from its body (the unread text is kept aside);
 * - a repeated key takes its last value, with a warning naming file and line;
 * - only the title, a summary (or description) and tags are taken, when they are plain
 *   text; every other key is kept aside as it was written.
 *
 * Values come back JSON-safe (they are stored with the revision) and with only characters
 * XML 1.0 allows (decision 077).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { parse as parseToml, TomlError } from "smol-toml";
import { toXmlText, toXmlTextDeep } from "~/utils/xml";
import type { ContentProblem } from "./front-matter";

export type ForeignFormat = "yaml" | "toml" | "json" | "meta" | "none";

export type ForeignPage = {
  format: ForeignFormat;
  /** The front matter as the other tool would read it (last value of a repeated key). */
  data: Record<string, unknown>;
  body: string;
  /** Unreadable front matter, repeated keys: the page still imports. */
  warnings: ContentProblem[];
  /** File line of a top-level key (its last occurrence); 1 when unknown. */
  keyLine(key: string): number;
};

/** The key an unreadable front matter's text is kept aside under. */
export const UNREADABLE_KEY = "unreadable_front_matter";

const YAML_OPEN = /^---[ \t]*$/;
const YAML_CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
const TOML_FENCE = /^\+\+\+[ \t]*$/;

export function readForeignPage(path: string, source: string): ForeignPage {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  const warn = (line: number, field: string, message: string): ContentProblem => ({ path, line, field, message });
  const page = (format: ForeignFormat, data: Record<string, unknown>, bodyFrom: number, warnings: ContentProblem[], keyLines = new Map<string, number>()): ForeignPage => ({
    format,
    data: toXmlTextDeep(jsonSafe(data)),
    body: toXmlText(lines.slice(bodyFrom).join("\n"), "\n"),
    warnings,
    keyLine: (key) => keyLines.get(key) ?? 1,
  });
  const unreadable = (format: ForeignFormat, first: number, close: number, line: number, detail: string) =>
    page(format, { [UNREADABLE_KEY]: lines.slice(first, close).join("\n") }, close + 1, [
      warn(line, "front matter", `This front matter could not be read (${detail}); the page was imported from its text and first heading, and the front matter was kept aside as written`),
    ]);

  if (YAML_OPEN.test(lines[0] ?? "") || TOML_FENCE.test(lines[0] ?? "")) {
    const toml = TOML_FENCE.test(lines[0]);
    const close = lines.findIndex((l, i) => i > 0 && (toml ? TOML_FENCE : YAML_CLOSE).test(l));
    if (close < 0)
      return page("none", {}, 0, [warn(1, "front matter", `The front matter has no closing ${toml ? "+++" : "---"} line, so the whole file was imported as the page's text`)]);
    const inner = lines.slice(1, close);
    // TOML refuses control characters in strings; clean them first (YAML values are cleaned after parsing).
    const read = toml ? readToml(inner.map((l) => toXmlText(l)), 2) : readYaml(inner.join("\n"), 2);
    if ("error" in read) return unreadable(toml ? "toml" : "yaml", 1, close, read.line, read.error);
    return page(toml ? "toml" : "yaml", read.data, close + 1, read.repeats.map((r) => warn(r.line, r.field, repeatMessage(r.first))), read.keyLines);
  }

  // A JSON object first thing in the file, closed by a line that is just "}".
  if (/^\{\s*("|$)/.test(lines[0] ?? "")) {
    const close = lines.findIndex((l) => /^\}\s*$/.test(l));
    if (close > 0) {
      const json = lines.slice(0, close + 1).join("\n");
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (e) {
        const at = /position (\d+)/.exec((e as Error).message)?.[1];
        return unreadable("json", 0, close + 1, at ? json.slice(0, Number(at)).split("\n").length : 1, "it is not valid JSON");
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return unreadable("json", 0, close + 1, 1, "it is not a list of fields");
      // JSON is YAML: the YAML reader gives lines and repeated keys.
      const read = readYaml(json, 1);
      if ("error" in read) return page("json", parsed as Record<string, unknown>, close + 1, []);
      return page("json", read.data, close + 1, read.repeats.map((r) => warn(r.line, r.field, repeatMessage(r.first))), read.keyLines);
    }
  }

  const meta = readMetaBlock(lines);
  if (meta) return page("meta", meta.data, meta.bodyFrom, meta.repeats.map((r) => warn(r.line, r.field, repeatMessage(r.first))), meta.keyLines);
  return page("none", {}, 0, []);
}

function repeatMessage(first: number): string {
  return `This field is given more than once (first on line ${first}); the last value was used`;
}

type Repeat = { field: string; line: number; first: number };
type Read = { data: Record<string, unknown>; repeats: Repeat[]; keyLines: Map<string, number> } | { error: string; line: number };

/** YAML 1.2 (core schema: dates stay text), repeated keys allowed (the last wins) and reported. */
function readYaml(source: string, firstLine: number): Read {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const lineAt = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  if (doc.errors.length) return { error: firstLineOf(doc.errors[0].message), line: lineAt(doc.errors[0].pos[0]) };
  if (doc.contents === null) return { data: {}, repeats: [], keyLines: new Map() };
  if (!isMap(doc.contents)) return { error: "it is not a list of fields", line: firstLine };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    return { error: "too many repeated references (* and &)", line: firstLine };
  }
  const repeats: Repeat[] = [];
  const keyLines = new Map<string, number>();
  const walk = (node: unknown, prefix: string, top: boolean) => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const range = (pair.key as Node | null)?.range;
        if (key === undefined || !range) continue;
        const line = lineAt(range[0]);
        const field = prefix ? `${prefix}.${key}` : key;
        const first = seen.get(key);
        if (first !== undefined) repeats.push({ field, line, first });
        else seen.set(key, line);
        if (top) keyLines.set(key, line);
        walk(pair.value, field, false);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${prefix}[${i}]`, false));
  };
  walk(doc.contents, "", true);
  return { data: data as Record<string, unknown>, repeats, keyLines };
}

const TOML_KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const TOML_KEY_LINE = new RegExp(String.raw`^(\s*)(${TOML_KEY_PART}(?:\s*\.\s*${TOML_KEY_PART})*)(\s*=)`);
const REPEATED = "\u2060repeated-";

/**
 * TOML forbids repeated keys, but the folder's authors cannot fix their old files: every
 * occurrence but the last is renamed before parsing (and dropped after), so the last
 * value wins, as for YAML. Multi-line strings are skipped; each `[[array]]` entry is its
 * own table.
 */
function readToml(lines: string[], firstLine: number): Read {
  const occurrences = new Map<string, number[]>();
  const keyLines = new Map<string, number>();
  let table = "";
  let open: '"""' | "'''" | null = null;
  let depth = 0; // inside a multi-line array
  const brackets = (code: string) => {
    const bare = code.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, "").replace(/#.*$/, "");
    return (bare.match(/\[/g)?.length ?? 0) - (bare.match(/\]/g)?.length ?? 0);
  };
  lines.forEach((line, i) => {
    if (open) {
      if (line.includes(open)) open = null;
      return;
    }
    if (depth > 0) {
      depth = Math.max(0, depth + brackets(line));
      return;
    }
    const header = /^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header && !TOML_KEY_LINE.test(line)) {
      table = header[1] ? `${header[2]}#${i}` : header[2];
      return;
    }
    const key = TOML_KEY_LINE.exec(line);
    if (!key) return;
    const name = key[2].split(/\s*\.\s*/).map((p) => p.replace(/^["']|["']$/g, "")).join(".");
    const where = `${table}\u0000${name}`;
    occurrences.set(where, [...(occurrences.get(where) ?? []), i]);
    if (table === "") keyLines.set(name, i + firstLine);
    const value = line.slice(key[0].length);
    for (const quote of ['"""', "'''"] as const) if ((value.split(quote).length - 1) % 2 === 1) open = quote;
    if (!open) depth = Math.max(0, brackets(value));
  });
  const repeats: Repeat[] = [];
  const renamed = [...lines];
  let n = 0;
  for (const [where, at] of occurrences) {
    if (at.length < 2) continue;
    const [inTable, key] = where.split("\u0000");
    const field = inTable ? `${inTable.replace(/#\d+$/, "")}.${key}` : key;
    for (const i of at.slice(0, -1)) renamed[i] = renamed[i].replace(TOML_KEY_LINE, (_m, indent: string, _k: string, eq: string) => `${indent}"${REPEATED}${++n}"${eq}`);
    for (const i of at.slice(1)) repeats.push({ field, line: i + firstLine, first: at[0] + firstLine });
  }
  try {
    return { data: dropRepeated(parseToml(renamed.join("\n"))) as Record<string, unknown>, repeats, keyLines };
  } catch (e) {
    if (e instanceof TomlError) {
      const detail = firstLineOf(e.message.replace(/^Invalid TOML document: /, ""));
      // With control characters cleaned, this one means a line break inside a quoted value.
      return { error: /control characters/.test(detail) ? "a quoted value is not closed on its line" : detail, line: e.line + firstLine - 1 };
    }
    return { error: "it is not valid TOML", line: firstLine };
  }
}

function dropRepeated(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropRepeated);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith(REPEATED)) Object.defineProperty(out, k, { value: dropRepeated(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

const META_LINE = /^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
const META_MORE = /^(?: {4}|\t)\s*(.*)$/;
/** Keys that make a leading `Key: value` block meta-data rather than the page's first paragraph. */
const META_KEYS = new Set(["title", "summary", "description", "tags"]);

/**
 * The `Key: value` lines some generators read from the top of a page, up to the first
 * blank line (keys are case-insensitive; indented lines continue a value). Taken only when
 * every line of the block fits and it names a title, summary, description or tags, so a
 * page that opens with "Note: …" keeps its first paragraph.
 */
function readMetaBlock(lines: string[]): { data: Record<string, unknown>; bodyFrom: number; repeats: Repeat[]; keyLines: Map<string, number> } | null {
  const data: Record<string, string> = {};
  const keyLines = new Map<string, number>();
  const repeats: Repeat[] = [];
  let key: string | null = null;
  let i = 0;
  for (; i < lines.length && lines[i].trim() !== ""; i++) {
    const m = META_LINE.exec(lines[i]);
    if (m) {
      key = m[1].toLowerCase();
      const first = keyLines.get(key);
      if (first !== undefined) repeats.push({ field: key, line: i + 1, first });
      keyLines.set(key, first ?? i + 1);
      data[key] = m[2].trim();
      continue;
    }
    const more = META_MORE.exec(lines[i]);
    if (!more || key === null) return null;
    data[key] = `${data[key]} ${more[1].trim()}`.trim();
  }
  if (i === 0 || ![...keyLines.keys()].some((k) => META_KEYS.has(k))) return null;
  for (const r of repeats) keyLines.set(r.field, r.line);
  return { data, bodyFrom: i, repeats, keyLines };
}

// ---------------------------------------------------------------------------------------
// What we take from it.

export const TITLE_MAX = 150;
const TAG_MAX = 50;
const TAGS_MAX = 20;

export type ForeignFields = {
  title?: string;
  summary?: string;
  tags: string[];
  /** Everything else, as written. */
  extra: Record<string, unknown>;
  warnings: ContentProblem[];
};

const plainText = (v: unknown): string | undefined =>
  typeof v === "string" ? v.replace(/\s+/g, " ").trim() || undefined : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;

/** A title that fits (at most 150 characters, cut at a word with an ellipsis). */
export function fitTitle(title: string): string {
  if (title.length <= TITLE_MAX) return title;
  const cut = title.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The title, summary and tags a guide takes from foreign front matter, when they are plain text; the rest aside. */
export function takeForeignFields(page: ForeignPage, path: string): ForeignFields {
  const extra: Record<string, unknown> = { ...page.data };
  const warnings: ContentProblem[] = [];
  const warn = (key: string, message: string) => warnings.push({ path, line: page.keyLine(key), field: key, message });
  const out: ForeignFields = { tags: [], extra, warnings };

  if (extra.title !== undefined && extra.title !== null) {
    const title = plainText(extra.title);
    if (title === undefined) warn("title", "The title is not plain text, so the page's first heading (or file name) is its title; the value was kept aside");
    else {
      out.title = fitTitle(title);
      if (out.title !== title) warn("title", `The title is longer than ${TITLE_MAX} characters and was shortened`);
      delete extra.title;
    }
  }
  for (const key of ["summary", "description"]) {
    const summary = plainText(extra[key]);
    if (summary !== undefined) {
      out.summary = summary;
      delete extra[key];
      break;
    }
  }

  const raw = extra.tags;
  if (raw === null) delete extra.tags;
  else if (raw !== undefined) {
    const list: unknown[] = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(raw.includes(",") ? "," : /\s+/) : [raw];
    const plain = list.map(plainText);
    const seen = new Set<string>();
    const tooLong: string[] = [];
    for (const tag of plain) {
      if (tag === undefined || seen.has(tag.toLowerCase())) continue;
      if (tag.length > TAG_MAX) tooLong.push(tag);
      else (seen.add(tag.toLowerCase()), out.tags.push(tag));
    }
    if (tooLong.length) warn("tags", `Tags longer than ${TAG_MAX} characters were left out: ${tooLong.map((t) => `${t.slice(0, 30)}…`).join(", ")}`);
    if (out.tags.length > TAGS_MAX) {
      warn("tags", `Only the first ${TAGS_MAX} of ${out.tags.length} tags were taken`);
      out.tags = out.tags.slice(0, TAGS_MAX);
    }
    const nonPlain = list.filter((t, i) => plain[i] === undefined && !(typeof t === "string" && t.trim() === ""));
    if (nonPlain.length) warn("tags", "Some tags are not plain text; the tags were kept aside as written, and the plain ones taken");
    else delete extra.tags;
  }
  return out;
}

/** A copy that survives JSON (stored with the revision): dates as their text, big numbers as text, no null-prototype objects. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>;
}

function firstLineOf(s: string): string {
  return s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
}
