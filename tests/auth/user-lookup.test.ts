/**
 * A page's loaders share one look-up of who is signed in while it is in flight
 * (app/utils/auth.server.ts, decision 065), and nothing is kept once it settled: the next
 * page reads the session again, so a deactivated account or an ended session is seen at once.
 */
import { describe, expect, it } from "vitest";
import { setUserActive } from "~/models/user.server";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { createUser, requestAs } from "../factories";

describe("who is signed in", () => {
  it("is looked up once for loaders asking at the same time, and again for the next page", async () => {
    const u = await createUser({ role: "staff", name: "Lou Lookup" });
    const request = await requestAs(u.id, "/");
    const copy = new Request(request.url, { headers: request.headers });
    const [a, b] = [getOptionalUser(request), getOptionalUser(copy)];
    expect(a).toBe(b);
    expect((await a)?.id).toBe(u.id);
    await setUserActive(await getDb(), u.id, false);
    expect(await getOptionalUser(copy)).toBeNull();
  });

  it("does not share between different sessions", async () => {
    const one = await createUser({ role: "staff", name: "One" });
    const two = await createUser({ role: "staff", name: "Two" });
    const [a, b] = await Promise.all([getOptionalUser(await requestAs(one.id, "/")), getOptionalUser(await requestAs(two.id, "/"))]);
    expect([a?.name, b?.name]).toEqual(["One", "Two"]);
  });
});
