/**
 * The learning path forms (decision 132), checked with zod on the server: the path's
 * details and audience, and the three kinds of step. Errors come back per field.
 */
import { z } from "zod";
import { EVENT_TYPES } from "~/utils/event-types";
import { STEP_TASKS } from "~/utils/learning-paths";
import { ROLES, type Role } from "~/utils/roles";

export const PathSchema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
  description: z.string().max(20000, "Description must be 20,000 characters or fewer"),
  required: z.boolean(),
  audience: z.enum(["everyone", "departments", "roles"], { errorMap: () => ({ message: "Choose who the path is for" }) }),
  status: z.enum(["draft", "published", "archived"], { errorMap: () => ({ message: "Choose whether to publish" }) }),
});

export type PathFormValues = { fields: Record<string, string>; audienceDepartments: string[]; audienceRoles: string[] };

export function parsePathForm(form: FormData): {
  values: PathFormValues;
  data?: z.infer<typeof PathSchema> & { audienceDepartments: string[]; audienceRoles: Role[] };
  errors: Record<string, string>;
} {
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in fields)) fields[k] = v;
  const values = { fields, audienceDepartments: form.getAll("audienceDepartments").map(String), audienceRoles: form.getAll("audienceRoles").map(String) };
  const errors: Record<string, string> = {};
  const parsed = PathSchema.safeParse({
    title: fields.title ?? "", description: fields.description ?? "", required: fields.required === "on", audience: fields.audience ?? "", status: fields.status ?? "",
  });
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const roles = values.audienceRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (fields.audience === "departments" && values.audienceDepartments.length === 0) errors.audience ??= "Choose at least one department";
  if (fields.audience === "roles" && roles.length === 0) errors.audience ??= "Choose at least one role";
  if (!parsed.success || Object.keys(errors).length) return { values, errors };
  return { values, errors, data: { ...parsed.data, audienceDepartments: values.audienceDepartments, audienceRoles: roles } };
}

const stepTitle = z.string().trim().max(200, "Step title must be 200 characters or fewer");

export const GuideStepSchema = z.object({
  title: stepTitle,
  guide: z.string().regex(/^[1-9]\d{0,8}$/, "Choose a guide from the list").transform(Number),
});

export const EventStepSchema = z.object({
  title: stepTitle.min(1, "Enter what the step is, for example “Attend the writing workshop”"),
  eventType: z.enum(EVENT_TYPES, { errorMap: () => ({ message: "Choose the kind of event" }) }),
});

export const TaskStepSchema = z.object({
  title: stepTitle.min(1, "Enter what the task is"),
  task: z.enum(STEP_TASKS, { errorMap: () => ({ message: "Choose how the task is ticked off" }) }),
});

export const StepIdSchema = z.object({ step: z.string().regex(/^[1-9]\d{0,8}$/, "Choose a step").transform(Number) });
export const PersonIdSchema = z.object({ person: z.string().regex(/^[1-9]\d{0,8}$/, "Choose a person from your team").transform(Number) });
