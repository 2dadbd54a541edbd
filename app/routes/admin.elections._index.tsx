/**
 * /admin/elections: pre-election periods (decision 161). Comms editors, administrators and
 * publicity reviewers see every period and record a new one.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { periodErrors, requirePeriodManager, listPeriods, periodFormOptions, periodFormValues, readPeriodForm, savePeriod } from "~/commands/elections.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { PeriodForm } from "~/components/duties/PeriodForm";
import { pageTitle } from "~/components/meta";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { formatDate, ukTodayIso } from "~/utils/dates";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Pre-election periods");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePeriodManager(request);
  const db = await getDb();
  const today = ukTodayIso();
  const periods = (await listPeriods(db)).map((p) => ({
    id: p.id, title: p.title, noticeOn: p.noticeOn, pollingOn: p.pollingOn,
    state: today < p.noticeOn ? "Upcoming" : today <= p.pollingOn ? "On now" : "Ended",
  }));
  return json({ periods, csrfToken: user.csrfToken, reviewsPublicity: user.granted.includes("publicity-reviewer"), values: periodFormValues(), ...(await periodFormOptions(db, user)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePeriodManager(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const { values, input, errors } = readPeriodForm(form);
  // Wrong dates: say everything that is wrong, save nothing.
  if (Object.keys(errors).length) return json({ values, errors: { ...periodErrors(input), ...errors }, candidatesText: null }, { status: 400 });
  const saved = await savePeriod(user, null, input);
  if (!saved.ok || Object.keys(errors).length) return json({ values, errors: { ...(saved.ok ? {} : saved.errors), ...errors } }, { status: 400 });
  return redirect(`/admin/elections/${saved.id}?done=created`);
}

export default function Periods() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Pre-election periods" }]} />
      <h1>Pre-election periods</h1>
      <p>
        From the notice of election to polling day, council publicity is restricted. While a period is on, every page shows a notice,
        announcements and public pages need a publicity reviewer's approval, and questions, polls and Teams posts pause for pages it
        covers. Periods turn on and off by themselves at midnight, UK time. {data.reviewsPublicity ? <Link to="/publicity">See what is held for publicity review</Link> : "Publicity reviewers see what is held for review on their Publicity review page"}.
      </p>
      {data.periods.length ? (
        <ScrollTable caption="Periods, newest first" captionHidden className="table">
          <thead>
            <tr><th scope="col">Period</th><th scope="col">Notice</th><th scope="col">Polling day</th><th scope="col">Now</th></tr>
          </thead>
          <tbody>
            {data.periods.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/admin/elections/${p.id}`}>{p.title}</Link></td>
                <td>{formatDate(p.noticeOn)}</td>
                <td>{formatDate(p.pollingOn)}</td>
                <td>{p.state}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>No periods recorded yet.</p>
      )}
      <h2>Record a period</h2>
      <PeriodForm
        csrfToken={data.csrfToken} values={answer?.values ?? data.values} errors={answer?.errors ?? {}} kinds={data.kinds}
        departments={data.departments} guides={data.guides} submitLabel="Record the period"
      />
    </>
  );
}
