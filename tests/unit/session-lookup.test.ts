/**
 * Who is signed in, read once per page (decision 210): the session, the person, their
 * department grants, granted permissions and stored reading settings come from one
 * statement. Each must still be what is stored now, page after page.
 */
import { describe, expect, it } from "vitest";
import { setPermissionGrant } from "~/models/election.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb, nowIso } from "~/utils/db.server";
import { DEFAULT_READING } from "~/utils/reading-settings";
import { readingSettingsFor, storeReadingSettings } from "~/utils/reading-settings.server";
import { createUser, requestAs } from "../factories";

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
});
