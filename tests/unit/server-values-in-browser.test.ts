/**
 * A route module runs in the browser too: the build empties `*.server` modules there, so a
 * value imported from one (a list of statuses, a label table) is `undefined` in the browser.
 * The page renders on the server, then breaks when React hydrates it. This test walks every
 * route from what runs in the browser (the component, meta, ErrorBoundary, handle, links,
 * shouldRevalidate) through the module's own declarations, and fails on any use of a value
 * imported from a `.server` module.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(__dirname, "../../app/routes");
const BROWSER_EXPORTS = new Set(["default", "meta", "ErrorBoundary", "handle", "links", "shouldRevalidate", "clientLoader", "clientAction"]);

function offenders(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const serverValues = new Set<string>();
  const declarations = new Map<string, ts.Node>();
  const roots: ts.Node[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && /\.server$/.test(st.moduleSpecifier.text) && !st.importClause?.isTypeOnly) {
      const bindings = st.importClause?.namedBindings;
      if (st.importClause?.name) serverValues.add(st.importClause.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) if (!el.isTypeOnly) serverValues.add(el.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) serverValues.add(bindings.name.text);
      continue;
    }
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
      if (st.name) declarations.set(st.name.text, st);
      if (isDefault || (exported && st.name && BROWSER_EXPORTS.has(st.name.text))) roots.push(st);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        declarations.set(d.name.text, d);
        if (exported && BROWSER_EXPORTS.has(d.name.text)) roots.push(d);
      }
    } else if (ts.isExportAssignment(st)) roots.push(st);
  }
  const found = new Set<string>();
  const seen = new Set<ts.Node>();
  const walk = (node: ts.Node) => {
    if (seen.has(node)) return;
    seen.add(node);
    // Names declared inside this declaration shadow the module's imports (a simple scope rule).
    const local = new Set<string>();
    const collect = (n: ts.Node): void => {
      if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n) || ts.isFunctionDeclaration(n)) && n.name && ts.isIdentifier(n.name) && n !== node) local.add(n.name.text);
      ts.forEachChild(n, collect);
    };
    ts.forEachChild(node, collect);
    const visit = (n: ts.Node): void => {
      // Types vanish from the build: only values matter.
      if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return;
      const isName = (ts.isPropertyAccessExpression(n.parent) || ts.isPropertyAssignment(n.parent) || ts.isJsxAttribute(n.parent) || ts.isBindingElement(n.parent) ||
        ts.isParameter(n.parent) || ts.isPropertySignature(n.parent) || ts.isMethodDeclaration(n.parent)) && (n.parent as { name?: ts.Node }).name === n;
      if (ts.isIdentifier(n) && !isName) {
        if (local.has(n.text)) return;
        if (serverValues.has(n.text)) found.add(n.text);
        const decl = declarations.get(n.text);
        if (decl && decl !== node) walk(decl);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node, visit);
  };
  roots.forEach(walk);
  return [...found];
}

describe("route modules use no server-only value in the browser", () => {
  const files = [...fs.readdirSync(ROUTES).filter((f) => f.endsWith(".tsx")).map((f) => path.join(ROUTES, f)), path.resolve(ROUTES, "../root.tsx")];
  it("finds the routes", () => expect(files.length).toBeGreaterThan(50));
  it.each(files.map((f) => [path.basename(f), f]))("%s", (_name, file) => {
    expect(offenders(file), "move these values out of the .server module (e.g. to app/schemas or app/utils), or compute them in the loader").toEqual([]);
  });
});
