/**
 * Full index builds run off the request path. By default in a separate Node process:
 * building 10,000 items takes a couple of hundred megabytes for a few seconds, and a
 * process gives all of it back to the system when it exits, where a worker thread would
 * leave the server's resident memory high (docs/decisions/052-search-freshness.md has
 * the measurements). A worker thread and the main thread (in slices) are the fallbacks.
 *
 * Documents are streamed to the builder in batches (at most two in flight, so memory
 * stays flat). The builder returns the serialized index: the server uses its arrays
 * where they lie (no parse, no copy) and writes the same bytes to disk.
 *
 * The builder runs the same functions as the main thread, sent as source text: the
 * server is one bundled file, so there is no separate file to start. The analyser,
 * builder and serializer are written to be self-contained for that reason.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import lunr from "lunr";
import { createAnalyzer } from "./analyzer.server";
import { deserializeIndex, serializeIndex } from "./index-file.server";
import { createPackedBuilder, type BuildDoc, type PackedIndexData } from "./packed-builder.server";

export type DocSource = AsyncIterable<BuildDoc[]>;
export type BuildPlace = "process" | "thread" | "inline";
/** The built index; `file` holds the same bytes when the builder wrote them to disk (the caller moves or removes it). */
export type BuiltIndex = { data: PackedIndexData; serialized: Uint8Array; file?: string };

type BuildOptions = {
  fieldBoosts: number[];
  /** Where to build; falls back process → thread → inline if one cannot start. */
  place?: BuildPlace;
  signal?: AbortSignal;
  /** Stored in the file's header; asked for once every document has been read. */
  meta: () => Record<string, unknown>;
  /** Where a separate process writes the index (default: a temporary file). Handing over a file, not a message, keeps the server's memory flat. */
  outputFile?: string;
};

const FUNCTIONS = () => `
var __name = (fn) => fn; // some TypeScript runners wrap named functions in __name()
const createAnalyzer = (${createAnalyzer.toString()});
const createPackedBuilder = (${createPackedBuilder.toString()});
const serializeIndex = (${serializeIndex.toString()});
`;

function processSource(): string {
  return `"use strict";
const lunr = require(process.env.SEARCH_LUNR_PATH);
${FUNCTIONS()}
let builder = null;
process.on("message", (msg) => {
  if (msg.type === "start") builder = createPackedBuilder(createAnalyzer(lunr), msg.options);
  else if (msg.type === "docs") {
    for (const doc of msg.docs) builder.add(doc);
    process.send({ type: "ack" });
  } else if (msg.type === "build") {
    const bytes = serializeIndex(builder.build(), msg.meta);
    require("node:fs").writeFileSync(msg.file, bytes);
    process.send({ type: "built", file: msg.file }, () => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
`;
}

function threadSource(): string {
  return `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const lunr = require(workerData.lunrPath);
${FUNCTIONS()}
const builder = createPackedBuilder(createAnalyzer(lunr), workerData.options);
parentPort.on("message", (msg) => {
  if (msg.type === "docs") {
    for (const doc of msg.docs) builder.add(doc);
    parentPort.postMessage({ type: "ack" });
  } else if (msg.type === "build") {
    const bytes = serializeIndex(builder.build(), msg.meta);
    parentPort.postMessage({ type: "built", bytes }, [bytes.buffer]);
  }
});
`;
}

/** Builds an index from batches of documents, off the main thread when it can. */
export async function buildIndex(source: DocSource, options: BuildOptions): Promise<BuiltIndex> {
  const place = options.place ?? "process";
  const lunrPath = createRequire(import.meta.url).resolve("lunr");
  if (place === "process") {
    let child: ChildProcess | null = null;
    try {
      // NODE_OPTIONS is cleared so test runners' loaders are not started for plain JavaScript.
      child = spawn(process.execPath, ["-e", processSource()], {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
        serialization: "advanced",
        env: { ...process.env, NODE_OPTIONS: "", SEARCH_LUNR_PATH: lunrPath },
      });
    } catch {
      child = null;
    }
    if (child) {
      const channel = child;
      const file = options.outputFile ?? path.join(os.tmpdir(), `search-index-${crypto.randomUUID()}.tmp`);
      channel.send({ type: "start", options: { fieldBoosts: options.fieldBoosts } });
      return runRemote(
        {
          send: (msg) => void channel.send(msg as Parameters<ChildProcess["send"]>[0]),
          onMessage: (fn) => channel.on("message", fn),
          onFailure: (fn) => {
            channel.on("error", fn);
            channel.on("exit", (code) => code !== 0 && fn(new Error(`search index builder exited with ${code}`)));
          },
          stop: () => void channel.kill(),
        },
        source,
        options,
        file,
      );
    }
  }
  if (place !== "inline") {
    let worker: Worker | null = null;
    try {
      worker = new Worker(threadSource(), { eval: true, workerData: { lunrPath, options: { fieldBoosts: options.fieldBoosts } } });
    } catch {
      worker = null;
    }
    if (worker) {
      const w = worker;
      return runRemote(
        {
          send: (msg) => w.postMessage(msg),
          onMessage: (fn) => w.on("message", fn),
          onFailure: (fn) => {
            w.on("error", fn);
            w.on("exit", (code) => fn(new Error(`search index worker stopped (${code})`)));
          },
          stop: () => void w.terminate(),
        },
        source,
        options,
      );
    }
  }
  return buildHere(source, options);
}

type Remote = {
  send(msg: unknown): void;
  onMessage(fn: (msg: { type: string; bytes?: Uint8Array; file?: string }) => void): void;
  onFailure(fn: (err: Error) => void): void;
  stop(): void;
};

async function runRemote(remote: Remote, source: DocSource, options: BuildOptions, file?: string): Promise<BuiltIndex> {
  const abort = () => remote.stop();
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    const bytes = await new Promise<Uint8Array>((resolve, reject) => {
      let inFlight = 0;
      let wake: (() => void) | null = null;
      remote.onFailure(reject);
      options.signal?.addEventListener("abort", () => reject(new Error("search index build stopped")), { once: true });
      remote.onMessage((msg) => {
        if (msg.type === "ack") {
          inFlight--;
          wake?.();
        } else if (msg.type === "built" && msg.bytes) resolve(msg.bytes);
        else if (msg.type === "built" && msg.file) fs.promises.readFile(msg.file).then(resolve, reject);
      });
      (async () => {
        for await (const docs of source) {
          while (inFlight >= 2) await new Promise<void>((r) => (wake = r));
          wake = null;
          inFlight++;
          remote.send({ type: "docs", docs });
        }
        remote.send({ type: "build", meta: options.meta(), file });
      })().catch(reject);
    });
    return { data: deserializeIndex(bytes).data, serialized: bytes, file };
  } catch (err) {
    if (file) await fs.promises.rm(file, { force: true });
    throw err;
  } finally {
    options.signal?.removeEventListener("abort", abort);
    remote.stop();
  }
}

async function buildHere(source: DocSource, options: BuildOptions): Promise<BuiltIndex> {
  const builder = createPackedBuilder(createAnalyzer(lunr), { fieldBoosts: options.fieldBoosts });
  for await (const docs of source) {
    for (const doc of docs) builder.add(doc);
    if (options.signal?.aborted) throw new Error("search index build stopped");
    // Let requests through between batches.
    await new Promise((r) => setImmediate(r));
  }
  const data = builder.build();
  return { data, serialized: serializeIndex(data, options.meta()) };
}
