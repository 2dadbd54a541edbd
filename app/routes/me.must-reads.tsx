/**
 * /me/must-reads: everything you are asked to read and confirm, grouped by policy and
 * announcement, the oldest overdue first (decision 027). The home page shows the first five.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { MustReadChecklist } from "~/components/delivery/MustReadChecklist";
import { pageTitle } from "~/components/meta";
import { groupMustReads, loadMustReads } from "~/presenters/delivery.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Things to read and confirm");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const items = await loadMustReads(await getDb(), user, visibleItemsSql(user), ukTodayIso());
  return json({ total: items.length, groups: groupMustReads(items) });
}

export default function MustReads() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Things to read and confirm" }]} />
      <h1>Things to read and confirm</h1>
      {data.total === 0 ? (
        <p className="lede">You have confirmed everything you were asked to read. Thank you.</p>
      ) : (
        <>
          <p className="lede">
            {data.total === 1 ? "There is 1 thing" : `There are ${data.total} things`} for you to read and confirm. Open each one, read it, then
            select “I have read and understood this” at the end of the page.
          </p>
          <p>A policy is due on the day the version you are asked to confirm takes effect; overdue ones come first.</p>
          <MustReadChecklist groups={data.groups} headingLevel={2} />
        </>
      )}
    </>
  );
}
