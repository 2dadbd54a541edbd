import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FollowButton } from "~/components/delivery/FollowButton";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { listAnnouncements } from "~/models/announcement.server";
import { findChannelBySlug } from "~/models/channel.server";
import { loadFollowState } from "~/presenters/delivery.server";
import { fetchPage, slugFromParams } from "~/schemas/reading-query";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound, pageParam } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const PER_PAGE = 20;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.channel.name ?? "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const channel = slug ? await findChannelBySlug(db, slug) : undefined;
  if (!channel) throw notFound();
  const visible = visibleItemsSql(user);
  const follow = channel.archivedAt === null ? await loadFollowState(db, user, channel.id) : null;
  const result = await fetchPage(pageParam(url), PER_PAGE, (p) => listAnnouncements(db, visible, { channelId: channel.id }, p));
  return json({
    channel: {
      slug: channel.slug,
      name: channel.name,
      description: channel.description,
      mandatory: channel.isMandatory === 1,
      archived: channel.archivedAt !== null,
    },
    follow,
    csrfToken: user.csrfToken,
    department: channel.departmentSlug ? { slug: channel.departmentSlug, name: channel.departmentName ?? channel.departmentSlug } : null,
    announcements: result.items,
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
  });
}

export default function ChannelPage() {
  const { channel, follow, csrfToken, department, announcements, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Departments", to: "/departments" },
          ...(department ? [{ label: department.name, to: `/departments/${department.slug}` }] : []),
          { label: channel.name },
        ]}
      />
      <p className="item-meta">{department ? `Channel in ${department.name}` : "Council-wide channel"}</p>
      <h1>{channel.name}</h1>
      {channel.archived ? (
        <div className="inset" role="note">
          <p>This channel is closed. Nothing new is posted here, but you can still read what was.</p>
        </div>
      ) : null}
      {channel.description ? <p className="lede">{channel.description}</p> : null}
      {follow ? (
        <FollowButton channel={follow} csrfToken={csrfToken} redirectTo={`/channels/${channel.slug}`} />
      ) : channel.mandatory ? (
        <p>Everyone at the council follows this channel.</p>
      ) : null}
      <h2>Announcements</h2>
      <p role="status" className="muted">
        {total === 1 ? "1 announcement" : `${total} announcements`}
      </p>
      <ItemList items={announcements} empty="Nothing has been posted in this channel yet." />
      <Pagination page={page} pageCount={pageCount} path={`/channels/${channel.slug}`} label="Channel pages" />
      <p>
        <Link to={`/announcements?channel=${channel.slug}`}>Filter all announcements by this channel</Link>
      </p>
    </>
  );
}
