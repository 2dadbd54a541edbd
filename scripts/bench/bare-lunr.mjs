/**
 * A bare lunr index over a folder of Markdown pages, served by node:http: what searching the
 * same corpus costs with nothing else (`npm run bench:http` compares the search page with
 * it). GET /?q=words answers the ten best matches as JSON. CORPUS_DIR, PORT.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import lunr from "lunr";

const pages = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".md")) {
      const text = fs.readFileSync(p, "utf8");
      const title = /^title:\s*"?(.+?)"?\s*$/m.exec(text)?.[1] ?? e.name;
      pages.push({ ref: path.relative(process.env.CORPUS_DIR, p), title, body: text.replace(/^---[\s\S]*?\n---\n/, "") });
    }
  }
};
walk(process.env.CORPUS_DIR);
const byRef = new Map(pages.map((p) => [p.ref, p]));
const index = lunr(function () {
  this.ref("ref");
  this.field("title", { boost: 5 });
  this.field("body");
  for (const p of pages) this.add(p);
});

http
  .createServer((req, res) => {
    const q = new URL(req.url, "http://x").searchParams.get("q") ?? "";
    let hits = [];
    try {
      hits = index.search(q);
    } catch {
      hits = [];
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ total: hits.length, results: hits.slice(0, 10).map((h) => ({ ref: h.ref, title: byRef.get(h.ref).title, score: h.score })) }));
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
