/**
 * /me: the channels a person follows, how they want email, and their personal feed
 * addresses (with a reset that makes the old addresses stop working).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Fragment } from "react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FollowButton } from "~/components/delivery/FollowButton";
import { pageTitle } from "~/components/meta";
import { listChannelFollowStates } from "~/models/follow.server";
import { getNotificationPrefs, getOrCreateFeedToken, resetFeedToken, saveNotificationPrefs } from "~/models/notification-prefs.server";
import { DIGEST_LABELS, PrefsForm } from "~/schemas/delivery";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { badRequest } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { isMailConfigured } from "~/utils/mail.server";
import { can } from "~/access/permissions.server";
import { dismissProfileNudge } from "~/commands/people.server";
import { ProfileNudge } from "~/components/people/ProfileNudge";
import { profileNudge } from "~/presenters/people.server";
import { myStories } from "~/commands/stories.server";
import { StoryGuide, StoryList } from "~/components/conversations/Stories";
import { MyPaths } from "~/components/learning/MyPaths";
import { myPaths } from "~/presenters/learning-paths.server";

export const meta: MetaFunction = () => pageTitle("Your channels and notifications");

import { hasEmailAddress } from "~/models/access-code.server";
import { ensurePushKeys, listMyPushSubscriptions } from "~/commands/push.server";
import { PushSettings } from "~/components/frontline/PushSettings";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const SAVED_MESSAGES: Record<string, string> = {
  feeds: "Your feed addresses have changed. The old ones no longer work.",
  email: "Your email settings are saved.",
  "push-on": "Notifications are on for this device.",
  "push-removed": "That device no longer gets notifications.",
  "push-gone": "That device had already stopped getting notifications.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [channels, prefs, token, nudge] = await Promise.all([
    listChannelFollowStates(db, user),
    getNotificationPrefs(db, user.id),
    getOrCreateFeedToken(db, user.id),
    profileNudge(db, user.id),
  ]);
  const stories = await myStories(db, user);
  const push = {
    publicKey: (await ensurePushKeys(db)).publicKey,
    shared: user.sharedDevice !== null,
    devices: user.sharedDevice ? [] : await listMyPushSubscriptions(db, user.id),
  };
  const learningPaths = await myPaths(db, user);
  const url = new URL(request.url);
  const base = (getEnv().PUBLIC_URL ?? url.origin).replace(/\/+$/, "");
  const feed = (path: string) => `${base}${path}/feed.xml?token=${token}`;
  return json({
    csrfToken: user.csrfToken,
    departmentName: user.departmentName,
    channels: channels.map((c) => ({
      id: c.id, slug: c.slug, name: c.name, description: c.description, departmentName: c.departmentName,
      following: c.following, isMandatory: c.isMandatory, followedByDefault: c.followedByDefault,
      feedUrl: feed(`/channels/${c.slug}`),
    })),
    departmentFeedUrl: user.departmentSlug ? feed(`/departments/${user.departmentSlug}`) : null,
    prefs: { digest: prefs.digest, alerts: prefs.alerts },
    mailOn: isMailConfigured(),
    hasEmail: await hasEmailAddress(db, user.id),
    saved: SAVED_MESSAGES[url.searchParams.get("saved") ?? ""] ?? null,
    push,
    canSeeCompletion: can(user, "read", "acknowledgements"),
    nudge,
    stories,
    learningPaths,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "dismiss-profile-nudge") {
    await dismissProfileNudge(user.id);
    return redirect("/me");
  }
  if (intent === "reset-feed-token") {
    await db.transaction((tx) => resetFeedToken(tx, user.id));
    return redirect("/me?saved=feeds#feeds");
  }
  if (intent !== "prefs") throw badRequest("We did not understand that request.");
  const parsed = PrefsForm.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: { digest: parsed.error.issues[0]?.message ?? "Choose how often you want a digest" } }, { status: 400 });
  await db.transaction((tx) => saveNotificationPrefs(tx, user.id, { digest: parsed.data.digest, alerts: parsed.data.alerts === "on" }));
  return redirect("/me?saved=email#email");
}

export default function Me() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.errors?.digest;
  const following = data.channels.filter((c) => c.following && !c.isMandatory);
  const mandatory = data.channels.filter((c) => c.isMandatory);
  const others = data.channels.filter((c) => !c.following);
  return (
    <>
      <Breadcrumbs items={[{ label: "Your channels and notifications" }]} />
      <h1>Your channels and notifications</h1>
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            <li>
              <a href="#digest-daily">{error}</a>
            </li>
          </ul>
        </div>
      ) : null}
      {data.saved ? (
        <p className="notice" role="status">
          {data.saved}
        </p>
      ) : null}
      <ProfileNudge nudge={data.nudge} csrfToken={data.csrfToken} />
      <p className="lede">
        Your home page and digests show news from the channels you follow{data.departmentName ? ` and everything sent to ${data.departmentName}` : ""}.
      </p>
      <p>
        <Link to="/me/reading">Reading settings: text size, spacing, contrast and motion</Link>
      </p>
      {data.canSeeCompletion ? (
        <p>
          <Link to="/acknowledgements">See who has read and confirmed must-read items</Link>
        </p>
      ) : null}

      <section aria-labelledby="learning-heading">
        <h2 id="learning-heading">Your learning paths</h2>
        <MyPaths paths={data.learningPaths} headingId="learning-heading" />
        <p>
          <Link to="/learning">Learning: events, training and paths</Link>
        </p>
      </section>

      <section aria-labelledby="stories-heading">
        <h2 id="stories-heading">Your stories</h2>
        {data.stories.firstTime ? <StoryGuide open={false} /> : null}
        <StoryList stories={data.stories.stories} empty="You have not written a story yet. Anyone can share news from their team." />
        <p>
          <Link to="/stories/new">Write a story</Link>
        </p>
      </section>

      <h2>Channels you follow</h2>
      <h3>Everyone follows</h3>
      <ul className="item-list">
        {mandatory.map((c) => (
          <li key={c.id}>
            <Link to={`/channels/${c.slug}`}>{c.name}</Link>
            <p className="item-meta">{c.description}</p>
          </li>
        ))}
      </ul>
      <h3>You follow</h3>
      {following.length === 0 ? <p className="muted">You do not follow any other channels.</p> : null}
      <ul className="item-list channel-follow-list">
        {following.map((c) => (
          <li key={c.id}>
            <Link to={`/channels/${c.slug}`}>{c.name}</Link>
            <p className="item-meta">
              {c.followedByDefault ? "Followed for you at the start" : "You chose to follow this"}
              {c.departmentName ? ` · ${c.departmentName}` : " · Council-wide"}
            </p>
            <FollowButton channel={c} csrfToken={data.csrfToken} redirectTo="/me" />
          </li>
        ))}
      </ul>
      <h3>Other channels</h3>
      {others.length === 0 ? <p className="muted">You follow every channel.</p> : null}
      <ul className="item-list channel-follow-list">
        {others.map((c) => (
          <li key={c.id}>
            <Link to={`/channels/${c.slug}`}>{c.name}</Link>
            <p className="item-meta">
              {c.departmentName ?? "Council-wide"}
              {c.description ? ` · ${c.description}` : ""}
            </p>
            <FollowButton channel={c} csrfToken={data.csrfToken} redirectTo="/me" />
          </li>
        ))}
      </ul>

      <h2 id="email">Email</h2>
      {!data.hasEmail ? (
        <p className="inset">
          No email: you have no email address on the intranet, so nothing is emailed to you. What you must read and confirm is on your home page, and your
          manager reminds you of anything outstanding.
        </p>
      ) : null}
      {!data.mailOn ? <p className="inset">The intranet is not sending email at the moment. Your choices are kept for when it does.</p> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={data.csrfToken} />
        <input type="hidden" name="intent" value="prefs" />
        <div className={`form-group${error ? " form-group--error" : ""}`}>
          <fieldset aria-describedby={error ? "digest-error" : "digest-hint"}>
            <legend className="label">How often do you want a digest of the channels you follow?</legend>
            <p id="digest-hint" className="hint">
              A digest lists what was posted since the last one. It is not sent when there is nothing new.
            </p>
            {error ? (
              <p id="digest-error" className="field-error">
                <span className="visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            {(Object.keys(DIGEST_LABELS) as (keyof typeof DIGEST_LABELS)[]).map((value) => (
              <div className="radio" key={value}>
                <input type="radio" id={`digest-${value}`} name="digest" value={value} defaultChecked={data.prefs.digest === value} />
                <label htmlFor={`digest-${value}`}>{DIGEST_LABELS[value]}</label>
              </div>
            ))}
          </fieldset>
        </div>
        <div className="form-group">
          <div className="checkbox">
            <input type="checkbox" id="alerts" name="alerts" value="on" defaultChecked={data.prefs.alerts} aria-describedby="alerts-hint" />
            <label htmlFor="alerts">Email me straight away about urgent notices and things I must read and confirm</label>
          </div>
          <p id="alerts-hint" className="hint">
            Includes a reminder if you have not confirmed a must-read item after a few days. These items always show on your home page too.
          </p>
        </div>
        <button type="submit" className="button">
          Save email settings
        </button>
      </Form>

      <PushSettings publicKey={data.push.publicKey} csrfToken={data.csrfToken} devices={data.push.devices} shared={data.push.shared} />

      <h2 id="your-data">Your data</h2>
      <p>
        Download everything the intranet holds about you: your account and sign-ins, what you wrote and changed, feedback you gave, confirmations,
        bookings and more, as a readable page and as data (a zip file). The list of places searched is in the download.{" "}
        <Link to="/privacy">What we record about you</Link>.
      </p>
      <form method="post" action="/me/data.zip">
        <input type="hidden" name="csrf" value={data.csrfToken} />
        <button type="submit" className="button button--secondary">
          Download my data
        </button>
      </form>
      <p className="hint">For anything not in the download, ask the information governance team for a subject access request.</p>

      <h2 id="feeds">Feeds for your feed reader</h2>
      <p>
        These addresses work in a feed reader (RSS or Atom) without signing in, and show only what you may see. Keep them to yourself: anyone with
        the address can read the feed.
      </p>
      <dl className="summary-list feed-list">
        {data.departmentFeedUrl ? (
          <>
            <dt>{data.departmentName}</dt>
            <dd>
              <code className="feed-url">{data.departmentFeedUrl}</code>
            </dd>
          </>
        ) : null}
        {data.channels
          .filter((c) => c.following)
          .map((c) => (
            <Fragment key={c.id}>
              <dt>{c.name}</dt>
              <dd>
                <code className="feed-url">{c.feedUrl}</code>
              </dd>
            </Fragment>
          ))}
      </dl>
      <p className="hint">For Atom instead of RSS, add &amp;format=atom to the end of an address.</p>
      <Form method="post">
        <input type="hidden" name="csrf" value={data.csrfToken} />
        <input type="hidden" name="intent" value="reset-feed-token" />
        <p>If you think someone else has one of your feed addresses, make new ones. The old addresses stop working straight away.</p>
        <button type="submit" className="button button--secondary">
          Make new feed addresses
        </button>
      </Form>
    </>
  );
}
