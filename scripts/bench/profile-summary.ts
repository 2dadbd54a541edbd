/**
 * npx tsx scripts/bench/profile-summary.ts PROFILE.cpuprofile [--top 30] [--from µs --to µs --requests N]
 *
 * Summarises a V8 CPU profile (from `npm run bench:http -- --cpu-prof DIR`): busy time, the
 * functions with the most self time, and the inclusive time of the parts of a page that
 * decision 065/210 follow (session look-up, loaders, React render, loader-data
 * serialisation, ETag, compression, route matching, SQLite callbacks, GC). With
 * `--requests N` (the pages the process served) each figure is also given per request;
 * `--from`/`--to` keep only the samples of one measured run (the bench prints all three).
 * Inclusive time counts a function once per sample even when it recurses.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" }, requests: { type: "string" }, from: { type: "string" }, to: { type: "string" } } });
const from = values.from ? Number(values.from) : -Infinity;
const to = values.to ? Number(values.to) : Infinity;
const requests = values.requests ? Number(values.requests) : null;

/** Parts of a page, each the inclusive time of the first frame whose name (and file) matches. */
const PARTS: [string, (n: Node) => boolean][] = [
  // In the server build the root route's loader is the first one, so the only one named plainly `loader`.
  ["root loader", (n) => n.callFrame.functionName === "loader" && /build\/index\.js$/.test(n.callFrame.url)],
  ["session / user look-up (getOptionalUser)", (n) => /^(getOptionalUser|requireUser|getUserFromSession|lookUpUser)$/.test(n.callFrame.functionName)],
  ["all route loaders (callRouteLoader)", (n) => /^callRouteLoader/.test(n.callFrame.functionName)],
  ["React render (renderToString)", (n) => /renderToString/.test(n.callFrame.functionName)],
  ["loader data serialisation (createServerHandoffString, JSON.stringify)", (n) => /createServerHandoffString|^stringify$/.test(n.callFrame.functionName)],
  ["ETag (pageEtag)", (n) => n.callFrame.functionName === "pageEtag"],
  ["route matching (matchRoutes)", (n) => n.callFrame.functionName === "matchRoutes"],
  ["compressing and writing the answer (compression's end, writev)", (n) => (n.callFrame.functionName === "end" && /compression/.test(n.callFrame.url)) || n.callFrame.functionName === "writev"],
  ["SQLite result callbacks (node_modules/sqlite3)", (n) => /sqlite3/.test(n.callFrame.url)],
  ["garbage collection", (n) => n.callFrame.functionName === "(garbage collector)"],
];

for (const file of positionals) {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %${requests ? ` ${(us / 1000 / requests).toFixed(3).padStart(7)} ms/req` : ""}`;
  console.log(`\n${file}\nbusy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms${requests ? `, ${requests} requests: ${(busy / 1000 / requests).toFixed(3)} ms busy per request (main thread only)` : ""}`);

  const label = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^.*\/(build|app)\//, "$1/")}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  for (const [id, t] of selfUs) selfBy.set(label(byId.get(id)!), (selfBy.get(label(byId.get(id)!)) ?? 0) + t);
  console.log(`\nself time, top ${values.top}:`);
  for (const [name, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${ms(t)}  ${name}`);

  // Inclusive: each sample's time counts once for every distinct label on its stack.
  const inclBy = new Map<string, number>();
  const partUs = new Map<string, number>();
  for (const [id, t] of selfUs) {
    const seen = new Set<string>();
    const parts = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      seen.add(label(n));
      for (const [part, match] of PARTS) if (match(n)) parts.add(part);
    }
    for (const l of seen) inclBy.set(l, (inclBy.get(l) ?? 0) + t);
    for (const part of parts) partUs.set(part, (partUs.get(part) ?? 0) + t);
  }
  console.log(`\ninclusive time, top ${values.top} (app and framework functions):`);
  for (const [name, t] of [...inclBy].filter(([n]) => !/^\((root|program|idle)\)/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${ms(t)}  ${name}`);
  console.log(`\nparts of a page (inclusive; they overlap where one calls another):`);
  for (const [part] of PARTS) console.log(`${ms(partUs.get(part) ?? 0)}  ${part}`);
}
