import { Form } from "@remix-run/react";

export type FollowState = { id: number; name: string; following: boolean; isMandatory: boolean; followedByDefault: boolean };

/** Follow or unfollow a channel. Mandatory channels say so instead of offering a button. */
export function FollowButton({ channel, csrfToken, redirectTo }: { channel: FollowState; csrfToken: string; redirectTo: string }) {
  if (channel.isMandatory) return <p className="follow-state">Everyone at the council follows this channel, so it cannot be unfollowed.</p>;
  return (
    <Form method="post" action="/me/follows" className="follow-form">
      <input type="hidden" name="csrf" value={csrfToken} />
      <input type="hidden" name="channelId" value={channel.id} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <input type="hidden" name="follow" value={channel.following ? "false" : "true"} />
      <p className="follow-state">{channel.following ? "You follow this channel." : "You do not follow this channel."}</p>
      <button type="submit" className={channel.following ? "button button--secondary" : "button"}>
        {channel.following ? "Unfollow" : "Follow"}
        <span className="visually-hidden"> {channel.name}</span>
      </button>
    </Form>
  );
}
