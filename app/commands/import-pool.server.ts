/**
 * Worker threads for large imports. Parsing front matter and rendering Markdown are most of
 * an import's CPU time; SQLite writes must stay on one connection. So workers parse and
 * render (in file order, ahead of the writer) while the main thread writes, and a
 * 10,000-file import uses both cores of a small server. Workers take about a second of CPU
 * each to load their code; the importer's own thread parses from the same queue meanwhile
 * (decision 220).
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
  /** Per worker: true once it has loaded its code, false if it could not. */
  private ready: Promise<boolean>[];

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
    this.ready = workers.map((_, i) => this.call(i, { type: "links", routes: [], assets: null }).then(() => true, () => false));
  }

  /**
   * Starts `count` workers without waiting for them to load their code (about a second of
   * CPU each): the importer's own thread parses meanwhile. Returns null where they cannot
   * run (no TypeScript sources, no tsx).
   */
  static start(count: number): ImportWorkers | null {
    const entry = new URL("./import-worker.mjs", import.meta.url);
    if (count < 1 || entry.protocol !== "file:" || !fs.existsSync(fileURLToPath(entry))) return null;
    return new ImportWorkers(Array.from({ length: count }, () => new Worker(entry)));
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

  /**
   * Parses files in chunks taken from one queue by every worker that has started (two
   * chunks in hand each, so none waits for the next) and by this thread (`local`, between
   * which it answers the workers); results in the order given. A worker that could not
   * start takes nothing; one that fails mid-way fails the parse.
   */
  async parse(jobs: Array<{ file: SourceFile; kind: ContentKind }>, directory: Directory, local: (job: { file: SourceFile; kind: ContentKind }) => ParseResult): Promise<ParseResult[]> {
    const results = new Array<ParseResult>(jobs.length);
    let next = 0;
    const take = (): number | null => {
      if (next >= jobs.length) return null;
      const start = next;
      next = Math.min(jobs.length, next + CHUNK);
      return start;
    };
    const byWorker = async (i: number) => {
      if (!(await this.ready[i])) return;
      await this.call(i, { type: "directory", directory });
      const lane = async () => {
        for (let start = take(); start !== null; start = take()) {
          const out = await this.call<ParseResult[]>(i, { type: "parse", jobs: jobs.slice(start, start + CHUNK) });
          out.forEach((r, k) => (results[start + k] = r));
        }
      };
      await Promise.all([lane(), lane()]);
    };
    const byThisThread = async () => {
      for (let start = take(); start !== null; start = take()) {
        for (let k = start; k < Math.min(jobs.length, start + CHUNK); k++) results[k] = local(jobs[k]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([...this.workers.map((_, i) => byWorker(i)), byThisThread()]);
    return results;
  }

  /** Workers that started: render requests go to them only. */
  private async started(): Promise<number[]> {
    const ok = await Promise.all(this.ready);
    return ok.flatMap((r, i) => (r ? [i] : []));
  }

  /** Tells every worker where relative links point and where images go. */
  async setLinks(routes: Map<string, string>, assets: AssetStore | null): Promise<void> {
    const list = [...routes];
    await Promise.all((await this.started()).map((i) => this.call(i, { type: "links", routes: list, assets })));
  }

  /** Queues every body for rendering now; each promise settles as its chunk is done (rejects when no worker started). */
  renderAll(jobs: Array<{ abs: string; body: string }>): Promise<Rendered>[] {
    const out: Promise<Rendered>[] = [];
    const started = this.started();
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const chunk = started.then((list) => {
        if (list.length === 0) throw new Error("no import worker started");
        return this.call<Rendered[]>(list[this.nextWorker() % list.length], { type: "render", jobs: jobs.slice(i, i + CHUNK) });
      });
      chunk.catch(() => undefined);
      for (let k = 0; k < Math.min(CHUNK, jobs.length - i); k++) out.push(chunk.then((r) => r[k]));
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
