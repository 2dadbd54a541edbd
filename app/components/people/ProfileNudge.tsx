import { Form } from "@remix-run/react";
import { Link } from "~/components/Link";

/** The gentle nudge on /me while a profile lacks expertise or a photo; "Don't show this again" is for good. Also: the profile download. */
export function ProfileNudge({ nudge, csrfToken }: { nudge: { url: string; missing: string[] } | null; csrfToken: string }) {
  return (
    <>
      {nudge ? (
        <section className="inset profile-nudge" aria-labelledby="nudge-heading">
          <h2 id="nudge-heading">Help colleagues find you</h2>
          <p>Your profile does not yet have {nudge.missing.join(" or ")}. People search for who knows about a topic, and guides suggest people to ask.</p>
          <p>
            <Link to={nudge.url}>Add to your profile</Link>
          </p>
          <Form method="post">
            <input type="hidden" name="csrf" value={csrfToken} />
            <input type="hidden" name="intent" value="dismiss-profile-nudge" />
            <button type="submit" className="button button--secondary">Don&rsquo;t show this again</button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to="/people/me">Your profile in the directory</Link> · <a href="/me/profile.json" download>Download your profile (JSON)</a>
      </p>
    </>
  );
}
