export type TocEntry = { id: string; text: string; level: number };

/** "On this page" links to the headings of a long page. */
export function TableOfContents({ entries }: { entries: TocEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <nav className="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">On this page</h2>
      <ol>
        {entries.map((e) => (
          <li key={e.id} className={e.level === 3 ? "toc-level-3" : undefined}>
            <a href={`#${e.id}`}>{e.text}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
