/**
 * Runs inside an import worker thread (see import-pool.server.ts): parses files and renders
 * bodies, the CPU-heavy parts of a large import, while the main thread writes.
 */
import { parentPort } from "node:worker_threads";
import type { ContentKind } from "~/schemas/front-matter";
import { renderMarkdown } from "~/utils/markdown.server";
import { makeLinkResolver, type AssetStore } from "./import-links.server";
import { parseContentDoc, type Directory } from "./import-parse.server";
import type { SourceFile } from "./import-scan.server";

type Request =
  | { id: number; type: "directory"; directory: Directory }
  | { id: number; type: "parse"; jobs: Array<{ file: SourceFile; kind: ContentKind }> }
  | { id: number; type: "links"; routes: Array<[string, string]>; assets: AssetStore | null }
  | { id: number; type: "render"; jobs: Array<{ abs: string; body: string }> };

let routes = new Map<string, string>();
let assets: AssetStore | null = null;
/** Sent once before parsing, not with every chunk. */
let directory: Directory = { departments: null, channels: null, people: null };

parentPort!.on("message", (req: Request) => {
  try {
    let result: unknown;
    if (req.type === "directory") {
      directory = req.directory;
      result = true;
    } else if (req.type === "parse")
      // The text goes back as the parsed document; sending the file's text too would double the memory.
      result = req.jobs.map((j) => {
        const r = parseContentDoc(j.file, j.kind, directory);
        if (r.doc) r.doc.file = { ...r.doc.file, text: "" };
        return r;
      });
    else if (req.type === "links") {
      routes = new Map(req.routes);
      assets = req.assets;
      result = true;
    } else result = req.jobs.map((j) => renderMarkdown(j.body, { resolveRelativeLink: makeLinkResolver(j.abs, routes, assets) }));
    parentPort!.postMessage({ id: req.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
});
