/**
 * /me/notices: every urgent and need-to-know notice addressed to you and not put away, in
 * full, urgent first then newest. The home page shows the first and lists a few more.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { BannerList } from "~/components/delivery/Banner";
import { pageTitle } from "~/components/meta";
import { loadNotices } from "~/presenters/delivery.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Your notices");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const notices = await loadNotices(await getDb(), user, visibleItemsSql(user));
  return json({ csrfToken: user.csrfToken, notices });
}

export default function Notices() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Your notices" }]} />
      <h1>Your notices</h1>
      <p className="lede">
        Urgent and need-to-know notices sent to you. A need-to-know notice stays until you dismiss it or it expires; an urgent one until
        you say you have read it, or confirm it if you are asked to.
      </p>
      {data.notices.length === 0 ? (
        <p className="muted">
          There are no notices for you at the moment. <Link to="/announcements">All news and announcements</Link>.
        </p>
      ) : (
        <BannerList banners={data.notices} csrfToken={data.csrfToken} redirectTo="/me/notices" />
      )}
    </>
  );
}
