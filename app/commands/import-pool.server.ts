/**
 * Worker threads for large imports. Parsing front matter and rendering Markdown are most of
 * an import's CPU time; SQLite writes must stay on one connection. So workers parse and
 * render (in file order, ahead of the writer) while the main thread writes, and a
 * 10,000-file import uses both cores of a small server.
 *
 * Workers run the TypeScript sources through tsx, so they exist only for the command-line
 * import (`npm run import`, `npm run bench:import`). Anywhere else `start` returns null and
 * the importer does the same work in its own thread.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ContentKind } from "~/schemas/front-matter";
import type { Rendered } from "~/utils/markdown.server";
import type { AssetStore } from "./import-links.server";
import type { Directory, ParseResult } from "./import-parse.server";
import type { SourceFile } from "./import-scan.server";

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

const CHUNK = 64;

export class ImportWorkers {
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;

  private constructor(private workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error !== undefined) p.reject(new Error(msg.error));
        else p.resolve(msg.result);
      });
      w.on("error", (err) => this.failAll(err));
      w.on("exit", (code) => code !== 0 && this.failAll(new Error(`import worker stopped (${code})`)));
    }
  }

  /** Starts `count` workers, or returns null where they cannot run (no TypeScript sources, no tsx). */
  static async start(count: number): Promise<ImportWorkers | null> {
    const entry = new URL("./import-worker.mjs", import.meta.url);
    if (count < 1 || entry.protocol !== "file:" || !fs.existsSync(fileURLToPath(entry))) return null;
    const workers = Array.from({ length: count }, () => new Worker(entry));
    const pool = new ImportWorkers(workers);
    try {
      await Promise.all(workers.map((_, i) => pool.call(i, { type: "links", routes: [], assets: null })));
      return pool;
    } catch {
      await pool.close();
      return null;
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call<T>(worker: number, message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[worker].postMessage({ id, ...message });
    });
  }

  private nextWorker(): number {
    return this.turn++ % this.workers.length;
  }

  /** Parses files in chunks spread over the workers; results in the order given. */
  async parse(jobs: Array<{ file: SourceFile; kind: ContentKind }>, directory: Directory): Promise<ParseResult[]> {
    const chunks: Promise<ParseResult[]>[] = [];
    for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(this.call(this.nextWorker(), { type: "parse", jobs: jobs.slice(i, i + CHUNK), directory }));
    return (await Promise.all(chunks)).flat();
  }

  /** Tells every worker where relative links point and where images go. */
  async setLinks(routes: Map<string, string>, assets: AssetStore | null): Promise<void> {
    const list = [...routes];
    await Promise.all(this.workers.map((_, i) => this.call(i, { type: "links", routes: list, assets })));
  }

  /** Queues every body for rendering now; each promise settles as its chunk is done. */
  renderAll(jobs: Array<{ abs: string; body: string }>): Promise<Rendered>[] {
    const out: Promise<Rendered>[] = [];
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const chunk = this.call<Rendered[]>(this.nextWorker(), { type: "render", jobs: jobs.slice(i, i + CHUNK) });
      chunk.catch(() => undefined);
      for (let k = 0; k < Math.min(CHUNK, jobs.length - i); k++) out.push(chunk.then((r) => r[k]));
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
