/**
 * Forms of the admin pages and the account page. Checked on the server (the final
 * word); imports nothing server-only so the browser could use them too.
 */
import { z } from "zod";
import { ROLES } from "~/utils/roles";
import { dateInput } from "./date-input";

const trimmed = (label: string, max: number) =>
  z.string({ required_error: `Enter ${label}` }).trim().min(1, `Enter ${label}`).max(max, `${label[0].toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{1,9}$/.test(v)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      }
      return Number(v);
    });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Waste & Street Scene" → "waste-street-scene". */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .max(60, "Web address must be 60 characters or fewer")
  .refine((v) => v === "" || SLUG_PATTERN.test(v), "Web address can only use lower-case letters, numbers and hyphens, like housing-repairs");

const email = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the right format, like name@riverside.gov.uk");

const role = z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) });

export const InviteSchema = z.object({
  email,
  name: trimmed("their full name", 120),
  role,
  departmentId: optionalId("Choose a department from the list"),
  jobTitle: z.string().trim().max(120, "Job title must be 120 characters or fewer").default(""),
});

export const AccessSchema = z.object({
  name: trimmed("their full name", 120),
  role,
  departmentId: optionalId("Choose a department from the list"),
  jobTitle: z.string().trim().max(120, "Job title must be 120 characters or fewer").default(""),
});

export const GrantSchema = z.object({
  grantDepartmentId: optionalId("Choose a department from the list").refine((v) => v !== null, "Choose a department"),
  canPublishUnreviewed: checkbox,
});

export const DepartmentSchema = z
  .object({ name: trimmed("a name", 100), slug: slug.default(""), description: z.string().trim().max(500, "Description must be 500 characters or fewer").default("") })
  .transform((d) => ({ ...d, slug: d.slug || slugFromName(d.name) }));

export const RenameDepartmentSchema = z.object({
  name: trimmed("a name", 100),
  description: z.string().trim().max(500, "Description must be 500 characters or fewer").default(""),
});

export const ChannelSchema = z
  .object({
    name: trimmed("a name", 100),
    slug: slug.default(""),
    description: z.string().trim().max(500, "Description must be 500 characters or fewer").default(""),
    departmentId: optionalId("Choose a department from the list, or council-wide"),
    isMandatory: checkbox,
  })
  .transform((c) => ({ ...c, slug: c.slug || slugFromName(c.name) }));

export const RenameChannelSchema = z.object({
  name: trimmed("a name", 100),
  description: z.string().trim().max(500, "Description must be 500 characters or fewer").default(""),
  isMandatory: checkbox,
});

/** The audit log's filters; the dates come as Day, Month and Year boxes (schemas/date-input.ts). */
export const AuditFilterSchema = z
  .object({
    action: z.string().trim().max(60, "Action must be 60 characters or fewer").regex(/^[a-z0-9.-]*$/, "Choose an action from the list").optional(),
    actor: z.string().trim().max(254, "Person must be 254 characters or fewer").optional(),
    from: dateInput("From date"),
    to: dateInput("To date"),
  })
  .refine((f) => typeof f.from !== "string" || typeof f.to !== "string" || f.from <= f.to, {
    message: "The ‘to’ date must be the same as or after the ‘from’ date", path: ["to"],
  });

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1024, "Password must be 1,024 characters or fewer"),
  newPassword: z.string().min(1, "Enter a new password").max(1024, "Password must be 256 characters or fewer"),
  confirmPassword: z.string().max(1024).default(""),
}).refine((f) => f.newPassword === f.confirmPassword, { message: "The two new passwords are not the same", path: ["confirmPassword"] });

export const SetPasswordSchema = z.object({
  password: z.string().min(1, "Enter a password").max(1024, "Password must be 256 characters or fewer"),
  confirmPassword: z.string().max(1024).default(""),
}).refine((f) => f.password === f.confirmPassword, { message: "The two passwords are not the same", path: ["confirmPassword"] });
