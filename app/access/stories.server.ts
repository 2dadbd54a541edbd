/**
 * Who may see and decide on staff stories (issue 23, decision 172). The rule in one place:
 *
 *   - any signed-in member of staff may write a story for any open channel;
 *   - a story before publication is seen by its writer and the channel's editors only;
 *   - the channel's editors: managers and knowledge champions of the channel's department
 *     (home department or a department grant), and communications editors (and
 *     administrators) for every channel; a council-wide channel has comms editors only;
 *   - a published story is an announcement: from then on the audience rule
 *     (audience.server.ts) decides who reads it, and its photo with it.
 */
import { can, departmentsOf, type Actor } from "./permissions.server";

export type StoryChannel = { departmentId: number | null };
export type StoryFacts = { writerId: number; channelDepartmentId: number | null };

/** May this person publish or send back stories written for this channel? */
export function canDecideStories(actor: Actor | null, channel: StoryChannel): boolean {
  if (!actor) return false;
  if (can(actor, "review", "announcement")) return true;
  if (channel.departmentId === null) return false;
  return (actor.role === "manager" || actor.role === "champion") && departmentsOf(actor).includes(channel.departmentId);
}

/** May this person see a story that is not (or not yet) published? Its writer and the channel's editors. */
export function canSeeStory(actor: Actor | null, story: StoryFacts): boolean {
  if (!actor) return false;
  return story.writerId === actor.id || canDecideStories(actor, { departmentId: story.channelDepartmentId });
}

/** Does this person decide on stories anywhere (the review queue link)? */
export function decidesSomeStories(actor: Actor | null): boolean {
  if (!actor) return false;
  return can(actor, "review", "announcement") || ((actor.role === "manager" || actor.role === "champion") && departmentsOf(actor).length > 0);
}

/** The same rule as SQL on the channel `c`: the channels whose waiting stories this person decides on. */
export function storyEditorScopeSql(actor: Actor): { sql: string; params: number[] } {
  if (can(actor, "review", "announcement")) return { sql: "1 = 1", params: [] };
  const depts = actor.role === "manager" || actor.role === "champion" ? departmentsOf(actor) : [];
  if (depts.length === 0) return { sql: "1 = 0", params: [] };
  return { sql: `c.department_id IN (${depts.map(() => "?").join(", ")})`, params: depts };
}

/**
 * Who is told a story is waiting, as SQL on the user `u`: for a department's channel its
 * managers and champions (home department or grant); for a council-wide channel, comms
 * editors. (Comms editors may decide on every channel but are told only of corporate ones.)
 */
export function storyEditorsSql(channel: StoryChannel): { sql: string; params: number[] } {
  if (channel.departmentId === null) return { sql: "u.role = 'comms'", params: [] };
  return {
    sql: `u.role IN ('manager', 'champion') AND (u.department_id = ? OR u.id IN (SELECT g.user_id FROM department_grants g WHERE g.department_id = ?))`,
    params: [channel.departmentId, channel.departmentId],
  };
}
