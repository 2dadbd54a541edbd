/**
 * The staff directory (issue 20): profiles and what each viewer sees of them, staff without
 * email, /people search and filters, teams, the reporting line, photos, the /me nudge and
 * the profile download.
 */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureProfiles, saveOwnProfile, setOfficialManager } from "~/commands/people.server";
import { upsertTeam } from "~/models/people.server";
import { ProfileForm } from "~/schemas/people";
import { getDb, nowIso } from "~/utils/db.server";
import * as editRoute from "~/routes/people.$handle_.edit";
import * as photoRoute from "~/routes/people.$handle_.photo";
import * as profileRoute from "~/routes/people.$handle";
import * as directoryRoute from "~/routes/people._index";
import * as teamRoute from "~/routes/teams.$slug";
import * as meRoute from "~/routes/me._index";
import * as exportRoute from "~/routes/me.profile[.]json";
import { createDepartment, createUser } from "../factories";
import { session } from "../delivery/http";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";

let housing: { id: number; slug: string };
let planning: { id: number; slug: string };
let priya: { id: number }, sam: { id: number }, dana: { id: number }, admin: { id: number }, leaver: { id: number }, bin: { id: number };
let teamId = 0;

const actor = async (id: number) => {
  const db = await getDb();
  return (await db.get<any>("SELECT id, email, name, role, department_id AS departmentId FROM users WHERE id = ?", [id]))!;
};
const profile = (over: Record<string, string>) =>
  ProfileForm.parse({
    mobileVisibility: "everyone", patternVisibility: "everyone", pronounsVisibility: "everyone", aboutVisibility: "everyone", photoVisibility: "everyone", ...over,
  });

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  planning = await createDepartment({ slug: "planning", name: "Planning" });
  priya = await createUser({ name: "Priya Shah", departmentId: housing.id, email: "priya.shah@riverside.test" });
  sam = await createUser({ name: "Sam Lee", departmentId: housing.id });
  dana = await createUser({ name: "Dana Okafor", departmentId: planning.id });
  admin = await createUser({ name: "Ada Admin", role: "admin", departmentId: planning.id });
  leaver = await createUser({ name: "Lee Leaver", departmentId: housing.id });
  bin = await createUser({ name: "Bob Binman", departmentId: housing.id, email: "bob.binman@generated.invalid" });
  await ensureProfiles();
  const db = await getDb();
  teamId = await db.transaction((tx) => upsertTeam(tx, { slug: "repairs", name: "Repairs", departmentId: housing.id, managerId: priya.id, phone: "01632 960 111" }, nowIso()));
  await db.run("UPDATE users SET active = 0 WHERE id = ?", [leaver.id]);
  expect(
    await saveOwnProfile(await actor(priya.id), priya.id, profile({
      preferredName: "Pri", team: String(teamId), base: "Civic Centre", mobilePhone: "07700 900123", mobileVisibility: "department",
      pronouns: "she/her", about: "Housing allocations", aboutVisibility: "me", expertise: "Council tax, homelessness, council tax", languages: "Urdu, BSL",
      workingPattern: "Mon–Wed",
    })),
  ).toEqual({ ok: true });
  await saveOwnProfile(await actor(bin.id), bin.id, profile({ team: String(teamId), base: "Marsh Lane depot" }));
  await setOfficialManager(await actor(admin.id), bin.id, priya.id);
  await setOfficialManager(await actor(admin.id), sam.id, priya.id);
});

describe("profiles", () => {
  it("has a handle made from the name, and answers by account id too", async () => {
    const s = await session(sam.id);
    const byHandle = await s.get(profileRoute.loader, "/people/priya-shah", { handle: "priya-shah" });
    expect(byHandle.status).toBe(200);
    expect(byHandle.json().person.name).toBe("Priya Shah");
    expect((await s.get(profileRoute.loader, `/people/${priya.id}`, { handle: String(priya.id) })).json().person.url).toBe("/people/priya-shah");
    expect((await s.get(profileRoute.loader, "/people/nobody", { handle: "nobody" })).status).toBe(404);
  });

  it("shows each optional field only to whom its owner chose", async () => {
    const colleague = (await (await session(sam.id)).get(profileRoute.loader, "/people/priya-shah", { handle: "priya-shah" })).json().person;
    const outsider = (await (await session(dana.id)).get(profileRoute.loader, "/people/priya-shah", { handle: "priya-shah" })).json().person;
    const self = (await (await session(priya.id)).get(profileRoute.loader, "/people/priya-shah", { handle: "priya-shah" })).json().person;
    expect(colleague.mobilePhone).toBe("07700 900123");
    expect(outsider.mobilePhone).toBe("");
    expect(outsider.about).toBe("");
    expect(colleague.about).toBe("");
    expect(self.about).toBe("Housing allocations");
    // Official and everyone-visible fields
    for (const p of [colleague, outsider]) {
      expect(p.jobTitle).toBeDefined();
      expect(p.team.name).toBe("Repairs");
      expect(p.pronouns).toBe("she/her");
      expect(p.workingPattern).toBe("Mon–Wed");
      expect(p.expertise).toEqual(["council tax", "homelessness"]);
      expect(p.languages).toEqual(["bsl", "urdu"]);
      expect(JSON.stringify(p)).not.toMatch(/lastSignIn|last_sign_in|lastSeen/);
    }
    expect(outsider.canEdit).toBe(false);
    expect(self.canEdit).toBe(true);
  });

  it("says how to reach someone without email: team phone and manager", async () => {
    const p = (await (await session(dana.id)).get(profileRoute.loader, "/people/bob-binman", { handle: "bob-binman" })).json().person;
    expect(p.email).toBeNull();
    expect(p.reachVia).toEqual({ teamPhone: "01632 960 111", teamName: "Repairs", manager: { name: "Priya Shah", url: "/people/priya-shah" } });
  });

  it("hides switched-off accounts from everyone but administrators", async () => {
    expect((await (await session(sam.id)).get(profileRoute.loader, "/people/lee-leaver", { handle: "lee-leaver" })).status).toBe(404);
    expect((await (await session(admin.id)).get(profileRoute.loader, "/people/lee-leaver", { handle: "lee-leaver" })).status).toBe(200);
  });

  it("shows the reporting line: managers above and direct reports", async () => {
    const db = await getDb();
    await setOfficialManager(await actor(admin.id), priya.id, dana.id);
    const p = (await (await session(sam.id)).get(profileRoute.loader, "/people/priya-shah", { handle: "priya-shah" })).json().person;
    expect(p.managerChain.map((m: any) => m.name)).toEqual(["Dana Okafor"]);
    expect(p.directReports.map((m: any) => m.name)).toEqual(["Bob Binman", "Sam Lee"]);
    // a loop does not hang the page
    await setOfficialManager(await actor(admin.id), dana.id, priya.id);
    const again = (await (await session(sam.id)).get(profileRoute.loader, "/people/sam-lee", { handle: "sam-lee" })).json().person;
    expect(again.managerChain.map((m: any) => m.name)).toEqual(["Priya Shah", "Dana Okafor"]);
    await db.run("UPDATE people_profiles SET manager_id = NULL WHERE user_id = ?", [dana.id]);
  });

  it("lets only administrators set official fields, and people edit only their own profile", async () => {
    expect((await setOfficialManager(await actor(sam.id), sam.id, null)).ok).toBe(false);
    const s = await session(sam.id);
    expect((await s.get(editRoute.loader, "/people/priya-shah/edit", { handle: "priya-shah" })).status).toBe(404);
    expect((await s.post(editRoute.action, "/people/priya-shah/edit", { intent: "profile" }, { handle: "priya-shah" })).status).toBe(404);
    const own = await s.get(editRoute.loader, "/people/sam-lee/edit", { handle: "sam-lee" });
    expect(own.status).toBe(200);
    expect(own.json().official).toBeNull();
    const bad = await s.post(editRoute.action, "/people/sam-lee/edit", { intent: "profile", workPhone: "call me<script>", mobileVisibility: "everyone", patternVisibility: "everyone", pronounsVisibility: "everyone", aboutVisibility: "everyone", photoVisibility: "nobody" }, { handle: "sam-lee" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toMatchObject({ workPhone: expect.stringContaining("numbers"), photoVisibility: "Choose who can see this" });
    expect((await (await session(admin.id)).get(editRoute.loader, "/people/sam-lee/edit", { handle: "sam-lee" })).json().official).not.toBeNull();
  });
});

describe("the directory", () => {
  const find = async (query: string) => (await (await session(dana.id)).get(directoryRoute.loader, `/people?${query}`)).json();
  it("searches names, jobs, teams and expertise, and filters", async () => {
    expect((await find("q=priya")).people.map((p: any) => p.name)).toEqual(["Priya Shah"]);
    expect((await find("q=homeless")).people.map((p: any) => p.name)).toEqual(["Priya Shah"]);
    expect((await find("q=repairs")).people.map((p: any) => p.name)).toEqual(["Bob Binman", "Priya Shah"]);
    expect((await find("department=planning")).people.map((p: any) => p.name)).toEqual(["Ada Admin", "Dana Okafor"]);
    expect((await find("team=repairs&base=marsh lane depot")).people.map((p: any) => p.name)).toEqual(["Bob Binman"]);
    expect((await find("expertise=council tax")).people.map((p: any) => p.name)).toEqual(["Priya Shah"]);
    expect((await find("language=bsl")).people.map((p: any) => p.name)).toEqual(["Priya Shah"]);
    const facets = (await find("")).facets;
    expect(facets.languages).toEqual(["bsl", "urdu"]);
    expect(facets.bases).toEqual(["Civic Centre", "Marsh Lane depot"]);
  });
  it("never lists switched-off accounts, and survives odd input", async () => {
    expect((await find("q=leaver")).total).toBe(0);
    expect((await find("q=%25_%5C&page=-4&department=" + "x".repeat(500))).total).toBe(0);
  });
  it("has a team page with its manager and members", async () => {
    const t = (await (await session(dana.id)).get(teamRoute.loader, "/teams/repairs", { slug: "repairs" })).json();
    expect(t.manager.name).toBe("Priya Shah");
    expect(t.members.map((m: any) => m.name)).toEqual(["Bob Binman", "Priya Shah"]);
    expect((await (await session(dana.id)).get(teamRoute.loader, "/teams/none", { slug: "none" })).status).toBe(404);
  });
});

async function upload(userId: number, handle: string, bytes: Buffer | Uint8Array, type = "image/jpeg") {
  const { token, csrfToken } = await createSession(userId);
  const form = new FormData();
  form.set("csrf", csrfToken);
  form.set("intent", "photo");
  form.set("photo", new Blob([new Uint8Array(bytes)], { type }), "me.jpg");
  const req = new Request(`http://localhost/people/${handle}/edit`, { method: "POST", headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: "http://localhost" }, body: form });
  try {
    return await editRoute.action({ request: req, params: { handle }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("photos", () => {
  it("re-encodes a photo to a 400 px square JPEG without metadata", async () => {
    const original = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3366aa" } })
      .jpeg()
      .withExif({ IFD0: { Artist: "Priya", Copyright: "GPS 51.5,-0.1" } })
      .toBuffer();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(priya.id, "priya-shah", original);
    expect(res.status).toBe(302);
    const served = await (await session(dana.id)).get(photoRoute.loader, "/people/priya-shah/photo", { handle: "priya-shah" });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    const db = await getDb();
    const stored = Buffer.from((await db.get<{ image: string }>("SELECT image FROM people_photos WHERE user_id = ?", [priya.id]))!.image, "base64");
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([400, 400, "jpeg"]);
    expect(meta.exif).toBeUndefined();
    expect(stored.toString("latin1")).not.toContain("GPS 51.5");
  });

  it("rejects what is not an image, too big, or carries script in its metadata", async () => {
    const notImage = await upload(sam.id, "sam-lee", Buffer.from("<html><script>alert(1)</script></html>"), "image/jpeg");
    expect(notImage.status).toBe(400);
    expect((await notImage.json()).errors.photo).toMatch(/JPEG, PNG or WebP/);
    const scripted = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#fff" } })
      .jpeg()
      .withExif({ IFD0: { ImageDescription: '<script>alert("x")</script>' } })
      .toBuffer();
    const bad = await upload(sam.id, "sam-lee", scripted);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.photo).toMatch(/hidden text/);
    const huge = Buffer.concat([await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).png().toBuffer(), Buffer.alloc(5.5 * 1024 * 1024)]);
    const big = await upload(sam.id, "sam-lee", huge, "image/png");
    expect([400, 413]).toContain(big.status);
    const db = await getDb();
    expect(await db.get("SELECT 1 AS x FROM people_photos WHERE user_id = ?", [sam.id])).toBeUndefined();
  });

  it("serves a photo only to whom its owner chose", async () => {
    await saveOwnProfile(await actor(priya.id), priya.id, profile({ photoVisibility: "department", team: String(teamId) }));
    expect((await (await session(dana.id)).get(photoRoute.loader, "/people/priya-shah/photo", { handle: "priya-shah" })).status).toBe(404);
    expect((await (await session(sam.id)).get(photoRoute.loader, "/people/priya-shah/photo", { handle: "priya-shah" })).status).toBe(200);
  });
});

describe("/me", () => {
  it("nudges while expertise or a photo is missing, until dismissed for good", async () => {
    const s = await session(sam.id);
    const before = (await s.get(meRoute.loader, "/me")).json();
    expect(before.nudge).toEqual({ url: "/people/sam-lee/edit", missing: ["what people can ask you about", "a photo"] });
    expect((await s.post(meRoute.action, "/me", { intent: "dismiss-profile-nudge" })).status).toBe(302);
    expect((await s.get(meRoute.loader, "/me")).json().nudge).toBeNull();
  });

  it("downloads your own profile as JSON", async () => {
    await saveOwnProfile(await actor(priya.id), priya.id, profile({ about: "Housing allocations", aboutVisibility: "me", expertise: "council tax, homelessness" }));
    const res = await (await session(priya.id)).get(exportRoute.loader, "/me/profile.json");
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const data = res.json();
    expect(data.official.name).toBe("Priya Shah");
    expect(data.yours.about).toEqual({ value: "Housing allocations", visibleTo: "me" });
    expect(data.yours.askMeAbout).toEqual(["council tax", "homelessness"]);
  });
});
