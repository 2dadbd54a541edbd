/**
 * Keeps the index current without ever building it on the request path.
 *
 * - Start-up: load the persisted copy (a file next to the database) and compare each
 *   item's stamp with the database; changed items go to the delta index. With no usable
 *   copy (or a great many changes) a full build runs in a worker before the server is ready.
 * - A content change (publish, edit, archive, audience, import), reported by the change
 *   feed's search follower (app/commands/search-follower.server.ts): the items are hidden
 *   from results at once, their facts and text are re-read, and changed text goes into a
 *   small delta index rebuilt in milliseconds, while the main index's copy is tombstoned.
 *   Searchable again within a few milliseconds even at 10,000 items.
 * - When the delta grows past DELTA_LIMIT items, or after a quiet minute, a full build
 *   runs in a worker thread; the new main index replaces the old in one synchronous swap
 *   and is persisted for the next start.
 *
 * docs/decisions/052-search-freshness.md records why.
 */
import fs from "node:fs";
import path from "node:path";
import lunr from "lunr";
import { INDEXED_STATUSES, listIndexedItemFacts, listItemFactsByIds, listItemTexts, type SearchFactsRow, type SearchTextRow } from "~/models/search.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { createAnalyzer } from "./analyzer.server";
import { documentTextsOf, stampOf, toBuildDoc, toFacts, type DocumentText } from "./documents.server";
import { SearchEngine } from "./engine.server";
import { FIELD_BOOSTS } from "./fields.server";
import { createPackedBuilder, type BuildDoc } from "./packed-builder.server";
import type { SearchFacts } from "./engine.server";
import { deserializeIndex } from "./index-file.server";
import { PackedIndex } from "./packed-index.server";
import { buildIndex, type BuildPlace, type DocSource } from "./worker.server";

/** Bump when the persisted format or what is indexed changes: old copies are then rebuilt. */
export const INDEX_FORMAT = 2;

export type IndexManagerOptions = {
  /** Where the persisted copy lives; null keeps it in memory only. */
  persistPath: string | null;
  /** Where full builds run: a separate process (default), a worker thread, or this thread in slices. */
  buildIn: BuildPlace;
  /** A full rebuild starts when this many items wait in the delta index. */
  deltaLimit: number;
  /** …or after this long without changes while the delta is not empty. */
  quietRebuildMs: number;
  /** More changed items than this at start-up means a full build instead of a delta. */
  startupDeltaLimit: number;
};

export const DEFAULT_OPTIONS: IndexManagerOptions = {
  persistPath: null,
  buildIn: "process",
  deltaLimit: 200,
  quietRebuildMs: 60_000,
  startupDeltaLimit: 1000,
};

export type IndexStats = {
  state: "stopped" | "starting" | "ready";
  mainDocuments: number;
  deltaDocuments: number;
  lastBuild: { ms: number; documents: number; persistedBytes: number; at: string } | null;
  loadedFromDisk: { ms: number; bytes: number } | null;
};

const BATCH = 100;
const FACTS_BATCH = 500;

export class SearchIndexManager {
  readonly analyzer = createAnalyzer(lunr);
  readonly engine = new SearchEngine(this.analyzer);
  readonly options: IndexManagerOptions;
  private state: IndexStats["state"] = "stopped";
  private mainStamps = new Map<number, string>();
  private deltaDocs = new Map<number, BuildDoc>();
  private deltaStamps = new Map<number, string>();
  private deltaDirty = false;
  private pending = new Set<number>();
  private startupChanges = new Set<number>();
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private rebuilding: Promise<void> | null = null;
  private rebuildAgain = false;
  private changedDuringRebuild: Set<number> | null = null;
  private quietTimer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private lastBuild: IndexStats["lastBuild"] = null;
  private loadedFromDisk: IndexStats["loadedFromDisk"] = null;

  constructor(options: Partial<IndexManagerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  get ready(): boolean {
    return this.state === "ready";
  }

  stats(): IndexStats {
    return {
      state: this.state,
      mainDocuments: this.engine.main?.documentCount ?? 0,
      deltaDocuments: this.deltaDocs.size,
      lastBuild: this.lastBuild,
      loadedFromDisk: this.loadedFromDisk,
    };
  }

  async start(): Promise<void> {
    if (this.state !== "stopped") return;
    this.state = "starting";
    await this.removeLeftovers();
    const db = await getDb();
    // Read in batches: one 10,000-row result would leave the heap large for good.
    const facts = new Map<number, SearchFacts>();
    for (let afterId = 0; ; ) {
      const rows = await listIndexedItemFacts(db, { afterId, limit: FACTS_BATCH });
      if (rows.length === 0) break;
      for (const row of rows) facts.set(row.id, toFacts(row, this.analyzer));
      afterId = rows[rows.length - 1].id;
    }
    this.engine.replaceFacts(facts);
    let current = await this.loadPersisted();
    if (current) {
      const changed = [...facts.values()].filter((f) => this.mainStamps.get(f.id) !== f.stamp).map((f) => f.id);
      const main = this.engine.main!;
      for (const id of this.mainStamps.keys()) {
        const n = main.docNumber(id);
        if (n >= 0 && !this.engine.facts.has(id)) main.dead[n] = 1;
      }
      if (changed.length > this.options.startupDeltaLimit) current = false;
      else if (changed.length) {
        for (const id of changed) this.markChanged(id);
        this.scheduleFlush();
        await this.whenIdle();
      }
    }
    if (!current) await this.rebuild();
    this.state = "ready";
    const heldDuringStart = [...this.startupChanges];
    this.startupChanges.clear();
    if (heldDuringStart.length) {
      // Changes the change feed reported while the index loaded: applied before start-up ends.
      this.changed(heldDuringStart);
      await this.whenIdle();
    }
    this.afterChanges();
  }

  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "stopped";
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.abort.abort();
    await this.rebuilding?.catch(() => undefined);
    await this.flushing.catch(() => undefined);
  }

  /** Items changed in the database: hide them now, re-read them right after. */
  changed(ids: readonly number[]): void {
    if (this.state === "stopped") return;
    if (this.state === "starting") {
      // Applied once start-up has settled which index is the main one.
      for (const id of ids) {
        this.startupChanges.add(id);
        this.engine.hidden.add(id);
      }
      this.engine.invalidate();
      return;
    }
    for (const id of ids) this.markChanged(id);
    this.engine.invalidate();
    this.scheduleFlush();
  }

  private markChanged(id: number): void {
    this.pending.add(id);
    this.engine.hidden.add(id);
    this.changedDuringRebuild?.add(id);
  }

  /** Resolves once every change reported so far is searchable. */
  async whenIdle(): Promise<void> {
    do await this.flushing;
    while (this.flushScheduled || this.pending.size > 0);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.flushing = this.flushing
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => {
        this.flushScheduled = false;
        return this.applyPending();
      })
      .catch((err) => log.error("search index update failed", { error: String(err) }));
  }

  private async applyPending(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    if (ids.length === 0 || this.state === "stopped") return;
    try {
      const db = await getDb();
      const rows = new Map((await listItemFactsByIds(db, ids)).map((r) => [r.id, r]));
      const needText = ids.filter((id) => {
        const row = rows.get(id);
        if (!row || !INDEXED_STATUSES.includes(row.status)) return false;
        const stamp = stampOf(row);
        return this.mainStamps.get(id) !== stamp && this.deltaStamps.get(id) !== stamp;
      });
      const texts = new Map((await listItemTexts(db, needText)).map((t) => [t.id, t]));
      const documents = await documentTextsOf(db, needText);
      // From here on nothing awaits, so searches see either the old state or the new one.
      for (const id of ids) this.apply(id, rows.get(id), texts.get(id), documents.get(id));
      this.rebuildDelta();
      for (const id of ids) if (!this.pending.has(id)) this.engine.hidden.delete(id);
      this.engine.invalidate();
      this.afterChanges();
    } catch (err) {
      // Keep them hidden (never show stale facts) and try again shortly.
      log.error("search index could not re-read changed items", { error: String(err), count: ids.length });
      const retry = setTimeout(() => this.changed(ids), 1000);
      retry.unref();
    }
  }

  private apply(id: number, row: SearchFactsRow | undefined, text: SearchTextRow | undefined, documents?: DocumentText[]): void {
    const main = this.engine.main;
    const n = main ? main.docNumber(id) : -1;
    if (!row || !INDEXED_STATUSES.includes(row.status)) {
      this.engine.facts.delete(id);
      if (this.deltaDocs.delete(id)) this.deltaDirty = true;
      this.deltaStamps.delete(id);
      if (n >= 0) main!.dead[n] = 1;
      return;
    }
    const facts = toFacts(row, this.analyzer);
    this.engine.facts.set(id, facts);
    if (n >= 0 && this.mainStamps.get(id) === facts.stamp) {
      main!.dead[n] = 0;
      if (this.deltaDocs.delete(id)) this.deltaDirty = true;
      this.deltaStamps.delete(id);
      return;
    }
    if (n >= 0) main!.dead[n] = 1;
    if (this.deltaStamps.get(id) === facts.stamp) return;
    this.deltaDocs.set(id, toBuildDoc(row, text, documents));
    this.deltaStamps.set(id, facts.stamp);
    this.deltaDirty = true;
  }

  /** The delta index is small, so it is rebuilt whole; it borrows the main index's statistics so scores compare. */
  private rebuildDelta(): void {
    if (!this.deltaDirty) return;
    this.deltaDirty = false;
    if (this.deltaDocs.size === 0) {
      this.engine.delta = null;
      return;
    }
    const builder = createPackedBuilder(this.analyzer, { fieldBoosts: FIELD_BOOSTS, stats: this.engine.main?.stats() });
    for (const doc of this.deltaDocs.values()) builder.add(doc);
    const delta = new PackedIndex(builder.build());
    delta.prepareNow();
    this.engine.delta = delta;
  }

  private afterChanges(): void {
    if (this.state !== "ready") return;
    if (this.deltaDocs.size >= this.options.deltaLimit) {
      void this.rebuild().catch((err) => log.error("search index rebuild failed", { error: String(err) }));
      return;
    }
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    if (this.deltaDocs.size > 0) {
      this.quietTimer = setTimeout(() => {
        this.quietTimer = null;
        void this.rebuild().catch((err) => log.error("search index rebuild failed", { error: String(err) }));
      }, this.options.quietRebuildMs);
      this.quietTimer.unref();
    }
  }

  /** A full build in a worker, then one synchronous swap. Concurrent calls share one build (plus one more if asked meanwhile). */
  rebuild(): Promise<void> {
    if (this.rebuilding) {
      this.rebuildAgain = true;
      return this.rebuilding;
    }
    this.rebuilding = (async () => {
      try {
        do {
          this.rebuildAgain = false;
          await this.fullBuild();
        } while (this.rebuildAgain && this.state !== "stopped");
      } finally {
        this.rebuilding = null;
        this.changedDuringRebuild = null;
      }
    })();
    return this.rebuilding;
  }

  private async fullBuild(): Promise<void> {
    const started = performance.now();
    const changed = new Set<number>();
    this.changedDuringRebuild = changed;
    let built;
    let facts = new Map<number, SearchFacts>();
    const stamps = new Map<number, string>();
    try {
      built = await buildIndex(this.documents(facts, stamps), this.buildOptions(stamps, this.options.buildIn));
    } catch (err) {
      if (this.state === "stopped") return;
      // The builder could not run (or died): build here instead, in slices.
      log.error("search index builder failed; building in the server", { error: String(err) });
      facts = new Map();
      stamps.clear();
      built = await buildIndex(this.documents(facts, stamps), this.buildOptions(stamps, "inline"));
    }
    const main = new PackedIndex(built.data);
    await main.prepare();
    if (this.state === "stopped") return;
    // The swap: nothing awaits between here and the end of the block.
    this.engine.main = main;
    this.mainStamps = stamps;
    this.deltaDocs.clear();
    this.deltaStamps.clear();
    this.deltaDirty = false;
    this.engine.delta = null;
    this.engine.replaceFacts(facts);
    this.changedDuringRebuild = null;
    // Whatever changed while building may be stale in what was just built: re-read it.
    if (changed.size) this.changed([...changed]);
    const ms = Math.round(performance.now() - started);
    const persistedBytes = await this.persist(built.serialized, built.file);
    this.lastBuild = { ms, documents: built.data.documentCount, persistedBytes, at: new Date().toISOString() };
    log.info("search index built", { documents: built.data.documentCount, ms, persistedBytes });
  }

  private buildOptions(stamps: Map<number, string>, place: BuildPlace) {
    return {
      fieldBoosts: FIELD_BOOSTS,
      place,
      signal: this.abort.signal,
      // Next to its final place, so moving it there is a rename on the same disk.
      outputFile: this.options.persistPath ? `${this.options.persistPath}.${process.pid}.building` : undefined,
      meta: () => ({ format: INDEX_FORMAT, fieldBoosts: FIELD_BOOSTS, ids: [...stamps.keys()], stamps: [...stamps.values()] }),
    };
  }

  /** Every indexed item's text, a batch at a time, noting its facts and stamp on the way. */
  private async *documents(facts: Map<number, SearchFacts>, stamps: Map<number, string>): DocSource {
    const db = await getDb();
    for (let afterId = 0; ; ) {
      const rows = await listIndexedItemFacts(db, { afterId, limit: BATCH });
      if (rows.length === 0) return;
      afterId = rows[rows.length - 1].id;
      const texts = new Map((await listItemTexts(db, rows.map((r) => r.id))).map((t) => [t.id, t]));
      const documents = await documentTextsOf(db, rows.filter((r) => r.documentsKey && !r.documentsKey.startsWith("0:")).map((r) => r.id));
      const docs: BuildDoc[] = [];
      for (const row of rows) {
        const f = toFacts(row, this.analyzer);
        facts.set(row.id, f);
        stamps.set(row.id, f.stamp);
        docs.push(toBuildDoc(row, texts.get(row.id), documents.get(row.id)));
      }
      yield docs;
    }
  }

  /** Saves the built index for the next start: moves the builder's file into place, or writes the bytes. */
  private async persist(serialized: Uint8Array, builtFile?: string): Promise<number> {
    const file = this.options.persistPath;
    try {
      if (!file) return 0;
      if (builtFile) {
        await fs.promises.rename(builtFile, file);
        builtFile = undefined;
      } else {
        const tmp = `${file}.${process.pid}.tmp`;
        await fs.promises.writeFile(tmp, serialized);
        await fs.promises.rename(tmp, file);
      }
      return serialized.byteLength;
    } catch (err) {
      log.error("search index not saved", { error: String(err) });
      return 0;
    } finally {
      if (builtFile) await fs.promises.rm(builtFile, { force: true });
    }
  }

  /** Half-written files from a build that was interrupted (a crash, a kill) are of no use. */
  private async removeLeftovers(): Promise<void> {
    const file = this.options.persistPath;
    if (!file) return;
    const dir = path.dirname(file);
    const base = path.basename(file);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    for (const name of names)
      if (name.startsWith(`${base}.`) && (name.endsWith(".building") || name.endsWith(".tmp")))
        await fs.promises.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }

  /** Loads the persisted copy into the main index; false when there is none or it is unusable. */
  private async loadPersisted(): Promise<boolean> {
    const file = this.options.persistPath;
    if (!file) return false;
    const started = performance.now();
    let buf: Buffer;
    try {
      buf = await fs.promises.readFile(file);
    } catch {
      return false;
    }
    try {
      const { data, meta } = deserializeIndex(buf);
      const ids = meta.ids as number[];
      const stamps = meta.stamps as string[];
      if (meta.format !== INDEX_FORMAT || JSON.stringify(meta.fieldBoosts) !== JSON.stringify(FIELD_BOOSTS) || !Array.isArray(ids) || ids.length !== stamps?.length)
        return false;
      const main = new PackedIndex(data);
      await main.prepare();
      this.engine.main = main;
      this.mainStamps = new Map(ids.map((id, i) => [id, stamps[i]]));
      this.loadedFromDisk = { ms: Math.round(performance.now() - started), bytes: buf.length };
      return true;
    } catch (err) {
      log.error("search index copy unreadable; rebuilding", { error: String(err) });
      return false;
    }
  }
}
