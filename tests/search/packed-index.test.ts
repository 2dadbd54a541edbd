import fs from "node:fs";
import path from "node:path";
import lunr from "lunr";
import { describe, expect, it } from "vitest";
import { createAnalyzer } from "~/search/analyzer.server";
import { SearchEngine } from "~/search/engine.server";
import { FIELD_BOOST, FIELD_BOOSTS, FIELDS } from "~/search/fields.server";
import { createPackedBuilder } from "~/search/packed-builder.server";
import { deserializeIndex, serializeIndex } from "~/search/index-file.server";
import { PackedIndex } from "~/search/packed-index.server";
import { planQuery } from "~/search/query.server";
import { typoMatches } from "~/search/typos.server";
import { buildIndex } from "~/search/worker.server";

/**
 * The packed index must score exactly as lunr does: same tokens, same BM25 weights,
 * same query-time sum. These tests build both from the demo council's Markdown and
 * compare, so a change to either side that drifts from lunr fails here.
 */
const analyzer = createAnalyzer(lunr);

function demoDocs() {
  const root = path.join(process.cwd(), "content");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith(".md")) files.push(path.join(dir, e.name));
    }
  };
  walk(root);
  return files.sort().map((file, i) => {
    const text = fs.readFileSync(file, "utf8");
    const [, front = "", body = text] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const get = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, "m").exec(front)?.[1] ?? "";
    return {
      id: i + 1,
      fields: [get("title") || get("term"), get("summary") || get("stands_for"), get("tags"), get("department"), path.basename(path.dirname(file)), body],
    };
  });
}

const docs = demoDocs();

function packed() {
  const builder = createPackedBuilder(analyzer, { fieldBoosts: FIELD_BOOSTS });
  for (const d of docs) builder.add(d);
  return builder.build();
}

function lunrIndex() {
  return lunr(function () {
    this.ref("id");
    for (const f of FIELDS) this.field(f, { boost: FIELD_BOOST[f] });
    for (const d of docs) this.add(Object.fromEntries([["id", String(d.id)], ...FIELDS.map((f, i) => [f, d.fields[i]])]));
  });
}

describe("packed index", () => {
  it("splits text into the same terms as lunr's tokenizer and pipeline", () => {
    const pipeline = new lunr.Pipeline();
    pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
    for (const d of docs.slice(0, 20))
      for (const text of d.fields) {
        const theirs = pipeline.run(lunr.tokenizer(text)).map(String);
        expect(analyzer.terms(text)).toEqual(theirs);
      }
  });

  it.each(["mileage", "bin", "council", "polici", "data breach", "flexible working request", "s106", "rota bank holiday"])(
    "scores %j exactly as lunr does",
    (text) => {
      const index = lunrIndex();
      const engine = new SearchEngine(analyzer);
      engine.main = new PackedIndex(packed());
      const words = text.split(" ");
      const theirs = new Map(
        index
          .query((q) => {
            for (const w of words) q.term(w, {});
          })
          .map((r) => [Number(r.ref), r.score]),
      );
      const ours = engine.rawScores(planQuery(words, analyzer, { mode: "exact" }));
      expect(ours.size).toBeGreaterThan(0);
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [id, score] of ours) expect(score).toBeCloseTo(theirs.get(id)!, 4);
    },
  );

  it("survives a round trip through the persisted format", () => {
    const data = packed();
    const { data: back, meta } = deserializeIndex(serializeIndex(data, { format: 1, note: "x" }));
    expect(meta).toEqual({ format: 1, note: "x" });
    expect(back.terms).toEqual(data.terms);
    expect([...back.postWeights]).toEqual([...data.postWeights]);
    expect([...back.docIds]).toEqual([...data.docIds]);
    expect(() => deserializeIndex(Buffer.from("garbage"))).toThrow();
    const truncated = serializeIndex(data, {}).subarray(0, 5000);
    expect(() => deserializeIndex(truncated)).toThrow();
  });

  it("expands prefixes and typos to known terms", () => {
    const index = new PackedIndex(packed());
    const prefixed = index.prefix("milea", 10).map((t) => index.data.terms[t]);
    expect(prefixed).toContain("mileag");
    const fuzzy = index.fuzzy("bugdet", 1, 10).map((t) => index.data.terms[t]);
    expect(fuzzy).toContain("budget");
  });

  it("matches a typo one edit from a word even when the stems are further apart", () => {
    const index = new PackedIndex(packed());
    const match = (typed: string) =>
      typoMatches(index, analyzer, typed, analyzer.searchTerm(typed), 1, 10).map((m) => ({ term: index.data.terms[m.term], word: m.word, distance: m.distance }));
    // "polciy" keeps its y through the stemmer; "policy" becomes "polici": two edits apart as stems.
    expect(analyzer.searchTerm("polciy")).toBe("polciy");
    expect(index.fuzzy("polciy", 1, 10).map((t) => index.data.terms[t])).not.toContain("polici");
    expect(match("polciy")).toContainEqual({ term: "polici", word: "policy", distance: 1 });
    // A slip in the body of the word is found by the stem, as before.
    expect(match("bugdet")).toContainEqual({ term: "budget", word: "budget", distance: 1 });
    expect(match("zzzzzz")).toEqual([]);
  });

  it.each(["process", "thread", "inline"] as const)("builds the same index in a separate %s", async (place) => {
    async function* batches() {
      for (let i = 0; i < docs.length; i += 7) yield docs.slice(i, i + 7);
    }
    const built = await buildIndex(batches(), { fieldBoosts: FIELD_BOOSTS, place, meta: () => ({ place }) });
    const here = packed();
    expect(built.data.terms).toEqual(here.terms);
    expect([...built.data.postWeights]).toEqual([...here.postWeights]);
    expect(built.data.termWords).toEqual(here.termWords);
    expect(deserializeIndex(built.serialized).meta).toEqual({ place });
    expect(here.termWords[here.terms.indexOf("mileag")]).toBe("mileage");
  });
});
