export type DiffPart = { value: string; added?: boolean; removed?: boolean };

/**
 * A word-level difference between two texts. The text is Markdown source rendered as
 * plain text (React escapes it), never as HTML. Screen readers hear where additions and
 * removals start and end, since colour and underline alone do not reach them.
 */
export function DiffView({ parts, label }: { parts: DiffPart[]; label: string }) {
  return (
    <div className="diff" role="region" aria-label={label} tabIndex={0}>
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>
            <span className="visually-hidden">[added: </span>
            {p.value}
            <span className="visually-hidden">]</span>
          </ins>
        ) : p.removed ? (
          <del key={i}>
            <span className="visually-hidden">[removed: </span>
            {p.value}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </div>
  );
}
