import lunr from "lunr";
import { describe, expect, it } from "vitest";
import { createAnalyzer } from "~/search/analyzer.server";
import { editDistance, oneEditAway } from "~/search/edit-distance.server";
import { GlossaryMatcher } from "~/search/glossary.server";
import { cleanQueryText, MAX_FUZZY_WORD, parseUserQuery, planQuery } from "~/search/query.server";
import { highlight, MatchFinder, snippet } from "~/search/snippet.server";
import { htmlToText } from "~/search/text.server";

const analyzer = createAnalyzer(lunr);

describe("reading what people type", () => {
  const cases: [string, unknown, string[]][] = [
    ["plain words, stop words dropped", "How do I claim mileage?", ["claim", "mileage"]],
    ["field syntax is just a word", "title:mileage", ["title", "mileage"]],
    ["boost syntax", "pay^10 rise", ["pay", "10", "rise"]],
    ["fuzzy syntax", "bin~2", ["bin", "2"]],
    ["presence syntax", "-pay +rise", ["pay", "rise"]],
    ["wildcards alone", "* ** ***", []],
    ["unbalanced quotes", '"flexible working', ["flexible", "working"]],
    ["policy reference", "HR-042", ["hr", "042"]],
    ["acronym with digits", "S106", ["s106"]],
    ["control characters", "mile\u0000age\u0007 claim", ["mile", "age", "claim"]],
    ["right-to-left override", "\u202eegaelim", ["egaelim"]],
    ["emoji", "😀 mileage 👩🏽‍💻", ["mileage"]],
    ["right-to-left script is not indexed", "مرحبا", []],
    ["not a string", { $gt: "" }, []],
    ["repeated words once", "bin bin BIN bins", ["bin", "bins"]],
    ["curly apostrophe", "don’t panic", ["don't", "panic"]],
  ];
  it.each(cases)("%s", (_name, input, keywords) => {
    expect(parseUserQuery(input, analyzer).keywords).toEqual(keywords);
  });

  it("keeps at most 200 characters and 10 keywords, without splitting an emoji", () => {
    expect(cleanQueryText("a".repeat(10_000))).toHaveLength(200);
    const emoji = cleanQueryText("😀".repeat(500));
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).toBe("😀".repeat(200));
    expect(parseUserQuery(Array.from({ length: 30 }, (_, i) => `word${i}`).join(" "), analyzer).keywords).toHaveLength(10);
  });

  it("builds lunr clauses: the word, a prefix and a fuzzy match, each for its query word", () => {
    const plan = planQuery(["mileage", "claim"], analyzer);
    expect(plan.wordCount).toBe(2);
    const forMileage = plan.clauses.filter((c) => c.mask === 1);
    expect(forMileage.map((c) => [c.term, c.wildcard, c.editDistance ?? 0, c.usePipeline])).toEqual([
      ["mileage", lunr.Query.wildcard.NONE, 0, true],
      ["mileag*", lunr.Query.wildcard.TRAILING, 0, false],
      ["mileag", lunr.Query.wildcard.NONE, 1, false],
    ]);
    expect(planQuery(["mileage"], analyzer, { mode: "exact" }).clauses).toHaveLength(1);
  });

  it("gives typo matching to real-length words only: a 40-letter word is matched exactly and by prefix", () => {
    const fuzzy = (word: string) => planQuery([word], analyzer).clauses.filter((c) => (c.editDistance ?? 0) > 0).length;
    expect(fuzzy("responsibilities")).toBe(1);
    expect(fuzzy("x".repeat(MAX_FUZZY_WORD))).toBe(1);
    expect(fuzzy("qwertyuiopasdfghjklzxcvbnmqwertyuiopasdf")).toBe(0);
    expect(fuzzy("x".repeat(MAX_FUZZY_WORD + 1))).toBe(0);
  });
});

describe("snippets", () => {
  const isMatch = (w: string) => ["mileag", "claim", "polici", "rate"].includes(analyzer.searchTerm(w));
  const finder = new MatchFinder(["mileag", "claim", "polici", "rate"], isMatch);

  it("marks the matched words and nothing else, as plain text", () => {
    const segments = highlight("Claim <b>mileage</b> & more", finder);
    expect(segments).toEqual([{ text: "Claim", mark: true }, { text: " <b>" }, { text: "mileage", mark: true }, { text: "</b> & more" }]);
    // Word endings the stemmer changes are found too; words that only start the same are not.
    const marked = highlight("Policies, the policy; rating rates ratio claimant", finder).filter((x) => x.mark).map((x) => x.text);
    expect(marked).toEqual(["Policies", "policy", "rating", "rates"]);
  });

  it("cuts the densest part of a long text, with ellipses", () => {
    const text = `${"Filler words here. ".repeat(40)}You can claim mileage when you drive. ${"More filler text. ".repeat(40)}`;
    const s = snippet(text, finder, 120)!;
    const joined = s.map((x) => x.text).join("");
    expect(joined.startsWith("… ")).toBe(true);
    expect(joined.endsWith(" …")).toBe(true);
    expect(s.filter((x) => x.mark).map((x) => x.text)).toEqual(["claim", "mileage"]);
    expect(snippet("nothing relevant", finder)).toBeNull();
  });

  it("reads text out of stored HTML", () => {
    expect(htmlToText("<h2 id=a>Rates</h2><p>45p a <strong>mile</strong> &amp; 5p&nbsp;extra &#8212; &lt;ok&gt;</p>")).toBe("Rates 45p a mile & 5p extra — <ok>");
  });
});

describe("edit distance", () => {
  it.each([
    ["budget", "bugdet", 1],
    ["mileage", "milage", 1],
    ["referral", "referal", 1],
    ["kitten", "sitting", 3],
    ["same", "same", 0],
    // A swapped pair, a doubled letter and a dropped one are one edit each, in short words too.
    ["policy", "polciy", 1],
    ["policy", "pollicy", 1],
    ["policy", "polcy", 1],
    ["parking", "parkign", 1],
    ["ab", "ba", 1],
    // Optimal string alignment: a swapped pair is not edited again.
    ["ca", "abc", 3],
  ] as const)("%s ~ %s = %i", (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
    expect(editDistance(b, a, 5)).toBe(d);
  });

  it("lists the words one edit away, by kind of slip, each once", () => {
    const near = oneEditAway("polciy");
    expect(near.swapped).toEqual(["oplciy", "plociy", "pocliy", "policy", "polcyi"]);
    expect(near.dropped).toEqual(["olciy", "plciy", "pociy", "poliy", "polcy", "polci"]);
    expect(near.changed).toHaveLength(6 * 25);
    expect(near.added).toContain("pollciy");
    const all = [...near.swapped, ...near.changed, ...near.dropped, ...near.added];
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain("polciy");
    for (const w of all) expect(editDistance("polciy", w, 2)).toBe(1);
    // With a tail, letters are added or changed only near the end; swaps and drops stay everywhere.
    const tail = oneEditAway("management", 4);
    expect(tail.changed.every((w) => w.startsWith("manage"))).toBe(true);
    expect(tail.added.every((w) => w.startsWith("manage"))).toBe(true);
    expect(tail.swapped).toContain("amnagement");
    expect(tail.dropped).toContain("anagement");
  });
});

describe("glossary in queries", () => {
  const matcher = new GlossaryMatcher(
    [
      { slug: "dbs", term: "DBS", standsFor: "Disclosure and Barring Service", also: ["criminal record check", "DBS check"], definitionHtml: "<p>Checks.</p>" },
      { slug: "ctax", term: "CTax", standsFor: "Council tax", also: ["council tax"], definitionHtml: "<p>Tax.</p>" },
    ],
    analyzer,
  );

  it("expands an acronym into its full names, on behalf of the same query word", () => {
    const m = matcher.match(["dbs"]);
    expect(m.entries.map((e) => e.slug)).toEqual(["dbs"]);
    expect(m.expansions.map((e) => [e.words.join(" "), e.mask])).toEqual([
      ["disclosure barring service", 1],
      ["criminal record check", 1],
      ["dbs check", 1],
    ]);
  });

  it("expands a full name into the acronym", () => {
    const m = matcher.match(["criminal", "record", "check", "volunteer"]);
    expect(m.entries.map((e) => e.slug)).toEqual(["dbs"]);
    expect(m.expansions.find((e) => e.words.join(" ") === "dbs")?.mask).toBe(0b0111);
  });

  it("does not show a definition when the term is a small part of the question", () => {
    expect(matcher.match(["council", "tax", "single", "person", "discount", "review"]).entries).toEqual([]);
    expect(matcher.match(["council", "tax"]).entries.map((e) => e.slug)).toEqual(["ctax"]);
  });
});
