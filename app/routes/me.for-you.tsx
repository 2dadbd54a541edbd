/**
 * /me/for-you: the whole "For you" stream (announcements sent to your department or
 * posted in channels you follow), newest first, each saying why it is there.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ForYou } from "~/components/delivery/ForYou";
import { pageTitle } from "~/components/meta";
import { loadForYou } from "~/presenters/delivery.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

/** The newest this many; older news is on /announcements. */
const SHOWN = 50;

export const meta: MetaFunction = () => pageTitle("For you");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const items = await loadForYou(await getDb(), user, visibleItemsSql(user), SHOWN);
  return json({ items, departmentName: user.departmentName, limited: items.length === SHOWN });
}

export default function ForYouPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "For you" }]} />
      <ForYou items={data.items} headingLevel={1}>
        <p>
          {data.limited ? (
            <>
              These are the newest {SHOWN}. <Link to="/announcements">All news and announcements</Link> ·{" "}
            </>
          ) : null}
          <Link to="/me">Channels you follow and email settings</Link>
        </p>
      </ForYou>
    </>
  );
}
