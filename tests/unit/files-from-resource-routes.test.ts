/**
 * A route with a page (a default export) cannot answer with a file: for a document request the
 * framework turns whatever its action or loader returns into the page's data and renders HTML,
 * so a form that posts to it for a zip or CSV gets the page again and no download (unit tests
 * calling the action directly still see the Response, which hid this). Downloads therefore come
 * only from resource routes (no default export). This test finds every helper that answers with
 * a file (an exported function that sets Content-Disposition) and fails on any page route that
 * uses one, or sets Content-Disposition itself.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.resolve(__dirname, "../../app");
const ROUTES = path.join(APP, "routes");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** Exported functions outside routes whose body sets Content-Disposition: they answer with a file. */
function fileHelpers(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of walk(APP).filter((f) => !f.startsWith(ROUTES))) {
    const source = parse(file);
    for (const st of source.statements) {
      if (!isExported(st)) continue;
      const names: { name: string; body: ts.Node | undefined }[] = [];
      if (ts.isFunctionDeclaration(st) && st.name) names.push({ name: st.name.text, body: st.body });
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push({ name: d.name.text, body: d.initializer });
      for (const { name, body } of names) if (body && /content-disposition/i.test(body.getText(source))) found.set(name, path.relative(APP, file));
    }
  }
  return found;
}

function pageRouteOffences(file: string, helpers: Map<string, string>): string[] {
  const text = fs.readFileSync(file, "utf8");
  const source = parse(file);
  const hasPage = source.statements.some((st) => isDefault(st) || ts.isExportAssignment(st));
  if (!hasPage) return [];
  const out: string[] = [];
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st)) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      for (const el of bindings.elements) {
        const imported = (el.propertyName ?? el.name).text;
        if (helpers.has(imported)) out.push(`${path.basename(file)} imports ${imported} (${helpers.get(imported)}): move the download to a resource route`);
      }
  }
  if (/content-disposition/i.test(text)) out.push(`${path.basename(file)} sets Content-Disposition: move the download to a resource route`);
  return out;
}

describe("files are answered only by resource routes", () => {
  const helpers = fileHelpers();

  it("knows the helpers that answer with a file", () => {
    // If one of these is renamed, the test must still see it (it cannot pass by finding none).
    for (const name of ["zipResponse", "csvResponse", "fileResponse"]) expect([...helpers.keys()]).toContain(name);
  });

  it("no route with a page imports one or sets Content-Disposition", () => {
    const routes = walk(ROUTES);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.flatMap((f) => pageRouteOffences(f, helpers))).toEqual([]);
  });
});
