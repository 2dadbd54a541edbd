import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { EditLink } from "~/components/EditLink";
import { editHrefFor } from "~/utils/edit-link.server";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { AudienceRow } from "~/components/AudienceText";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { AcknowledgeButton } from "~/components/delivery/AcknowledgeButton";
import { DateText } from "~/components/DateText";
import { itemHref } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { PriorityTag } from "~/components/PriorityTag";
import { RichText } from "~/components/RichText";
import { DocumentList } from "~/components/DocumentList";
import { documentEntries } from "~/commands/attachments.server";
import { itemPageRows, relatedPagesFor } from "~/presenters/item-page.server";
import { itemBodyForViewer } from "~/presenters/item-body.server";
import { loadAcknowledgeState } from "~/presenters/delivery.server";
import { recordItemView } from "~/models/reach.server";
import { slugFromParams } from "~/schemas/reading-query";
import { canSeeItem } from "~/access/audience.server";
import { lastDayBefore } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { requireReaderOfItem } from "~/commands/public-pages.server";
import { notFound } from "~/utils/http.server";
import { AnnouncementEngagement } from "~/components/knowledge/AnnouncementEngagement";
import { announcementParts } from "~/commands/item-page-parts.server";
import { CorrectionNotice } from "~/components/conversations/Corrections";
import { Conversation } from "~/components/conversations/Conversation";
import { StoryByline } from "~/components/conversations/Stories";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.announcement.title ?? "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireReaderOfItem(request, "announcement", slugFromParams(params.slug));
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  // The item's own rows, kept until the change feed moves (decision 245); who may read is asked here, every time.
  const page = slug ? await itemPageRows(db, "announcement", slug, user.sight) : null;
  if (!page || !canSeeItem(user, page.facts)) throw notFound();
  const { item, facts, revision, department, sentTo, channels, tags } = page;
  recordItemView(item.id, user.departmentId);
  // Poll, questions, comments, corrections and story: one statement says which exist, then only those are read (decision 265).
  const [acknowledge, body, related, { engagement, conversation, corrections, story }] = await Promise.all([
    loadAcknowledgeState(db, user.id, item),
    itemBodyForViewer(db, revision, user),
    relatedPagesFor(db, item.id, user),
    announcementParts(db, user, item),
  ]);
  const now = new Date().toISOString();
  const audience = { kind: facts.audience, departments: page.audienceDepartmentNames, roles: facts.audienceRoles };
  return json({
    editHref: editHrefFor(user, item),
    documents: documentEntries(page.attachments),
    engagement,
    conversation,
    corrections,
    story,
    itemId: item.id,
    acknowledge,
    csrfToken: user.csrfToken,
    path: `/announcements/${item.slug}`,
    audience,
    announcement: {
      title: item.title,
      summary: item.summary,
      priority: item.priority,
      mustRead: item.mustRead === 1,
      publishedAt: item.publishedAt ?? item.publishAt,
      expiresAt: item.expiresAt,
      listedUntil: lastDayBefore(item.expiresAt),
      expired: item.status === "expired" || (!!item.expiresAt && item.expiresAt <= now),
    },
    html: body.html,
    department: department ? { slug: department.slug, name: department.name } : null,
    sentTo: sentTo.map((d) => ({ slug: d.slug, name: d.name })),
    sentToEveryone: (sentTo.length === 0 && item.audience === "everyone") || (sentTo.length > 0 && sentTo.length === page.departmentCount),
    channels: channels.map((c) => ({ slug: c.slug, name: c.name })),
    tags,
    related: related.map((r) => ({ type: r.type, slug: r.slug, title: r.title })),
  });
}

export default function Announcement() {
  const { acknowledge, csrfToken, path, engagement, conversation, itemId, corrections, story } = useLoaderData<typeof loader>();
  const { announcement: a, audience, html, department, sentTo, sentToEveryone, channels, tags, related } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "News and announcements", to: "/announcements" }, { label: a.title }]} />
      <article>
        <p className="item-meta">
          <PriorityTag priority={a.priority} />
          {a.mustRead ? <strong className="tag">Must read</strong> : null}
          News{department ? ` from ${department.name}` : ""} · <DateText value={a.publishedAt} />
        </p>
        <h1>{a.title}</h1>
        <CorrectionNotice data={corrections} />
      <EditLink href={useLoaderData<typeof loader>().editHref} noun="announcement" />
        {a.expired ? (
          <div className="inset" role="note">
            <p>
              <strong>This announcement has expired</strong>
              {a.listedUntil ? (
                <>
                  {" "}
                  at the end of <DateText value={a.listedUntil} />
                </>
              ) : null}
              . It may be out of date: it is kept here for reference.
            </p>
          </div>
        ) : null}
        {a.summary ? <p className="lede">{a.summary}</p> : null}
        <StoryByline story={story} />
        <div className="layout-sidebar">
          <div>
            <RichText html={html} />
            <DocumentList documents={useLoaderData<typeof loader>().documents} />
            <AcknowledgeButton state={acknowledge} csrfToken={csrfToken} redirectTo={path} />
            <div id="reactions" />
            <Conversation data={conversation} itemId={itemId} csrfToken={csrfToken} returnTo={path} />
            <AnnouncementEngagement data={engagement} csrfToken={csrfToken} returnTo={path} />
          </div>
          <aside aria-label="About this announcement">
            <dl className="summary-list summary-list--stacked">
              {department ? (
                <>
                  <dt>From</dt>
                  <dd>
                    <Link to={`/departments/${department.slug}`}>{department.name}</Link>
                  </dd>
                </>
              ) : null}
              <dt>Published</dt>
              <dd>
                <DateText value={a.publishedAt} />
              </dd>
              {a.listedUntil ? (
                <>
                  <dt>{a.expired ? "Was listed until" : "Listed until"}</dt>
                  <dd>
                    <DateText value={a.listedUntil} />
                  </dd>
                </>
              ) : null}
              {sentToEveryone || sentTo.length > 0 ? (
                <>
                  <dt>Sent to</dt>
                  <dd>
                    {sentToEveryone ? (
                      "All staff"
                    ) : (
                      <ul className="plain-list">
                        {sentTo.map((d) => (
                          <li key={d.slug}>
                            <Link to={`/departments/${d.slug}`}>{d.name}</Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </>
              ) : null}
              <AudienceRow audience={audience} />
              {channels.length > 0 ? (
                <>
                  <dt>Channels</dt>
                  <dd>
                    <ul className="plain-list">
                      {channels.map((c) => (
                        <li key={c.slug}>
                          <Link to={`/channels/${c.slug}`}>{c.name}</Link>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
              {tags.length > 0 ? (
                <>
                  <dt>Topics</dt>
                  <dd>{tags.join(", ")}</dd>
                </>
              ) : null}
            </dl>
            {related.length > 0 ? (
              <section aria-labelledby="related-heading">
                <h2 id="related-heading">Related pages</h2>
                <ul className="link-list">
                  {related.map((r) => (
                    <li key={`${r.type}:${r.slug}`}>
                      <Link to={itemHref(r)}>{r.title}</Link>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </aside>
        </div>
      </article>
    </>
  );
}
