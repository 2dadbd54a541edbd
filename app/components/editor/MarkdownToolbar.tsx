/**
 * Bold, heading, list and link buttons for the Markdown text box, and "Place image" for the
 * item's attached images (issue 21: the editor inserts the Markdown). They only help with
 * typing Markdown, so they appear once JavaScript runs; without it the text box works
 * the same, the hint explains the syntax, and the Documents and images page gives each
 * image's Markdown to paste.
 */
import { useEffect, useId, useState } from "react";

export type ToolbarImage = { id: number; title: string; markdown: string };

/**
 * An image's Markdown placed at the cursor as a paragraph of its own (a blank line before and
 * after it unless the text already has one), replacing any selection; the cursor goes after it.
 */
export function placeBlock(value: string, start: number, end: number, block: string): { from: number; to: number; text: string; caret: number } {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const tail = after === "" ? "\n" : after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const text = `${lead}${block}${tail}`;
  return { from: start, to: end, text, caret: lead.length + block.length + tail.length };
}

type Kind = "bold" | "heading" | "list" | "link";

function lineStart(value: string, index: number): number {
  return value.lastIndexOf("\n", index - 1) + 1;
}

/** The text to put in place of the selection, and what to select afterwards (relative to `from`). */
export function formatSelection(kind: Kind, value: string, start: number, end: number): { from: number; to: number; text: string; select: [number, number] } {
  const selected = value.slice(start, end);
  switch (kind) {
    case "bold": {
      const inner = selected || "bold text";
      return { from: start, to: end, text: `**${inner}**`, select: [2, 2 + inner.length] };
    }
    case "link": {
      const label = selected || "link text";
      const text = `[${label}](https://)`;
      return { from: start, to: end, text, select: [label.length + 3, text.length - 1] };
    }
    case "heading": {
      const from = lineStart(value, start);
      const lineEnd = value.indexOf("\n", start);
      const to = lineEnd === -1 ? value.length : lineEnd;
      const line = value.slice(from, to).replace(/^#{1,6}\s*/, "") || "Heading";
      return { from, to, text: `## ${line}`, select: [3, 3 + line.length] };
    }
    case "list": {
      const from = lineStart(value, start);
      const lines = (value.slice(from, end) || "List item").split("\n");
      const text = lines.map((l) => (/^\s*[-*]\s/.test(l) ? l : `- ${l}`)).join("\n");
      return { from, to: Math.max(end, from), text, select: [text.length, text.length] };
    }
  }
}

const BUTTONS: { kind: Kind; label: string }[] = [
  { kind: "bold", label: "Bold" },
  { kind: "heading", label: "Heading" },
  { kind: "list", label: "List" },
  { kind: "link", label: "Link" },
];

/** Puts `text` in place of from..to, selects `select` (relative to `from`) and tells listeners (the live preview) the text changed. */
function replaceText(box: HTMLTextAreaElement, from: number, to: number, text: string, select: [number, number]): void {
  box.focus();
  box.setRangeText(text, from, to, "end");
  box.setSelectionRange(from + select[0], from + select[1]);
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

export function MarkdownToolbar({ targetId, images = [] }: { targetId: string; images?: ToolbarImage[] }) {
  const [ready, setReady] = useState(false);
  const [imageId, setImageId] = useState(images[0]?.id ?? 0);
  const pickerId = useId();
  useEffect(() => setReady(true), []);
  if (!ready) return null;

  const placeImage = () => {
    const box = document.getElementById(targetId);
    const image = images.find((i) => i.id === imageId) ?? images[0];
    if (!(box instanceof HTMLTextAreaElement) || !image) return;
    const { from, to, text, caret } = placeBlock(box.value, box.selectionStart, box.selectionEnd, image.markdown);
    replaceText(box, from, to, text, [caret, caret]);
  };

  const apply = (kind: Kind) => {
    const box = document.getElementById(targetId);
    if (!(box instanceof HTMLTextAreaElement)) return;
    const { from, to, text, select } = formatSelection(kind, box.value, box.selectionStart, box.selectionEnd);
    replaceText(box, from, to, text, select);
  };

  return (
    <div className="md-toolbar" role="group" aria-label="Formatting">
      {BUTTONS.map((b) => (
        <button key={b.kind} type="button" className={`md-toolbar__button md-toolbar__button--${b.kind}`} onClick={() => apply(b.kind)}>
          {b.label}
        </button>
      ))}
      {images.length ? (
        <span className="md-toolbar__image">
          <label htmlFor={pickerId} className="visually-hidden">
            Image to place in the text
          </label>
          <select id={pickerId} value={imageId} onChange={(e) => setImageId(Number(e.target.value))}>
            {images.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
          <button type="button" className="md-toolbar__button md-toolbar__button--image" onClick={placeImage}>
            Place image
          </button>
        </span>
      ) : null}
    </div>
  );
}
