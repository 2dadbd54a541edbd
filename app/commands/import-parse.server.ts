/**
 * From a file's text to a validated document ready to write, with every problem named by
 * file, line and field. Nothing here touches the database: `npm run check-content` uses
 * the same functions with the departments, channels and people read from content/.
 */
import path from "node:path";
import {
  fieldName, readFrontMatter, validateFrontMatter, type AnnouncementData, type ContentKind, type ContentProblem, type FieldPath,
  type FrontMatter, type GlossaryData, type GuideData, type PolicyData,
} from "~/schemas/front-matter";
import { keeperProblem, type Keeper } from "~/access/ownership.server";
import { versionOf, type SourceFile } from "./import-scan.server";
import type { LoadedAttachment } from "./import-attachments.server";
import { markdownToText, slugify } from "~/utils/markdown.server";

/** What cross-file checks compare against: the organisation and, when there is a directory of people, its emails. */
export type Directory = {
  /** null when organisation.yml could not be read (its own errors are reported instead). */
  departments: Set<string> | null;
  channels: Set<string> | null;
  /** null when there is no people.yml: owners are then checked only as email addresses. */
  people: Set<string> | null;
  /**
   * Role and department (slug) of the people known (accounts, else people.yml), for the
   * ownership rule: an owner or deputy must be able to open the page. Optional: without it
   * (or for someone not in it) the rule is not checked here.
   */
  keepers?: Map<string, Keeper<string>> | null;
};

type Base = {
  file: SourceFile;
  slug: string;
  title: string;
  summary: string;
  body: string;
  /** The front matter as written (less title and summary): stored with each revision. */
  fields: Record<string, unknown>;
  /** File lines of the fields cross-file checks complain about. */
  lines: { slug: number; reference?: number; term?: number; attachments?: number[] };
  /** Files listed under `attachments`, read and checked by the importer (import-attachments.server.ts). */
  attachments?: LoadedAttachment[];
};
export type ParsedDoc =
  | (Base & { kind: "announcement"; data: AnnouncementData })
  | (Base & { kind: "guide"; data: GuideData })
  | (Base & { kind: "policy"; data: PolicyData })
  | (Base & { kind: "glossary"; data: GlossaryData });

export type ParseResult = { doc?: ParsedDoc; problems: ContentProblem[] };

/** Parses and validates one file of content/ (front matter required, unknown fields are errors). */
export function parseContentDoc(file: SourceFile, kind: ContentKind, dir: Directory): ParseResult {
  const fm = readFrontMatter(file.display, file.text);
  if (fm.problems.length) return { problems: fm.problems };
  const result = validateFrontMatter(fm, kind);
  if (!result.ok) return { problems: result.problems };
  const problems: ContentProblem[] = [];
  const at = (field: FieldPath, message: string) => problems.push({ path: file.display, line: fm.lineOf(field), field: fieldName(field), message });

  const base = path.basename(file.key).replace(/\.(md|markdown)$/i, "");
  let slug: string;
  if (kind === "policy") {
    slug = file.key.split("/")[1];
    const data = result.value as PolicyData;
    if (data.slug && data.slug !== slug) at(["slug"], `A policy's slug is its folder name (${slug}); remove this field or rename the folder`);
    if (data.version !== versionOf(file.key)) at(["version"], `This file is v${versionOf(file.key)}.md, so write version: ${versionOf(file.key)}`);
  } else {
    slug = (result.value as { slug?: string }).slug ?? base;
  }
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug))
    problems.push({ path: file.display, line: 1, field: "slug", message: `Rename the ${kind === "policy" ? "folder" : "file"} using lower-case letters, digits and hyphens, like ${slugify(slug)}${kind === "policy" ? "" : ".md"}` });

  problems.push(...checkReferences(fm, kind, result.value, dir));
  if (problems.length) return { problems };
  return { doc: buildDoc(file, kind, fm, result.value, slug), problems };
}

function buildDoc(file: SourceFile, kind: ContentKind, fm: FrontMatter, value: unknown, slug: string): ParsedDoc {
  const { title: _t, summary: _s, ...fields } = fm.data;
  const listed = Array.isArray(fm.data.attachments) ? fm.data.attachments : [];
  const lines = {
    slug: fm.data.slug !== undefined ? fm.lineOf(["slug"]) : 1, reference: fm.lineOf(["reference"]), term: fm.lineOf(["term"]),
    ...(listed.length ? { attachments: listed.map((_, i) => fm.lineOf(["attachments", i, "file"])) } : {}),
  };
  const body = fm.body.replace(/^\n+/, "");
  if (kind === "glossary") {
    const data = value as GlossaryData;
    return { kind, file, slug, title: data.term, summary: data.stands_for ?? "", body: body.trim(), fields, lines, data };
  }
  const data = value as AnnouncementData | GuideData | PolicyData;
  const summary = data.summary ?? firstParagraphText(body);
  return { kind, file, slug, title: data.title, summary, body, fields, lines, data } as ParsedDoc;
}

/** Departments, channels and people named in front matter must exist. */
export function checkReferences(fm: FrontMatter, kind: ContentKind, value: unknown, dir: Directory): ContentProblem[] {
  const out: ContentProblem[] = [];
  const at = (field: FieldPath, message: string) => out.push({ path: fm.path, line: fm.lineOf(field), field: fieldName(field), message });
  const department = (field: FieldPath, slug: string) => {
    if (dir.departments && !dir.departments.has(slug)) at(field, `There is no department called ${slug}; use a department slug from content/organisation.yml`);
  };
  const person = (field: FieldPath, email: string | undefined) => {
    if (email && dir.people && !dir.people.has(email)) at(field, `${email} is not in content/people.yml; check the address or add the person there`);
  };
  if (kind === "glossary") return out;
  const data = value as Partial<AnnouncementData & GuideData & PolicyData>;
  if (data.department) department(["department"], data.department);
  if (data.audience && typeof data.audience === "object" && "departments" in data.audience)
    data.audience.departments.forEach((d, i) => department(["audience", "departments", i], d));
  if (kind === "announcement") {
    if (Array.isArray(data.departments)) data.departments.forEach((d, i) => department(["departments", i], d));
    data.channels?.forEach((c, i) => {
      if (dir.channels && !dir.channels.has(c)) at(["channels", i], `There is no channel called ${c}; use a channel slug from content/organisation.yml`);
    });
  }
  person(["owner"], data.owner);
  person(["deputy"], data.deputy);
  // Owners and deputies are people who can open the page (app/access/ownership.server.ts).
  const aud = data.audience;
  const audience = {
    audience: !aud || aud === "everyone" ? ("everyone" as const) : "departments" in aud ? ("departments" as const) : ("roles" as const),
    audienceDepartmentIds: aud && aud !== "everyone" && "departments" in aud ? aud.departments : [],
    audienceRoles: aud && aud !== "everyone" && "roles" in aud ? aud.roles : [],
  };
  for (const field of ["owner", "deputy"] as const) {
    const email = data[field]?.toLowerCase();
    const keeper = email ? dir.keepers?.get(email) : undefined;
    const problem = email && keeper ? keeperProblem(email, keeper, audience, { needsAccount: false }) : null;
    if (problem) at([field], problem);
  }
  return out;
}

/** Two files must not claim one address, and a policy reference belongs to one policy. */
export function findDuplicates(docs: ParsedDoc[]): ContentProblem[] {
  const out: ContentProblem[] = [];
  const seen = new Map<string, ParsedDoc>();
  const claim = (key: string, doc: ParsedDoc, line: number, field: string, message: (other: ParsedDoc) => string) => {
    const other = seen.get(key);
    if (other) out.push({ path: doc.file.display, line, field, message: message(other) });
    else seen.set(key, doc);
  };
  // A file that chose its slug with `slug:` is the one reported when it takes another file's.
  const order = (d: ParsedDoc) => `${"slug" in d.fields ? 1 : 0}${d.file.key}`;
  for (const doc of [...docs].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    if (doc.kind === "policy") {
      // Versions of one policy share its slug and reference; other folders may not.
      const folder = doc.file.key.split("/")[1];
      const owner = seen.get(`policy-ref:${doc.data.reference.toUpperCase()}`);
      if (owner && owner.file.key.split("/")[1] !== folder)
        out.push({ path: doc.file.display, line: doc.lines.reference ?? 1, field: "reference", message: `The policy in ${owner.file.display} already uses the reference ${doc.data.reference}` });
      else if (!owner) seen.set(`policy-ref:${doc.data.reference.toUpperCase()}`, doc);
      continue;
    }
    claim(`${doc.kind}:${doc.slug}`, doc, doc.lines.slug, "slug", (o) => `${o.file.display} already uses the slug ${doc.slug}; give one of them another file name or slug`);
    if (doc.kind === "glossary")
      claim(`term:${doc.data.term.toLowerCase()}`, doc, doc.lines.term ?? 1, "term", (o) => `${o.file.display} already defines ${doc.data.term}`);
  }
  return out;
}

/** The first paragraph of a body as plain text, for items without a summary. */
export function firstParagraphText(body: string, max = 300): string {
  for (const block of body.split(/\n\s*\n/)) {
    const t = block.trim();
    if (!t || /^(#|```|~~~|\||<|!\[|>|[-*+] |\d+\. |---|===)/.test(t)) continue;
    const text = markdownToText(t);
    if (text) return text.length <= max ? text : `${text.slice(0, text.lastIndexOf(" ", max - 1) > 0 ? text.lastIndexOf(" ", max - 1) : max - 1)}…`;
  }
  return "";
}
