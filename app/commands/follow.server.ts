/** Following and unfollowing channels. Mandatory channels cannot be unfollowed. */
import { getChannelFollowState, setChannelFollow, type ChannelFollowState, type FollowSubject } from "~/models/follow.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";

export async function setFollowing(user: FollowSubject, channelId: number, following: boolean): Promise<ChannelFollowState> {
  const db = await getDb();
  const state = await getChannelFollowState(db, user, channelId);
  if (!state) throw notFound("We could not find that channel.");
  if (!following && state.isMandatory) throw badRequest(`Everyone follows ${state.name}, so it cannot be unfollowed.`);
  await db.transaction((tx) => setChannelFollow(tx, user.id, channelId, following));
  return (await getChannelFollowState(db, user, channelId))!;
}
