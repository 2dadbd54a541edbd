/**
 * Why an item is in someone's "For you" stream or digest, in plain words. Shared by the
 * home page and the digest email, so both say the same thing.
 */
export type WhyFacts = {
  /** Names of the departments the item was sent to. */
  targetNames: string[];
  /** How many departments there are: an item sent to all of them was "sent to all staff". */
  departmentCount: number;
  /** Whether one of the targets is the reader's home department. */
  targetsMine: boolean;
  /** Names of the reader's followed channels the item was posted in. */
  followedChannelNames: string[];
  /** Posted in a channel everyone follows (e.g. all staff news). */
  inMandatoryChannel: boolean;
};

/** The reasons, most specific first: "For everyone in Housing", "You follow Corporate: Health & Safety". */
export function whyLabels(facts: WhyFacts, homeDepartmentName: string | null): string[] {
  const reasons: string[] = [];
  const toEveryDepartment = facts.departmentCount > 0 && facts.targetNames.length >= facts.departmentCount;
  if (toEveryDepartment || (facts.inMandatoryChannel && facts.targetNames.length === 0)) reasons.push("Sent to all staff");
  else if (facts.targetsMine && homeDepartmentName) reasons.push(`For everyone in ${homeDepartmentName}`);
  for (const name of facts.followedChannelNames) reasons.push(`You follow ${name}`);
  return reasons;
}

/** "Sent to Housing, Planning and Finance", or null when it went to no particular departments. */
export function sentToLabel(targetNames: string[], departmentCount: number): string | null {
  if (targetNames.length === 0) return null;
  if (departmentCount > 0 && targetNames.length >= departmentCount) return "Sent to every department";
  if (targetNames.length === 1) return `Sent to ${targetNames[0]}`;
  return `Sent to ${targetNames.slice(0, -1).join(", ")} and ${targetNames[targetNames.length - 1]}`;
}

/** Splits the "|"-joined names a query returns. */
export function splitNames(joined: string | null | undefined): string[] {
  return joined ? joined.split("|").filter(Boolean) : [];
}
