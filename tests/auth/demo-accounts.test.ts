import { describe, expect, it } from "vitest";
import { formatWelcome, seedDemoAccounts } from "~/commands/seed-demo.server";
import { signIn } from "~/commands/sign-in.server";
import { resetEnvForTests } from "~/utils/env.server";

describe("demo accounts on a fresh database", () => {
  it("generates a password when none is set, prints it once with one account per role, and never again", async () => {
    delete process.env.DEMO_PASSWORD;
    process.env.DEMO = "true";
    resetEnvForTests();
    const demo = await seedDemoAccounts();
    expect(demo).not.toBeNull();
    expect(demo!.generated).toBe(true);
    expect(demo!.password.length).toBeGreaterThanOrEqual(12);
    expect(demo!.accounts.map((a) => a.role)).toEqual(["staff", "champion", "manager", "comms", "admin"]);
    const welcome = formatWelcome("http://localhost:3000", demo);
    expect(welcome.split(demo!.password).length - 1).toBe(1);
    expect(welcome).toContain("shown only once");
    expect(welcome).toMatch(/admin@riverside\.gov\.uk\s+\(also information governance and publicity reviewer\)/);
    for (const a of demo!.accounts) expect(welcome).toContain(a.email);
    // The printed password works.
    expect((await signIn(new Request("http://localhost/login"), "admin@riverside.gov.uk", demo!.password, "192.0.2.80")).ok).toBe(true);
    // A second start finds accounts and prints no password.
    expect(await seedDemoAccounts()).toBeNull();
    expect(formatWelcome("http://localhost:3000", null)).not.toContain(demo!.password);
  });
});
