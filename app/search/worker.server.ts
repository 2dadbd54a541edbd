/**
 * Full index builds run in a worker thread, so requests keep being answered while
 * 10,000 items are analysed (about a second and a half of CPU). Documents are streamed
 * to the worker in batches (at most two batches in flight, so memory stays flat) and the
 * finished typed arrays come back transferred, not copied.
 *
 * The worker runs the same builder functions as the main thread, sent as source text:
 * the server is one bundled file, so there is no separate worker file to point at. The
 * builder and analyser are written to be self-contained for that reason. If a worker
 * cannot start, the build runs on the main thread in small slices instead.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import lunr from "lunr";
import { createAnalyzer } from "./analyzer.server";
import { createPackedBuilder, type BuildDoc, type PackedIndexData } from "./packed-builder.server";

const ARRAY_KEYS = ["docIds", "termOffsets", "termDf", "postDocs", "postFields", "postWeights", "wordDf"] as const;

function workerSource(): string {
  return `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
// Some TypeScript runners wrap named functions in __name(); the shim keeps their source valid here.
var __name = (fn) => fn;
const lunr = require(workerData.lunrPath);
const createAnalyzer = (${createAnalyzer.toString()});
const createPackedBuilder = (${createPackedBuilder.toString()});
const builder = createPackedBuilder(createAnalyzer(lunr), workerData.options);
parentPort.on("message", (msg) => {
  if (msg.type === "docs") {
    for (const doc of msg.docs) builder.add(doc);
    parentPort.postMessage({ type: "ack" });
  } else if (msg.type === "build") {
    const data = builder.build();
    parentPort.postMessage({ type: "built", data }, ${JSON.stringify(ARRAY_KEYS)}.map((k) => data[k].buffer));
  }
});
`;
}

export type DocSource = AsyncIterable<BuildDoc[]>;

/** Builds an index from batches of documents in a worker thread (or, failing that, on this thread). */
export async function buildIndex(
  source: DocSource,
  options: { fieldBoosts: number[]; useWorker?: boolean; signal?: AbortSignal },
): Promise<PackedIndexData> {
  if (options.useWorker === false) return buildHere(source, options.fieldBoosts);
  let worker: Worker;
  try {
    const lunrPath = createRequire(import.meta.url).resolve("lunr");
    worker = new Worker(workerSource(), { eval: true, workerData: { lunrPath, options: { fieldBoosts: options.fieldBoosts } } });
  } catch {
    return buildHere(source, options.fieldBoosts);
  }
  const stop = () => void worker.terminate();
  options.signal?.addEventListener("abort", stop, { once: true });
  try {
    return await feedWorker(worker, source);
  } finally {
    options.signal?.removeEventListener("abort", stop);
    await worker.terminate();
  }
}

function feedWorker(worker: Worker, source: DocSource): Promise<PackedIndexData> {
  return new Promise<PackedIndexData>((resolve, reject) => {
    let inFlight = 0;
    let wake: (() => void) | null = null;
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`search index worker stopped (${code})`)));
    worker.on("message", (msg: { type: string; data?: PackedIndexData }) => {
      if (msg.type === "ack") {
        inFlight--;
        wake?.();
      } else if (msg.type === "built" && msg.data) resolve(msg.data);
    });
    (async () => {
      for await (const docs of source) {
        while (inFlight >= 2) await new Promise<void>((r) => (wake = r));
        wake = null;
        inFlight++;
        worker.postMessage({ type: "docs", docs });
      }
      worker.postMessage({ type: "build" });
    })().catch(reject);
  });
}

async function buildHere(source: DocSource, fieldBoosts: number[]): Promise<PackedIndexData> {
  const builder = createPackedBuilder(createAnalyzer(lunr), { fieldBoosts });
  for await (const docs of source) {
    for (const doc of docs) builder.add(doc);
    // Let requests through between batches.
    await new Promise((r) => setImmediate(r));
  }
  return builder.build();
}
