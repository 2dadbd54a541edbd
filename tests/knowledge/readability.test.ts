import { describe, expect, it } from "vitest";
import { checkReadability } from "~/utils/readability";

const rules = (md: string) => checkReadability(md).advice.map((a) => a.rule);

describe("readability advice", () => {
  it("gives plain, short text no advice and a low reading age", () => {
    const r = checkReadability("## Book leave\n\nOpen MyHR. Choose the days you want. Send the request to your manager.");
    expect(r.advice).toEqual([]);
    expect(r.readingAge).toBeLessThanOrEqual(12);
    expect(r.sentences).toBe(4);
  });

  it.each([
    ["long-sentence", "This sentence goes on and on with many words that keep adding more and more detail until it is far too long for anyone to follow easily at all today."],
    ["passive-voice", "Your claim was approved by the finance team."],
    ["plain-words", "You must utilise the form."],
    ["plain-words", "Read this prior to the meeting."],
    ["alt-text", "![](chart.png)"],
    ["alt-text", '<img src="x.png">'],
    ["heading-order", "## Start\n\n#### Too deep"],
    ["heading-order", "# Second title"],
    ["link-text", "For the form [click here](https://example.org/form)."],
    ["link-text", "[Read more](guide:claim-mileage)"],
  ])("flags %s", (rule, md) => {
    expect(rules(md)).toContain(rule);
  });

  it("names the line of a problem", () => {
    const r = checkReadability("## Fine\n\nFine text.\n\n![](x.png)");
    expect(r.advice.find((a) => a.rule === "alt-text")?.line).toBe(5);
  });

  it("ignores code blocks", () => {
    expect(rules("```\nwas processed by utilise click here\n```")).toEqual([]);
  });

  it("reports a high reading age for dense officialese", () => {
    const dense =
      "Notwithstanding the aforementioned organisational considerations, departmental representatives are required to demonstrate comprehensive accountability regarding expenditure authorisation. Consequently, interdepartmental administrative arrangements necessitate sophisticated documentation methodologies.";
    const r = checkReadability(dense);
    expect(r.readingAge).toBeGreaterThan(16);
    expect(r.advice[0].rule).toBe("reading-age");
  });

  it("copes with empty and odd input", () => {
    expect(checkReadability("").words).toBe(0);
    expect(() => checkReadability("😀 ‮ \u0000 ###### \n\n[]()")).not.toThrow();
  });
});
