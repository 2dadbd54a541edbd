/**
 * The body of an item. `html` MUST be the sanitised render from `renderedRevision()`
 * (models/revision.server.ts): marked output passed through the sanitize-html allow-list.
 * Never pass anything else here.
 */
export function RichText({ html }: { html: string }) {
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}
