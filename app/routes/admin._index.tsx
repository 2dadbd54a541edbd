/** /admin: the administrators' start page. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { getMailStatus, type MailStatus } from "~/commands/mail-status.server";
import { demoDataNote } from "~/commands/demo-activity.server";
import { listFollowerStates, type FollowerState } from "~/models/change-feed.server";
import { listUsers } from "~/models/user.server";
import { requireAdmin } from "~/utils/admin.server";
import { getDb } from "~/utils/db.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "Administration – Riverside intranet" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const db = await getDb();
  const active = (await listUsers(db, { active: true }, 1, 0)).total;
  const inactive = (await listUsers(db, { active: false }, 1, 0)).total;
  return json({ active, inactive, mail: await getMailStatus(), followers: await listFollowerStates(db), demo: await demoDataNote() });
}

const FOLLOWER_LABELS: Record<string, string> = { search: "Search", delivery: "Email and Teams alerts" };

/**
 * The change feed's followers (decision 090): how many changes each has still to handle.
 * Anything but "up to date" for more than a few seconds means one is stuck: see the log.
 */
function ChangeFeedStatus({ followers }: { followers: FollowerState[] }) {
  const known = followers.filter((f) => f.follower in FOLLOWER_LABELS);
  if (known.length === 0) return null;
  return (
    <section aria-labelledby="change-feed-status">
      <h2 id="change-feed-status">Keeping up with changes</h2>
      <ul>
        {known.map((f) => (
          <li key={f.follower}>
            {FOLLOWER_LABELS[f.follower]}: {f.behind === 0 ? "up to date" : `${f.behind} ${f.behind === 1 ? "change" : "changes"} still to handle`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Email at a glance: whether it goes out at all, what waits, settings that make it wrong, what was dropped as too old. */
function EmailStatus({ mail }: { mail: MailStatus }) {
  return (
    <section aria-labelledby="email-status">
      <h2 id="email-status">Email</h2>
      {mail.lines.map((line) => (
        <p key={line.text} className={line.warning ? "warning-text" : undefined}>
          {line.text}
        </p>
      ))}
      {mail.dropped.groups.length > 0 ? (
        <ScrollTable caption="Emails dropped as too old to send" captionHidden className="admin-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Emails</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {mail.dropped.groups.map((g) => (
                <tr key={`${g.purpose}-${g.itemId ?? ""}-${g.subject ?? ""}`}>
                  <td>{g.label}</td>
                  <td>{g.emails}</td>
                  <td>
                    <DateText value={g.firstQueuedAt} />
                    {g.firstQueuedAt.slice(0, 10) !== g.lastQueuedAt.slice(0, 10) ? (
                      <>
                        {" to "}
                        <DateText value={g.lastQueuedAt} />
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
        </ScrollTable>
      ) : null}
    </section>
  );
}

export default function AdminIndex() {
  const { active, inactive, mail, followers, demo } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration" }]} />
      <h1>Administration</h1>
      <DemoDataNote demo={demo} />
      <EmailStatus mail={mail} />
      <ul className="item-list admin-sections">
        <li>
          <h2>
            <Link to="/admin/users">People and roles</Link>
          </h2>
          <p>
            Invite people, change their role and departments, switch accounts off. {active} active {active === 1 ? "account" : "accounts"}
            {inactive ? `, ${inactive} switched off` : ""}.
          </p>
        </li>
        <li>
          <h2>
            <Link to="/admin/directory-sync">Directory sync</Link>
          </h2>
          <p>Let the council&rsquo;s identity provider add, change and switch off accounts (SCIM): make or revoke its token.</p>
        </li>
        <li>
          <h2>
            <Link to="/access-codes">Access codes</Link>
          </h2>
          <p>Sign-in letters for staff without a council email: one person, or a team from a spreadsheet.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/devices">Shared devices</Link>
          </h2>
          <p>Mark a depot tablet or kiosk as shared: PIN sign-in, short time-out, nothing left behind for the next person.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/departments">Departments</Link>
          </h2>
          <p>Add, rename and archive departments.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/channels">Channels</Link>
          </h2>
          <p>Add, rename and archive the channels staff follow.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/audit">Audit log</Link>
          </h2>
          <p>Who signed in, who changed what, and who was refused. Filter it and download it as a spreadsheet.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/public-pages">Public pages</Link>
          </h2>
          <p>Whether items marked for anyone are shown to people who are not signed in. Off until you turn it on.</p>
        </li>
        <li>
          <h2>
            <Link to="/admin/elections">Pre-election periods</Link>
          </h2>
          <p>Record the notice and polling days, what they cover, and the names of candidates; see each period's log and report.</p>
        </li>
      </ul>
      <ChangeFeedStatus followers={followers} />
      <h2>Reports</h2>
      <p>Also open to communications editors.</p>
      <ul className="link-list">
        <li>
          <Link to="/admin/insights">Insights: reach, confirmations and helpfulness</Link>
        </li>
        <li>
          <Link to="/admin/content-health">Content health: pages due for review</Link>
        </li>
        <li>
          <Link to="/admin/search-insights">Search insights: what staff look for</Link>
        </li>
        <li>
          <Link to="/admin/content-files">Web edits to content files: download as Markdown</Link>
        </li>
      </ul>
    </>
  );
}
