import { describe, expect, it } from "vitest";
import { checkNewPassword, hashPassword, passwordDenyList, verifyPassword } from "~/utils/password.server";

const council = "Riverside Borough Council";
const check = (password: string, email = "sam.staff@riverside.gov.uk") => checkNewPassword(password, { email, councilName: council });

describe("rules for a new password (NCSC: length and a deny-list, no composition rules)", () => {
  it.each([
    ["", /Enter a password/],
    ["short words", /12 characters or more/],
    ["x".repeat(257), /256 characters or fewer/],
    ["password1234", /harder to guess/],
    ["Password1234", /harder to guess/],
    ["Summer2026!!!!", /harder to guess/],
    ["!!Football2025??", /harder to guess/],
    ["qwertyuiop123", /harder to guess/],
    ["1qaz2wsx3edc", /harder to guess/],
    ["correct horse battery staple", /harder to guess/],
    ["abcabcabcabc", /harder to guess/],
    ["aaaaaaaaaaaaaaaa", /harder to guess/],
    ["Riverside2026!!", /email address or the council/],
    ["riversideboroughcouncil", /email address or the council/],
    ["RiversideCouncil#1", /email address or the council/],
    ["sam.staff12345", /email address or the council/],
    ["SamStaff!Riverside", /email address or the council/],
  ])("refuses %j", (password, message) => {
    const result = check(password);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([
    "tulip piano harbour",
    "kettle umbrella sparrow",
    "all lower case and long enough",
    "ferry pancake riverside", // the council's name inside a real passphrase is fine
    "lanternmossyarn", // no spaces, symbols or capitals needed
    "Ünïcödé wörds àrè fine too",
    "a".repeat(100) + "b", // long is fine, even if silly
  ])("accepts %j (no capitals, digits or symbols required)", (password) => {
    expect(check(password)).toEqual({ ok: true });
  });

  it("accepts exactly 12 and exactly 256 characters, counting characters not bytes", () => {
    expect(check("grape sofa t")).toEqual({ ok: true });
    expect(check("é".repeat(6) + "grapes")).toEqual({ ok: true });
    expect(check(`maple ${"z".repeat(250)}`)).toEqual({ ok: true });
  });

  it("ships a deny-list of about a thousand common passwords", () => {
    const list = passwordDenyList();
    expect(list.size).toBeGreaterThan(900);
    expect(list.size).toBeLessThan(2000);
    expect(list.has("password")).toBe(true);
    expect(list.has("qwertyuiop")).toBe(true);
    for (const entry of list) expect(entry).toBe(entry.toLowerCase());
  });

  it("hashes with scrypt and a fresh salt, and verifies in constant time", async () => {
    const a = await hashPassword("tulip piano harbour");
    const b = await hashPassword("tulip piano harbour");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("tulip piano harbour", a)).toBe(true);
    expect(await verifyPassword("tulip piano harbouR", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
  });
});
