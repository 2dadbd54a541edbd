import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DepartmentFilter, FilterForm, FilterSelect, toOptions } from "~/components/FilterForm";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { listAnnouncements } from "~/models/announcement.server";
import { findChannelBySlug } from "~/models/channel.server";
import { findDepartmentBySlug } from "~/models/department.server";
import { forAudience } from "~/presenters/audience-cache.server";
import { openChannels, openDepartments } from "~/presenters/shared-lists.server";
import { fetchPage, slugParam } from "~/schemas/reading-query";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const PER_PAGE = 20;

export const meta: MetaFunction = () => pageTitle("News and announcements");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const departmentSlug = slugParam(url, "department");
  const channelSlug = slugParam(url, "channel");
  // The filters' lists and each page of the list are kept until the change feed moves (decision 245).
  const [departments, channels, department, channel] = await Promise.all([
    openDepartments(db, user.sight),
    openChannels(db, user.sight),
    departmentSlug ? findDepartmentBySlug(db, departmentSlug) : undefined,
    channelSlug ? findChannelBySlug(db, channelSlug) : undefined,
  ]);
  const filter = { departmentId: department?.id, channelId: channel?.id };
  const requested = pageParam(url);
  // Per audience key: the key names everything else the list depends on.
  const result = await forAudience(db, `news|${filter.departmentId ?? ""}|${filter.channelId ?? ""}|${requested}`, user, (visible) =>
    fetchPage(requested, PER_PAGE, (p) => listAnnouncements(db, visible, filter, p)), user.sight?.feedId);
  return json({
    announcements: result.items,
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    filter: { department: department?.slug ?? "", channel: channel?.slug ?? "" },
    filterNames: { department: department?.name ?? null, channel: channel?.name ?? null },
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    channels: channels.map((c) => ({ slug: c.slug, name: c.name })),
  });
}

export default function Announcements() {
  const data = useLoaderData<typeof loader>();
  const filtered = data.filter.department || data.filter.channel;
  return (
    <>
      <Breadcrumbs items={[{ label: "News and announcements" }]} />
      <h1>News and announcements</h1>
      <FilterForm action="/announcements" label="Filter announcements" submit="Show announcements" clear={filtered ? "Clear filters" : null}>
        <DepartmentFilter value={data.filter.department} departments={data.departments} />
        <FilterSelect
          id="filter-channel"
          name="channel"
          label="Channel"
          value={data.filter.channel}
          allLabel="All channels"
          options={toOptions(data.channels)}
        />
      </FilterForm>
      <p role="status" className="muted">
        {data.total === 1 ? "1 announcement" : `${data.total} announcements`}
        {data.filterNames.department ? ` for ${data.filterNames.department}` : ""}
        {data.filterNames.channel ? ` in ${data.filterNames.channel}` : ""}
      </p>
      <ItemList items={data.announcements} headingLevel={2} empty="No announcements match these filters." />
      <Pagination page={data.page} pageCount={data.pageCount} path="/announcements" query={data.filter} label="Announcement pages" />
    </>
  );
}
