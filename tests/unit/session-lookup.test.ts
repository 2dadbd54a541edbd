/**
 * Who is signed in, read once per page (decision 210): the session, the person, their
 * department grants, granted permissions and stored reading settings come from one
 * statement. Each must still be what is stored now, page after page.
 */
import { describe, expect, it } from "vitest";
import { insertPeriod, setPermissionGrant } from "~/models/election.server";
import { latestChangeId } from "~/models/change-feed.server";
import { latestPeopleChange } from "~/models/people.server";
import { loader as rootLoader } from "~/root";
import { ukTodayIso } from "~/utils/dates";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb, nowIso } from "~/utils/db.server";
import { DEFAULT_READING } from "~/utils/reading-settings";
import { readingSettingsFor, storeReadingSettings } from "~/utils/reading-settings.server";
import { createItem, createUser, requestAs } from "../factories";

describe("the session look-up", () => {
  it("brings granted permissions and reading settings as they are stored now", async () => {
    const db = await getDb();
    const person = await createUser({ role: "staff" });
    const request = await requestAs(person.id, "/");
    const first = (await getOptionalUser(request))!;
    expect(first.granted).toEqual([]);
    expect(first.storedReading).toBeNull();
    expect(await readingSettingsFor(request, first)).toEqual(DEFAULT_READING);

    await setPermissionGrant(db, person.id, "publicity-reviewer", true, null, nowIso());
    await setPermissionGrant(db, person.id, "information-governance", true, null, nowIso());
    const larger = { ...DEFAULT_READING, textSize: "larger" as const, motion: "reduce" as const };
    await storeReadingSettings(request, first, larger);

    const second = (await getOptionalUser(request))!;
    expect(second.granted).toEqual(["information-governance", "publicity-reviewer"]);
    expect(second.storedReading).toEqual(larger);
    expect(await readingSettingsFor(request, second)).toEqual(larger);

    await setPermissionGrant(db, person.id, "publicity-reviewer", false, null, nowIso());
    expect((await getOptionalUser(request))!.granted).toEqual(["information-governance"]);
    // Another person's settings and grants are not theirs.
    const other = await createUser({ role: "staff" });
    const theirs = (await getOptionalUser(await requestAs(other.id, "/")))!;
    expect(theirs.granted).toEqual([]);
    expect(theirs.storedReading).toBeNull();
  });

  it("sees the change feed's newest id and the pre-election periods on today, as they are now (decision 230)", async () => {
    const db = await getDb();
    const person = await createUser({ role: "staff" });
    const request = await requestAs(person.id, "/");
    const layout = async () => {
      const res = (await rootLoader({ request: await requestAs(person.id, "/"), params: {}, context: {} })) as Response;
      return (await res.json()) as { electionPeriods: { title: string }[] };
    };
    const first = (await getOptionalUser(request))!;
    expect(first.sight).toEqual({ feedId: await latestChangeId(db), electionPeriodsOn: 0, day: ukTodayIso(), peopleId: await latestPeopleChange(db) });
    expect((await layout()).electionPeriods).toEqual([]);
    // A write readers see moves the feed; the next look-up sees it.
    await createItem({ type: "announcement", title: "News zqsight" });
    const second = (await getOptionalUser(request))!;
    expect(second.sight!.feedId).toBeGreaterThan(first.sight!.feedId);
    expect(second.sight!.feedId).toBe(await latestChangeId(db));
    // A directory change moves the directory's id (decision 255); the next look-up sees it.
    await db.run("UPDATE users SET name = ? WHERE id = ?", ["Renamed zqsight", person.id]);
    const third = (await getOptionalUser(request))!;
    expect(third.sight!.peopleId).toBeGreaterThan(second.sight!.peopleId);
    expect(third.sight!.peopleId).toBe(await latestPeopleChange(db));
    // A period on today is counted, and the very next page reads and shows it; one not on yet is not counted.
    const today = ukTodayIso();
    await insertPeriod(db, { kind: "local", title: "Later period zq", noticeOn: "2999-01-01", pollingOn: "2999-02-01", scope: "council", guideItemId: null, departmentIds: [], wards: [], createdBy: null }, "upcoming", nowIso());
    expect((await getOptionalUser(request))!.sight!.electionPeriodsOn).toBe(0);
    const id = await insertPeriod(db, { kind: "local", title: "Period on zq", noticeOn: today, pollingOn: today, scope: "council", guideItemId: null, departmentIds: [], wards: [], createdBy: null }, "on", nowIso());
    expect((await getOptionalUser(request))!.sight!.electionPeriodsOn).toBe(1);
    expect((await layout()).electionPeriods.map((p) => p.title)).toEqual(["Period on zq"]);
    await db.run("DELETE FROM election_periods WHERE id = ?", [id]);
    expect((await layout()).electionPeriods).toEqual([]);
  });
});
