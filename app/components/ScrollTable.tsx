/**
 * Every table on the intranet goes through this: at 320 px a wide table scrolls inside its own
 * region, never the page (WCAG 2.2 reflow), and that region is named by the table's caption and
 * takes keyboard focus so keyboard users can scroll it (axe: scrollable-region-focusable).
 * `tests/unit/tables-scroll-in-regions.test.ts` fails on a `<table>` written anywhere else.
 */
import { useId, type ReactNode } from "react";

export function ScrollTable({ caption, captionHidden = false, className, children }: {
  /** Names the table and its scrolling region. */
  caption: ReactNode;
  /** Caption for screen readers only (a heading above already says what the table is). */
  captionHidden?: boolean;
  className?: string;
  /** The table's head and body (thead, tbody, tfoot). */
  children: ReactNode;
}) {
  const id = `table-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  return (
    <div className="scroll-region" role="region" aria-labelledby={id} tabIndex={0}>
      <table className={className}>
        <caption id={id} className={captionHidden ? "visually-hidden" : undefined}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
