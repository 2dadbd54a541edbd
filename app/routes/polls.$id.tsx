/**
 * /polls/:id: a quick poll on an announcement. GET shows it (for a link or after voting
 * without the announcement page); POST votes, or closes and reopens it (author, editors).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { PollBox } from "~/components/knowledge/AnnouncementEngagement";
import { pageTitle } from "~/components/meta";
import { closePoll, getPollView, visibleAnnouncement, vote } from "~/commands/polls.server";
import { findPoll } from "~/models/poll.server";
import { Id } from "~/schemas/knowledge";
import { idParam } from "~/utils/admin.server";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Poll: ${data.poll.question}` : "Poll");


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const poll = await findPoll(db, idParam(params.id));
  const item = poll ? await visibleAnnouncement(db, user, poll.itemId) : null;
  const view = item ? await getPollView(db, user, item) : null;
  if (!item || !view) throw notFound();
  return json({ csrfToken: user.csrfToken, poll: view, item: { title: item.title, href: `/announcements/${item.slug}` } });
}

/** Back to the announcement (or this poll's page): only our own paths. */
function backTo(form: FormData, id: number, itemHref: string): string {
  const to = safeRedirect(form.get("returnTo"), "");
  return /^\/(announcements|polls|questions)\//.test(to) ? to : itemHref || `/polls/${id}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = form.get("intent");
  const db = await getDb();
  const poll = await findPoll(db, id);
  const item = poll ? await visibleAnnouncement(db, user, poll.itemId) : null;
  if (!poll || !item) throw notFound();
  const back = `${backTo(form, id, `/announcements/${item.slug}`)}#poll-${id}-heading`;
  if (intent === "vote") {
    const option = Id.safeParse(form.get("optionId"));
    if (!option.success) throw badRequest("Choose one of the answers, then send it.");
    const result = await vote(user, id, option.data);
    if (!result.ok && result.status !== 409) throw new Response(result.message, { status: result.status });
    return redirect(back);
  }
  if (intent === "close" || intent === "reopen") {
    const result = await closePoll(user, id, intent === "close");
    if (!result.ok) throw new Response(result.message, { status: result.status });
    return redirect(back);
  }
  throw badRequest("We did not understand that request.");
}

export default function Poll() {
  const { poll, item, csrfToken } = useLoaderData<typeof loader>();
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "News", to: "/announcements" }, { label: item.title, to: item.href }, { label: "Poll" }]} />
      <h1>Poll: {poll.question}</h1>
      <p>
        On the announcement <Link to={item.href}>{item.title}</Link>.
      </p>
      <PollBox poll={poll} csrfToken={csrfToken} returnTo={`/polls/${poll.id}`} />
    </div>
  );
}
