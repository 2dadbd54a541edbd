/**
 * The editor toolbar's "Place image" (issue 21: the editor inserts an attached image's
 * Markdown): the image becomes a paragraph of its own wherever the cursor is, without
 * doubling blank lines or gluing it to the words around it.
 */
import { describe, expect, it } from "vitest";
import { placeBlock } from "~/components/editor/MarkdownToolbar";

const IMG = "![Gritter on Station Road](/files/7/gritter.jpg)";
const place = (value: string, start: number, end = start) => {
  const r = placeBlock(value, start, end, IMG);
  const out = value.slice(0, r.from) + r.text + value.slice(r.to);
  return { out, caret: r.from + r.caret };
};

describe("placing an image in the text", () => {
  it("in an empty text, it is the text", () => {
    expect(place("", 0)).toEqual({ out: `${IMG}\n`, caret: IMG.length + 1 });
  });

  it("in the middle of a sentence, it becomes its own paragraph", () => {
    const { out } = place("Gritters go out tonight.", 8);
    expect(out).toBe(`Gritters\n\n${IMG}\n\n go out tonight.`);
  });

  it("between paragraphs, it adds no extra blank lines", () => {
    const text = "First paragraph.\n\nSecond paragraph.";
    const at = text.indexOf("Second");
    expect(place(text, at).out).toBe(`First paragraph.\n\n${IMG}\n\nSecond paragraph.`);
    expect(place(text, at - 1).out).toBe(`First paragraph.\n\n${IMG}\n\nSecond paragraph.`);
  });

  it("at the end of a line, it starts a paragraph after it; at the very end, the text ends with a newline", () => {
    expect(place("Last line", 9).out).toBe(`Last line\n\n${IMG}\n`);
  });

  it("replaces a selection, and the cursor ends after the image's paragraph", () => {
    const text = "Keep this. DROP THIS. Keep that.";
    const from = text.indexOf("DROP");
    const { out, caret } = place(text, from, from + "DROP THIS.".length);
    expect(out).toBe(`Keep this. \n\n${IMG}\n\n Keep that.`);
    expect(out.slice(caret)).toBe(" Keep that.");
  });
});
