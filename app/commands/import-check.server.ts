/**
 * `npm run check-content`: every check the importer makes, without a database. Cross-file
 * checks use content/organisation.yml (departments, channels) and content/people.yml
 * (owners), so authors and the CI of a content repository get the same answers as an import.
 * Attached and linked files are checked too (import-check-files.server.ts).
 */
import path from "node:path";
import type { ContentKind, ContentProblem } from "~/schemas/front-matter";
import { parseOrganisation, parsePeopleDirectory } from "~/schemas/organisation";
import { checkContentFiles } from "./import-check-files.server";
import { organisationSlugs } from "./import-organisation.server";
import { findDuplicates, parseContentDoc, type Directory, type ParsedDoc } from "./import-parse.server";
import { countTreeFiles, displayPath, scanContentDir, type SourceFile } from "./import-scan.server";

export type CheckReport = { files: number; problems: ContentProblem[]; warnings: string[] };

export async function checkContent(contentDir: string): Promise<CheckReport> {
  const root = path.resolve(contentDir);
  const tree = scanContentDir(root);
  const problems: ContentProblem[] = [...tree.problems];
  const warnings: string[] = [];
  const directory: Directory = { departments: null, channels: null, people: null };
  if (!tree.organisation) warnings.push(`${displayPath(root)} has no organisation.yml, so departments and channels were not checked`);
  else {
    const org = parseOrganisation(tree.organisation.display, tree.organisation.text);
    if (org.ok) Object.assign(directory, organisationSlugs(org.value));
    else problems.push(...org.problems);
  }
  if (tree.people) {
    const people = parsePeopleDirectory(tree.people.text);
    directory.people = people.emails;
    directory.keepers = people.people;
  }

  const docs: ParsedDoc[] = [];
  const parse = (file: SourceFile, kind: ContentKind) => {
    const result = parseContentDoc(file, kind, directory);
    if (result.doc) docs.push(result.doc);
    problems.push(...result.problems);
  };
  for (const f of tree.glossary) parse(f, "glossary");
  for (const f of tree.announcements) parse(f, "announcement");
  for (const f of tree.guides) parse(f, "guide");
  for (const files of tree.policies.values()) for (const f of files) parse(f, "policy");
  problems.push(...findDuplicates(docs));
  problems.push(...(await checkContentFiles(docs)));
  problems.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  return { files: countTreeFiles(tree), problems, warnings };
}
