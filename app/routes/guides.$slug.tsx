import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { EditLink } from "~/components/EditLink";
import { editHrefFor } from "~/utils/edit-link.server";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { AudienceRow } from "~/components/AudienceText";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { itemHref } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { pageHref } from "~/components/Pagination";
import { RichText } from "~/components/RichText";
import { DocumentList } from "~/components/DocumentList";
import { documentEntries } from "~/commands/attachments.server";
import { itemPageRows, relatedPagesFor } from "~/presenters/item-page.server";
import { TableOfContents } from "~/components/TableOfContents";
import { itemBodyForViewer } from "~/presenters/item-body.server";
import { recordItemView } from "~/models/reach.server";
import { slugFromParams } from "~/schemas/reading-query";
import { canSeeItem } from "~/access/audience.server";
import { isPastDay, relativeToNow } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { requireReaderOfItem } from "~/commands/public-pages.server";
import { notFound } from "~/utils/http.server";
import { PageFeedback } from "~/components/knowledge/PageFeedback";
import { guideParts } from "~/commands/item-page-parts.server";
import { CorrectionNotice } from "~/components/conversations/Corrections";
import { Conversation } from "~/components/conversations/Conversation";
import { WhoToAsk } from "~/components/people/WhoToAsk";
import { guidePeople } from "~/presenters/people.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

/** Short guides read fine without a contents list. */
const TOC_MIN_HEADINGS = 3;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.guide.title ?? "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireReaderOfItem(request, "guide", slugFromParams(params.slug));
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  // The item's own rows, kept until the change feed moves (decision 245); who may read is asked here, every time.
  const page = slug ? await itemPageRows(db, "guide", slug, user.sight) : null;
  if (!page || !canSeeItem(user, page.facts)) throw notFound();
  const { item, facts, revision, department, tags } = page;
  recordItemView(item.id, user.departmentId);
  // Owner's and deputy's names and "who to ask": from the directory, kept until it changes (decision 255).
  // Feedback box, comments, corrections and "saved for offline": one statement says which exist (and this reader's rating and saved state), then only those are read (decision 265).
  const [body, { names, whoToAsk }, related, { feedback, conversation, corrections, savedOffline }] = await Promise.all([
    itemBodyForViewer(db, revision, user),
    guidePeople(db, { id: item.id, ownerEmail: item.ownerEmail, deputyEmail: item.deputyEmail, departmentId: item.departmentId, tags }, user.sight),
    relatedPagesFor(db, item.id, user),
    guideParts(db, user, item),
  ]);
  const person = (email: string | null) => (email ? { email, name: names.get(email.toLowerCase()) ?? email } : null);
  const audience = { kind: facts.audience, departments: page.audienceDepartmentNames, roles: facts.audienceRoles };
  return json({
    editHref: editHrefFor(user, item),
    whoToAsk,
    documents: documentEntries(page.attachments),
    feedback,
    conversation,
    corrections,
    itemId: item.id,
    path: `/guides/${item.slug}`,
    // "Save for offline" (decision 124): not offered on a shared device.
    offline: user.sharedDevice ? null : { saved: savedOffline, note: new URL(request.url).searchParams.get("offline") },
    csrfToken: user.csrfToken,
    audience,
    guide: {
      title: item.title,
      summary: item.summary,
      lastReviewedOn: item.lastReviewedOn,
      lastReviewedAgo: relativeToNow(item.lastReviewedOn),
      reviewBy: item.reviewBy,
      reviewOverdue: isPastDay(item.reviewBy),
    },
    owner: person(item.ownerEmail),
    deputy: person(item.deputyEmail),
    department: department ? { slug: department.slug, name: department.name } : null,
    html: body.html,
    toc: body.toc.length >= TOC_MIN_HEADINGS ? body.toc : [],
    tags,
    related: related.map((r) => ({ type: r.type, slug: r.slug, title: r.title, summary: r.summary })),
  });
}

export default function Guide() {
  const { guide, audience, owner, deputy, department, html, toc, tags, related } = useLoaderData<typeof loader>();
  const { feedback, csrfToken, conversation, itemId, path, corrections } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Guides", to: "/guides" },
          ...(department ? [{ label: department.name, to: pageHref("/guides", { department: department.slug }, 1) }] : []),
          { label: guide.title },
        ]}
      />
      <p className="item-meta">Guide{department ? ` from ${department.name}` : ""}</p>
      <h1>{guide.title}</h1>
      <CorrectionNotice data={corrections} />
      <EditLink href={useLoaderData<typeof loader>().editHref} noun="guide" />
      {guide.reviewOverdue ? (
        <div className="banner banner--need-to-know" role="note" aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">Review overdue</h2>
          <p>
            This guide should have been checked by <DateText value={guide.reviewBy} />. Some of it may be out of date.
            {owner ? (
              <>
                {" "}
                If something is wrong, tell <a href={`mailto:${owner.email}`}>{owner.name}</a>.
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      {guide.summary ? <p className="lede">{guide.summary}</p> : null}
      <OfflineToggle itemId={itemId} csrfToken={csrfToken} offline={useLoaderData<typeof loader>().offline} />
      <dl className="summary-list">
        {owner ? (
          <>
            <dt>Owner</dt>
            <dd>
              <a href={`mailto:${owner.email}`}>{owner.name}</a>
            </dd>
          </>
        ) : null}
        {deputy ? (
          <>
            <dt>Deputy</dt>
            <dd>
              <a href={`mailto:${deputy.email}`}>{deputy.name}</a>
            </dd>
          </>
        ) : null}
        {guide.lastReviewedOn ? (
          <>
            <dt>Last reviewed</dt>
            <dd>
              <DateText value={guide.lastReviewedOn} /> ({guide.lastReviewedAgo})
            </dd>
          </>
        ) : null}
        {guide.reviewBy ? (
          <>
            <dt>Review by</dt>
            <dd>
              <DateText value={guide.reviewBy} />
              {guide.reviewOverdue ? (
                <>
                  {" "}
                  <strong className="tag tag--overdue">Review overdue</strong>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <AudienceRow audience={audience} />
      </dl>
      <TableOfContents entries={toc} />
      <RichText html={html} />
      <DocumentList documents={useLoaderData<typeof loader>().documents} />
      {related.length > 0 ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Related pages</h2>
          <ul className="item-list">
            {related.map((r) => (
              <li key={`${r.type}:${r.slug}`}>
                <Link to={itemHref(r)}>{r.title}</Link>
                {r.summary ? <p>{r.summary}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {tags.length > 0 ? (
        <section aria-labelledby="topics-heading">
          <h2 id="topics-heading">Topics</h2>
          <ul className="tag-cloud">
            {tags.map((t) => (
              <li key={t}>
                <Link to={pageHref("/guides", { tag: t }, 1)}>{t}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <WhoToAsk data={useLoaderData<typeof loader>().whoToAsk} />
      <div id="reactions" />
      <Conversation data={conversation} itemId={itemId} csrfToken={csrfToken} returnTo={path} />
      <PageFeedback data={feedback} csrfToken={csrfToken} />
    </>
  );
}

/** "Save for offline" on this guide (decision 124): a plain form; the service worker keeps the page. */
function OfflineToggle({ itemId, csrfToken, offline }: { itemId: number; csrfToken: string; offline: { saved: boolean; note: string | null } | null }) {
  if (!offline) return null;
  return (
    <Form method="post" action="/me/offline" reloadDocument className="offline-toggle no-print" id="offline">
      <input type="hidden" name="csrf" value={csrfToken} />
      <input type="hidden" name="itemId" value={String(itemId)} />
      <input type="hidden" name="intent" value={offline.saved ? "forget" : "save"} />
      <button type="submit" className="button button--secondary">
        {offline.saved ? "Remove from offline" : "Save for offline"}
      </button>{" "}
      {offline.note ? (
        <span role="status">{offline.note === "saved" ? "Saved: you can open this guide without a signal on this phone." : "Removed from offline."}</span>
      ) : (
        <span className="hint">{offline.saved ? "Saved for reading without a signal." : "Keep it on this phone to read without a signal."}</span>
      )}
    </Form>
  );
}
