/**
 * Configuration comes from the environment, validated once. A bad value stops start-up
 * with a message naming the variable, rather than failing later in a request.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { databaseUrlProblem } from "./database-url";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default(path.join("data", "intranet.db")),
  /**
   * postgres://user:password@host:5432/intranet runs the intranet on PostgreSQL (decision 100);
   * unset: SQLite at DATABASE_PATH. Messages never repeat the address (it holds a password).
   */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .superRefine((v, ctx) => {
      const problem = v === undefined ? null : databaseUrlProblem(v);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
  CONTENT_DIR: z.string().min(1).default("content"),
  COUNCIL_NAME: z.string().min(1).max(120).default("Riverside Borough Council"),
  /** Import content/ when files changed, at start-up. */
  IMPORT_ON_START: z.enum(["true", "false"]).default("true"),
  /** Create the demo accounts on an empty database. */
  DEMO: z.enum(["true", "false"]).default("true"),
  DEMO_PASSWORD: z.string().min(12, "DEMO_PASSWORD must be at least 12 characters").optional(),
  /**
   * "false" forbids public pages whatever the admin setting; otherwise an administrator turns
   * them on and off at /admin/public-pages (off until then). Decision 091.
   */
  PUBLIC_PAGES: z.enum(["true", "false"]).optional(),
  /** The address staff use, e.g. https://intranet.riverside.gov.uk; used for origin checks and links in email. */
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Outgoing mail (alerts, digests, reminders). Without SMTP_HOST nothing is sent: alerts and
   * notices wait in the outbox until a mail server is set (decision 078).
   */
  SMTP_HOST: z.string().min(1).max(255).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().min(1).max(255).optional(),
  SMTP_PASS: z.string().min(1).max(1000).optional(),
  /** "true": TLS from the start (usually port 465); "false": STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(["true", "false"]).default("false"),
  MAIL_FROM: z.string().min(3).max(255).default("Riverside intranet <intranet@riverside.gov.uk>"),
  /** Remind people who have not confirmed a must-read item this many days after it was published. */
  REMINDER_AFTER_DAYS: z.coerce.number().int().min(1).max(90).default(3),
  /** The hour (UK time) daily and weekly (Monday) digests go out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Email that waited longer than this (no mail server, or one that kept failing) is dropped, never sent late (decision 078). */
  ALERT_MAX_AGE_DAYS: z.coerce
    .number({ invalid_type_error: "ALERT_MAX_AGE_DAYS must be a whole number of days from 1 to 90" })
    .int("ALERT_MAX_AGE_DAYS must be a whole number of days from 1 to 90")
    .min(1, "ALERT_MAX_AGE_DAYS must be at least 1 (day)")
    .max(90, "ALERT_MAX_AGE_DAYS must be at most 90 (days)")
    .default(7),
  /** Scheduled email (reminders, review notices, digests, summaries) sent per minute at most; alerts are not held back (decision 079). */
  MAIL_PER_MINUTE: z.coerce
    .number({ invalid_type_error: "MAIL_PER_MINUTE must be a whole number from 1 to 10000" })
    .int("MAIL_PER_MINUTE must be a whole number from 1 to 10000")
    .min(1, "MAIL_PER_MINUTE must be at least 1")
    .max(10_000, "MAIL_PER_MINUTE must be at most 10000")
    .default(60),
  LOG_LEVEL: z.enum(["silent", "error", "info", "debug"]).default("info"),
  /** Largest file an author may attach, in MB (server.js reads the same variable for the upload routes' body limit). */
  UPLOAD_MAX_MB: z.coerce.number({ invalid_type_error: "UPLOAD_MAX_MB must be a number of megabytes" }).int().min(1, "UPLOAD_MAX_MB must be at least 1").max(500, "UPLOAD_MAX_MB must be at most 500").default(25),
  /**
   * Where attached files' bytes are kept (decision 155): "database" (default: in the database
   * beside everything else) or "s3", an S3-compatible object store (S3_BUCKET, S3_ENDPOINT, …)
   * that several app servers share. Files stored before a switch stay where they were.
   */
  FILE_STORAGE: z.enum(["database", "s3"], { errorMap: () => ({ message: "FILE_STORAGE must be database or s3" }) }).default("database"),
  /** The object store's address, like https://objects.example.internal:9000 (unset: the provider's public address for S3_REGION). */
  S3_ENDPOINT: z
    .string()
    .url("S3_ENDPOINT must be the object store's address, like https://objects.example.internal:9000")
    .refine((u) => /^https?:\/\//.test(u), "S3_ENDPOINT must start with https:// (or http:// for a store on a private network)")
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, "S3_REGION must be a region name like eu-west-2 (letters, digits and dashes)").default("us-east-1"),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3_BUCKET must be a bucket name: 3 to 63 lower-case letters, digits, dots and dashes")
    .optional(),
  /** Keys' names inside the bucket start with this (several intranets can share one bucket). */
  S3_PREFIX: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{0,200}$/, "S3_PREFIX may hold only letters, digits and ! _ . * ' ( ) / -").default("intranet-files/"),
  /** Both or neither: without them the SDK's own credential chain is used (environment, instance role). Never printed. */
  S3_ACCESS_KEY_ID: z.string().min(1).max(200, "S3_ACCESS_KEY_ID must be at most 200 characters").optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(500, "S3_SECRET_ACCESS_KEY must be at most 500 characters").optional(),
  /** "true": bucket in the path (most self-hosted stores); default: true when S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"], { errorMap: () => ({ message: "S3_FORCE_PATH_STYLE must be true or false" }) }).optional(),
  /** For `npm run bench:http`: each process writes its page cache counters (hits, lookups) to a file here. */
  PAGE_CACHE_STATS_DIR: z.string().min(1).optional(),
  /**
   * Processes that serve pages. More than 1 runs a cluster: that many page-serving workers
   * plus a leader for background work and search. Default: one per CPU core (at most 8).
   */
  WORKERS: z.coerce.number({ invalid_type_error: "WORKERS must be a whole number from 1 to 32" }).int("WORKERS must be a whole number from 1 to 32").min(1, "WORKERS must be at least 1").max(32, "WORKERS must be at most 32").optional(),
  /** Sign-in with the council's identity provider (OpenID Connect); all four of issuer, id and secret turn it on. */
  OIDC_ISSUER: z
    .string()
    .url("OIDC_ISSUER must be the issuer's address, like https://login.microsoftonline.com/<tenant>/v2.0")
    .refine((u) => u.startsWith("https://") || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(u), "OIDC_ISSUER must use https (plain http only on this machine, for tests)")
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The label on the sign-in button. */
  OIDC_BUTTON_LABEL: z.string().min(1).max(80).default("Sign in with your council account"),
  /** Claim holding groups or roles, and how its values map to intranet roles: "intranet-admins=admin,intranet-comms=comms". */
  OIDC_ROLE_CLAIM: z.string().min(1).max(200).default("groups"),
  OIDC_ROLE_MAP: z.string().max(4000).optional(),
  /** Claim holding the person's department, and optional value → department slug map: "Housing Services=housing". */
  OIDC_DEPARTMENT_CLAIM: z.string().min(1).max(200).optional(),
  OIDC_DEPARTMENT_MAP: z.string().max(4000).optional(),
  OIDC_SCOPES: z.string().min(1).max(500).default("openid email profile"),
  /**
   * "true": signing out of a session that came from the identity provider also signs out
   * there (RP-initiated logout), for shared devices such as depot kiosks. Off by default:
   * at most councils it would sign people out of email and everything else too.
   */
  OIDC_SIGN_OUT_AT_PROVIDER: z.enum(["true", "false"]).default("false"),
}).superRefine((env, ctx) => {
  // Settings that only make sense together; each message names the variable to set.
  const problem = (variable: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
  if (env.FILE_STORAGE === "s3" && !env.S3_BUCKET) problem("S3_BUCKET", "S3_BUCKET must name the bucket when FILE_STORAGE=s3");
  if (env.S3_ACCESS_KEY_ID && !env.S3_SECRET_ACCESS_KEY) problem("S3_SECRET_ACCESS_KEY", "S3_SECRET_ACCESS_KEY must be set when S3_ACCESS_KEY_ID is (or set neither)");
  if (env.S3_SECRET_ACCESS_KEY && !env.S3_ACCESS_KEY_ID) problem("S3_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID must be set when S3_SECRET_ACCESS_KEY is (or set neither)");
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** How many page-serving processes to run (WORKERS, or one per core, at most 8). */
export function workerCount(env: Env = getEnv()): number {
  return env.WORKERS ?? Math.max(1, Math.min(8, os.availableParallelism()));
}

/** Tests change the environment between files; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}
