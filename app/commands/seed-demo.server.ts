/**
 * Demo accounts: on a database with no password-holding accounts and DEMO=true, give
 * every person in content/people.yml an account with the demo password (DEMO_PASSWORD,
 * else one generated and printed once). Never runs on a database that has accounts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import { departmentIdsBySlug } from "~/models/organisation.server";
import { countUsersWithPassword, upsertUser } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { ROLES } from "~/utils/roles";

const PeopleSchema = z.array(
  z.object({
    email: z.string().email(),
    name: z.string().min(1).max(120),
    department: z.string().min(1).nullable().optional(),
    role: z.enum(ROLES).default("staff"),
    job_title: z.string().max(120).optional(),
  }),
);

export type DemoAccounts = { password: string; generated: boolean; accounts: { email: string; role: string; name: string }[] };

/** The accounts printed at start-up: one per role. */
export const DEMO_LOGINS = ["staff@riverside.gov.uk", "champion@riverside.gov.uk", "manager@riverside.gov.uk", "comms@riverside.gov.uk", "admin@riverside.gov.uk"];

export async function seedDemoAccounts(contentDir = getEnv().CONTENT_DIR): Promise<DemoAccounts | null> {
  const env = getEnv();
  if (env.DEMO !== "true") return null;
  const file = path.join(contentDir, "people.yml");
  if (!fs.existsSync(file)) return null;
  const db = await getDb();
  if ((await countUsersWithPassword(db)) > 0) return null;
  const people = PeopleSchema.parse(YAML.parse(fs.readFileSync(file, "utf8")));
  const generated = !env.DEMO_PASSWORD;
  const password = env.DEMO_PASSWORD ?? crypto.randomBytes(9).toString("base64url");
  const hash = await hashPassword(password);
  const departments = await departmentIdsBySlug(db);
  await db.transaction(async (tx) => {
    for (const p of people)
      await upsertUser(tx, {
        email: p.email, name: p.name, role: p.role, departmentId: p.department ? departments.get(p.department) ?? null : null,
        jobTitle: p.job_title ?? "", passwordHash: hash,
      });
    await recordAudit(tx, { actorId: null, action: "demo.accounts-created", detail: { count: people.length } });
  });
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const accounts = DEMO_LOGINS.flatMap((e) => {
    const p = byEmail.get(e);
    return p ? [{ email: p.email, role: p.role, name: p.name }] : [];
  });
  return { password, generated, accounts };
}

export function formatWelcome(url: string, demo: DemoAccounts | null): string {
  const lines = [``, `  Riverside intranet is running at ${url}`];
  if (demo) {
    lines.push(``, `  Sign in at ${url}/login with one of these demo accounts:`);
    for (const a of demo.accounts) lines.push(`    ${a.role.padEnd(9)} ${a.email}${a.role === "admin" ? "  (also information governance and publicity reviewer)" : ""}`);
    lines.push(``, `  Password for every demo account: ${demo.password}`);
    if (demo.generated) lines.push(`  (generated now and shown only once; set DEMO_PASSWORD to choose your own)`);
  }
  lines.push(``);
  return lines.join("\n");
}
