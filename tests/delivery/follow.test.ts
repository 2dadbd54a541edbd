import { beforeAll, describe, expect, it } from "vitest";
import { setFollowing } from "~/commands/follow.server";
import { sentToLabel, splitNames, whyLabels } from "~/presenters/why";
import { countDepartments, listChannelFollowStates, listFollowerIds, listForYou } from "~/models/follow.server";
import { visibleItemsSql } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { createItem } from "../factories";
import { buildOrg, person, viewerOf } from "./org";

let org: Awaited<ReturnType<typeof buildOrg>>;
beforeAll(async () => {
  org = await buildOrg();
});

async function stream(u: Parameters<typeof viewerOf>[0] & { departmentId: number | null }, homeName: string | null) {
  const db = await getDb();
  const rows = await listForYou(db, { id: u.id, departmentId: u.departmentId }, visibleItemsSql(viewerOf(u)), { limit: 50 });
  const departmentCount = await countDepartments(db);
  return rows.map((r) => ({
    id: r.id,
    why: whyLabels(
      {
        targetNames: splitNames(r.targetNames), departmentCount, targetsMine: r.targetsMine === 1,
        followedChannelNames: splitNames(r.followedChannelNames), inMandatoryChannel: r.inMandatoryChannel === 1,
      },
      homeName,
    ),
    sentTo: sentToLabel(splitNames(r.targetNames), departmentCount),
  }));
}

describe("following channels", () => {
  it("starts with the home department's default channel and the corporate channels, and mandatory ones cannot be unfollowed", async () => {
    const u = await person(org.departments.housing.id);
    const db = await getDb();
    const states = await listChannelFollowStates(db, u);
    const following = states.filter((s) => s.following).map((s) => s.slug).sort();
    expect(following).toEqual(["all-staff", "health-and-safety", "housing-news"]);
    expect(states.find((s) => s.slug === "all-staff")).toMatchObject({ isMandatory: true, following: true });

    await setFollowing(u, org.channels.safety.id, false);
    await setFollowing(u, org.channels.housingRepairs.id, true);
    const after = (await listChannelFollowStates(db, u)).filter((s) => s.following).map((s) => s.slug).sort();
    expect(after).toEqual(["all-staff", "housing-news", "housing-repairs"]);

    const refused = await setFollowing(u, org.channels.allStaff.id, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect(await (refused as Response).text()).toMatch(/cannot be unfollowed/);
    expect((await listChannelFollowStates(db, u)).find((s) => s.slug === "all-staff")?.following).toBe(true);

    // Follow again after unfollowing a default channel.
    await setFollowing(u, org.channels.safety.id, true);
    expect(await listFollowerIds(db, org.channels.safety.id)).toContain(u.id);
  });

  it("answers 404 for a channel that does not exist", async () => {
    const u = await person(org.departments.housing.id);
    const err = await setFollowing(u, 999_999, true).catch((e: unknown) => e);
    expect((err as Response).status).toBe(404);
  });
});

describe("the For you stream", () => {
  it("says why each item is there, and drops what comes only from an unfollowed channel", async () => {
    const { housing, planning, waste } = org.departments;
    const u = await person(housing.id);
    const forHousing = await createItem({ title: "Repairs contractor changes", targetDepartmentIds: [housing.id] });
    const safety = await createItem({ title: "Ladder safety", channelIds: [org.channels.safety.id] });
    const everyone = await createItem({ title: "Pay award", targetDepartmentIds: [housing.id, planning.id, waste.id] });
    const allStaffChannel = await createItem({ title: "Staff survey", channelIds: [org.channels.allStaff.id] });
    const planningOnly = await createItem({ title: "Portal upgrade", channelIds: [org.channels.planningNews.id] });

    const rows = await stream(u, "Housing");
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(forHousing.id)?.why).toEqual(["For everyone in Housing"]);
    expect(byId.get(forHousing.id)?.sentTo).toBe("Sent to Housing");
    expect(byId.get(safety.id)?.why).toEqual(["You follow Corporate: Health & Safety"]);
    expect(byId.get(everyone.id)?.why).toEqual(["Sent to all staff"]);
    expect(byId.get(allStaffChannel.id)?.why).toEqual(["Sent to all staff", "You follow Corporate: All staff news"]);
    expect(byId.has(planningOnly.id)).toBe(false);

    await setFollowing(u, org.channels.safety.id, false);
    const after = await stream(u, "Housing");
    expect(after.some((r) => r.id === safety.id)).toBe(false);
    await setFollowing(u, org.channels.planningNews.id, true);
    expect((await stream(u, "Housing")).find((r) => r.id === planningOnly.id)?.why).toEqual(["You follow Planning news"]);
  });

  it("shows a post to three departments once to each member, with the departments it went to", async () => {
    const { housing, planning, waste } = org.departments;
    const members = [
      await person(housing.id), await person(housing.id, "manager"), await person(planning.id), await person(waste.id), await person(waste.id, "champion"),
    ];
    const outsider = await person(null);
    const post = await createItem({
      title: "Office move",
      targetDepartmentIds: [housing.id, planning.id, waste.id],
      // Posted in every department's channel too: still one entry.
      channelIds: [org.channels.housingNews.id, org.channels.planningNews.id, org.channels.wasteNews.id, org.channels.allStaff.id],
    });
    const names = new Map([[housing.id, "Housing"], [planning.id, "Planning"], [waste.id, "Waste & Street Scene"]]);
    for (const m of members) {
      const rows = (await stream(m, names.get(m.departmentId!)!)).filter((r) => r.id === post.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].sentTo).toBe("Sent to every department");
    }
    // Someone with no department still gets it through the mandatory channel, once.
    expect((await stream(outsider, null)).filter((r) => r.id === post.id)).toHaveLength(1);
  });

  it("never lists an item the viewer may not open", async () => {
    const { housing, planning } = org.departments;
    const u = await person(planning.id);
    const restricted = await createItem({
      title: "Housing only", audience: "departments", audienceDepartmentIds: [housing.id], channelIds: [org.channels.allStaff.id],
    });
    expect((await stream(u, "Planning")).some((r) => r.id === restricted.id)).toBe(false);
    const h = await person(housing.id);
    expect((await stream(h, "Housing")).some((r) => r.id === restricted.id)).toBe(true);
  });
});

describe("why labels", () => {
  it.each([
    [{ targetNames: ["Housing"], targetsMine: true }, "Housing", ["For everyone in Housing"]],
    [{ targetNames: ["A", "B", "C"], targetsMine: true }, "A", ["Sent to all staff"]],
    [{ followedChannelNames: ["Corporate: Health & Safety"] }, "Housing", ["You follow Corporate: Health & Safety"]],
    [{ inMandatoryChannel: true, followedChannelNames: ["Corporate: All staff news"] }, null, ["Sent to all staff", "You follow Corporate: All staff news"]],
  ])("%o → %o", (facts, home, expected) => {
    expect(
      whyLabels({ targetNames: [], departmentCount: 3, targetsMine: false, followedChannelNames: [], inMandatoryChannel: false, ...facts }, home),
    ).toEqual(expected);
  });

  it("lists the departments a post went to", () => {
    expect(sentToLabel(["Housing", "Planning"], 10)).toBe("Sent to Housing and Planning");
    expect(sentToLabel(["Finance", "Housing", "Planning"], 10)).toBe("Sent to Finance, Housing and Planning");
    expect(sentToLabel([], 10)).toBeNull();
  });
});
