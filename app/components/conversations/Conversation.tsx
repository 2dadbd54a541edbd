import type { Conversation as ConversationData } from "~/commands/comments.server";
import { Comments } from "./Comments";
import { Reactions } from "./Reactions";

/** Under an announcement or guide: reactions to the page, then its comments. */
export function Conversation({ data, itemId, csrfToken, returnTo }: { data: ConversationData; itemId: number; csrfToken: string; returnTo: string }) {
  return (
    <>
      {data.reactions ? (
        <Reactions view={data.reactions} target="item" targetId={itemId} csrfToken={csrfToken} returnTo={`${returnTo}#reactions`} label="Reactions to this page" disabled={data.paused} />
      ) : null}
      {data.comments ? <Comments data={data.comments} csrfToken={csrfToken} /> : null}
    </>
  );
}
