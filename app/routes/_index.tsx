/**
 * The signed-in home page: the greeting and one line saying what needs attention; the most
 * urgent notice in full and the others as a compact list; things to read and confirm as a
 * checklist; then For you, latest news, policy changes and guides. Each item appears once
 * (in the first section that applies) and each section links to its full page, so the
 * page is at most four screens on a phone (decision 027).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Attention } from "~/components/delivery/Attention";
import { Banner, NoticeList } from "~/components/delivery/Banner";
import { ForYou } from "~/components/delivery/ForYou";
import { MustReadChecklist } from "~/components/delivery/MustReadChecklist";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { PolicyChangeList } from "~/components/PolicyChangeList";
import { loadHomePageFor } from "~/presenters/home.server";
import { requireUser } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { READING_PAGE } from "~/utils/page-scripts";

export const meta: MetaFunction = () => pageTitle("Home");

/** A repeat visit costs a 304 when nothing on the page changed for this person (decision 191). */
export const handle = { ...READING_PAGE, etag: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const home = await loadHomePageFor(await getDb(), user, ukTodayIso());
  return json({
    name: user.name,
    departmentName: user.departmentName,
    departmentSlug: user.departmentSlug,
    csrfToken: user.csrfToken,
    ...home,
  });
}

function More({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <p className="more">
      <Link to={to} className="more-link">
        {children}
      </Link>
    </p>
  );
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const noticeCount = data.attention.urgent + data.attention.needToKnow;
  return (
    <div className={`home${data.lead && data.notices.length ? " home--notices-beside" : ""}`}>
      <h1>Welcome, {data.name}</h1>
      <Attention counts={data.attention} />

      {data.lead ? (
        <div className="home-notices" data-home-section="notices">
          <Banner notice={data.lead} csrfToken={data.csrfToken} redirectTo="/" className="lead-notice" />
          {data.notices.length ? (
            <section aria-labelledby="notices-heading" className="notices">
              <h2 id="notices-heading">Need to know</h2>
              <NoticeList notices={data.notices} csrfToken={data.csrfToken} redirectTo="/" />
              <More to="/me/notices">{data.moreNotices ? `All ${noticeCount} notices` : "Your notices"}</More>
            </section>
          ) : (
            <More to="/me/notices">Your notices</More>
          )}
        </div>
      ) : null}

      <div className="home-columns">
        <div>
          {data.mustReadTotal > 0 ? (
            <section aria-labelledby="must-read-heading" className="must-read" data-home-section="must-read">
              <h2 id="must-read-heading">To read and confirm</h2>
              {data.mustRead.length ? (
                <MustReadChecklist groups={data.mustRead} />
              ) : (
                <p>Shown under the notices above. Open each one and confirm at the end of its page.</p>
              )}
              <More to="/me/must-reads">
                {data.mustReadTotal > 1 ? `All ${data.mustReadTotal} things to read and confirm` : "Things to read and confirm"}
              </More>
            </section>
          ) : null}

          <div data-home-section="for-you">
            <ForYou
              items={data.forYou}
              compact
              empty={
                <>
                  Nothing else new from the channels you follow. <Link to="/me">Choose channels to follow</Link>.
                </>
              }
            >
              <More to="/me/for-you">More for you</More>
            </ForYou>
          </div>

          <section aria-labelledby="latest-heading" data-home-section="latest">
            <h2 id="latest-heading">Latest news</h2>
            <ItemList items={data.latest} compact showDepartment={false} empty="No other news at the moment." />
            <More to="/announcements">All news and announcements</More>
          </section>
        </div>

        <div>
          <section aria-labelledby="policy-heading" className="card" data-home-section="policy-changes">
            <h2 id="policy-heading">Policy changes</h2>
            <PolicyChangeList changes={data.policyChanges} compact empty="No other policies have changed recently." />
            <More to="/policies">All policies</More>
          </section>
          <section aria-labelledby="guides-heading" className="card" data-home-section="guides">
            <h2 id="guides-heading">Recently updated guides</h2>
            <ItemList items={data.guides} compact date="reviewed" showDepartment={false} empty="There are no guides yet." />
            <More to="/guides">All guides</More>
          </section>
          <section aria-labelledby="departments-heading" className="card home-departments" data-home-section="departments">
            <h2 id="departments-heading">Departments</h2>
            <p>
              {data.departmentSlug ? (
                <>
                  Your department: <Link to={`/departments/${data.departmentSlug}`}>{data.departmentName}</Link>
                  {" · "}
                </>
              ) : null}
              <Link to="/departments" className="more-link">
                All departments
              </Link>
            </p>
          </section>
        </div>
      </div>
    </div>
  );
}
