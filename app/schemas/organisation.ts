/**
 * `content/organisation.yml` (departments and their channels, corporate channels) and the
 * parts of `content/people.yml` the importer checks owners against. Problems carry lines,
 * like front matter problems.
 */
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { isRole, type Role } from "~/utils/roles";
import { fieldName, SLUG_PATTERN, type ContentProblem, type FieldPath } from "./front-matter";

const say = (message: string) => ({ errorMap: () => ({ message }) });
const slug = z.string(say("Enter a slug like housing-news")).regex(SLUG_PATTERN, "Use only lower-case letters, digits and hyphens, like housing-news");
const name = z.string(say("Enter a name")).trim().min(1, "Enter a name").max(120, "Shorten the name to 120 characters or fewer");
const description = z.preprocess((v) => (v === null ? undefined : v), z.string(say("Write the description as text")).trim().max(500, "Shorten the description to 500 characters or fewer").default(""));

const ChannelSchema = z
  .object({
    slug,
    name,
    description,
    mandatory: z.preprocess((v) => (v === null ? undefined : v), z.boolean(say("Enter true or false")).default(false)),
  })
  .strict();

const DepartmentSchema = z
  .object({
    slug,
    name,
    description,
    channels: z.array(ChannelSchema, say("List the department's channels")).min(1, "Give the department at least one channel; the first is its default channel"),
  })
  .strict();

export const OrganisationSchema = z
  .object({
    council: z.string(say("Enter the council's name")).trim().min(1).max(120).optional(),
    departments: z.array(DepartmentSchema, say("List the departments")).min(1, "List at least one department"),
    corporate_channels: z.preprocess((v) => (v === null ? undefined : v), z.array(ChannelSchema, say("List the corporate channels")).default([])),
  })
  .strict()
  .superRefine((org, ctx) => {
    const seen = new Map<string, string>();
    org.departments.forEach((d, i) => {
      if (seen.has(`d:${d.slug}`)) ctx.addIssue({ code: "custom", path: ["departments", i, "slug"], message: `Another department already uses the slug ${d.slug}` });
      seen.set(`d:${d.slug}`, "");
    });
    const channels: Array<[FieldPath, string]> = [
      ...org.departments.flatMap((d, i) => d.channels.map((c, j): [FieldPath, string] => [["departments", i, "channels", j, "slug"], c.slug])),
      ...org.corporate_channels.map((c, j): [FieldPath, string] => [["corporate_channels", j, "slug"], c.slug]),
    ];
    for (const [path, s] of channels) {
      if (seen.has(`c:${s}`)) ctx.addIssue({ code: "custom", path: [...path], message: `Another channel already uses the slug ${s}` });
      seen.set(`c:${s}`, "");
    }
  });

export type Organisation = z.infer<typeof OrganisationSchema>;

/** Parses organisation.yml; returns the organisation or the problems (file, line, field). */
export function parseOrganisation(path: string, source: string): { ok: true; value: Organisation } | { ok: false; problems: ContentProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ""), { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length)
    return { ok: false, problems: doc.errors.map((e) => ({ path, line: counter.linePos(e.pos[0]).line, field: "organisation", message: `This line is not valid YAML (${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")})` })) };
  if (!isMap(doc.contents)) return { ok: false, problems: [{ path, line: 1, field: "organisation", message: "Write the file as council:, departments: and corporate_channels:" }] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return { ok: false, problems: [{ path, line: 1, field: "organisation", message: "Too many repeated references (* and &); write the values out" }] };
  }
  const result = OrganisationSchema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const lineOf = (p: FieldPath): number => {
    for (let n = p.length; n > 0; n--) {
      const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const problems = result.error.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((k) => ({ path, line: keyLine(doc, counter, issue.path, k), field: fieldName([...issue.path, k]), message: `There is no field called ${k} here; remove it or check the spelling` }));
    return [{ path, line: lineOf(issue.path), field: fieldName(issue.path), message: issue.message }];
  });
  return { ok: false, problems };
}

function keyLine(doc: ReturnType<typeof parseDocument>, counter: LineCounter, parent: FieldPath, key: string): number {
  const node = parent.length ? doc.getIn(parent, true) : doc.contents;
  if (!isMap(node)) return 1;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair && isScalar(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line : 1;
}

/**
 * Champions per department in file order, every person's email, and the role and department
 * of those who give a known role (owners are checked against them: they must be able to open
 * the page), from people.yml.
 */
export type PeopleDirectory = {
  emails: Set<string>;
  championsByDepartment: Map<string, string[]>;
  people: Map<string, { role: Role; departmentId: string | null; active: true }>;
};

const PersonSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  department: z.string().nullish(),
  role: z.string().nullish(),
});

/**
 * Reads people.yml leniently: it is seeded elsewhere (demo accounts); the importer only
 * needs to know who exists. Entries it cannot read are skipped.
 */
export function parsePeopleDirectory(source: string): PeopleDirectory {
  const emails = new Set<string>();
  const championsByDepartment = new Map<string, string[]>();
  const people: PeopleDirectory["people"] = new Map();
  let list: unknown;
  try {
    list = parseDocument(source).toJS({ maxAliasCount: 100 });
  } catch {
    return { emails, championsByDepartment, people };
  }
  if (!Array.isArray(list)) return { emails, championsByDepartment, people };
  for (const entry of list) {
    const p = PersonSchema.safeParse(entry);
    if (!p.success) continue;
    emails.add(p.data.email);
    if (isRole(p.data.role)) people.set(p.data.email, { role: p.data.role, departmentId: p.data.department ?? null, active: true });
    if (p.data.role === "champion" && p.data.department) {
      const list = championsByDepartment.get(p.data.department) ?? [];
      list.push(p.data.email);
      championsByDepartment.set(p.data.department, list);
    }
  }
  return { emails, championsByDepartment, people };
}
