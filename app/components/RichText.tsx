/**
 * The body of an item. `html` MUST be the sanitised render (marked output passed through
 * the sanitize-html allow-list, models/revision.server.ts) as the reader sees it: through
 * `itemBodyForReader` or `linksForReader` (presenters/item-body.server.ts), so links to pages
 * the reader cannot open are words. tests/access/body-links.test.ts checks every route.
 * Never pass anything else here.
 */
export function RichText({ html }: { html: string }) {
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}
