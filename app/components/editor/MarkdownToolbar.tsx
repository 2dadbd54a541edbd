/**
 * Bold, heading, list and link buttons for the Markdown text box. They only help with
 * typing Markdown, so they appear once JavaScript runs; without it the text box works
 * the same and the hint explains the syntax.
 */
import { useEffect, useState } from "react";

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

export function MarkdownToolbar({ targetId }: { targetId: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;

  const apply = (kind: Kind) => {
    const box = document.getElementById(targetId);
    if (!(box instanceof HTMLTextAreaElement)) return;
    const { from, to, text, select } = formatSelection(kind, box.value, box.selectionStart, box.selectionEnd);
    box.focus();
    box.setRangeText(text, from, to, "end");
    box.setSelectionRange(from + select[0], from + select[1]);
    // Let listeners (the live preview) know the text changed.
    box.dispatchEvent(new Event("input", { bubbles: true }));
  };

  return (
    <div className="md-toolbar" role="group" aria-label="Formatting">
      {BUTTONS.map((b) => (
        <button key={b.kind} type="button" className={`md-toolbar__button md-toolbar__button--${b.kind}`} onClick={() => apply(b.kind)}>
          {b.label}
        </button>
      ))}
    </div>
  );
}
