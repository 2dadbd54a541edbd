/**
 * "Documents" on an item page: each attached file with its type, size and date, so a
 * reader knows what they are opening before they open it.
 */
export type DocumentListEntry = { id: number; title: string; href: string; type: string; size: string; date: string };

export function DocumentList({ documents }: { documents: DocumentListEntry[] }) {
  if (!documents.length) return null;
  return (
    <section className="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">Documents</h2>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <a href={d.href} download>
              {d.title}
            </a>
            <span className="item-meta">
              {d.type}, {d.size}, added {d.date}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
