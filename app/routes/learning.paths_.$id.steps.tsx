/**
 * /learning/paths/:id/steps: a path's steps in order, with move up / down and remove, and
 * three small forms to add a step: a guide to read (from the guides the builder may open),
 * an event of a kind to attend, or a task (ticked by the person, or automatically when a
 * guide they wrote goes live or is approved by someone else). Without JavaScript.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { visibleItemsSql } from "~/access/audience.server";
import { canEditPath } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { addStep, moveStep, pathProblem, removeStep } from "~/commands/learning-paths.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, SelectField, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { findPath, listGuideChoices, listGuidesByIds, listSteps } from "~/models/learning-path.server";
import { stepDescription } from "~/presenters/learning-paths.server";
import { EventStepSchema, GuideStepSchema, StepIdSchema, TaskStepSchema } from "~/schemas/learning-paths";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { EVENT_TYPE_LABELS, EVENT_TYPES } from "~/utils/event-types";
import { notFound } from "~/utils/http.server";
import { STEP_TASKS, TASK_LABELS } from "~/utils/learning-paths";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Steps of the learning path");

async function load(request: Request, idText: string | undefined, form?: FormData) {
  const session = await requireUser(request);
  if (form) assertCsrf(request, form, session.csrfToken);
  const user = await learningActor(session);
  const db = await getDb();
  const path = await findPath(db, idParam(idText));
  if (!path || !canEditPath(user, path)) throw notFound();
  return { user, db, path };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, path } = await load(request, params.id);
  const steps = await listSteps(db, [path.id]);
  const visibility = visibleItemsSql(user);
  const [guides, choices] = await Promise.all([listGuidesByIds(db, steps.flatMap((s) => (s.itemId ? [s.itemId] : [])), visibility), listGuideChoices(db, visibility)]);
  return json({
    csrfToken: user.csrfToken,
    path: { id: path.id, title: path.title },
    steps: steps.map((s) => ({ id: s.id, title: s.title, description: stepDescription(s), guideTitle: s.itemId ? guides.find((g) => g.id === s.itemId)?.title ?? "a guide you cannot open" : null })),
    guides: choices.map((g) => ({ value: String(g.id), label: g.title })),
  });
}

type Added = "guide" | "event" | "task";

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, SMALL_FORM);
  const { user, path } = await load(request, params.id, form);
  const fields = formFields(form);
  const fail = (which: Added | null, errors: Record<string, string>, status = 400) => json({ which, errors }, { status });
  try {
    if (fields.intent === "add-guide") {
      const parsed = GuideStepSchema.safeParse(fields);
      if (!parsed.success) return fail("guide", fieldErrors(parsed.error));
      await addStep(user, path.id, { kind: "guide", title: parsed.data.title, itemId: parsed.data.guide, eventType: null, task: null });
    } else if (fields.intent === "add-event") {
      const parsed = EventStepSchema.safeParse(fields);
      if (!parsed.success) return fail("event", fieldErrors(parsed.error));
      await addStep(user, path.id, { kind: "event", title: parsed.data.title, itemId: null, eventType: parsed.data.eventType, task: null });
    } else if (fields.intent === "add-task") {
      const parsed = TaskStepSchema.safeParse(fields);
      if (!parsed.success) return fail("task", fieldErrors(parsed.error));
      await addStep(user, path.id, { kind: "task", title: parsed.data.title, itemId: null, eventType: null, task: parsed.data.task });
    } else if (fields.intent === "remove" || fields.intent === "up" || fields.intent === "down") {
      const parsed = StepIdSchema.safeParse(fields);
      if (!parsed.success) return fail(null, { form: "Choose a step." });
      if (fields.intent === "remove") await removeStep(user, path.id, parsed.data.step);
      else await moveStep(user, path.id, parsed.data.step, fields.intent);
    } else return fail(null, { form: "Choose what to do." });
  } catch (err) {
    const problem = pathProblem(err);
    if (problem.status === 404) throw notFound();
    return fail(fields.intent === "add-guide" ? "guide" : null, fields.intent === "add-guide" ? { guide: problem.message } : { form: problem.message }, problem.status);
  }
  return redirect(`/learning/paths/${path.id}/steps#steps`);
}

export default function PathSteps() {
  const { path, steps, guides, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsOf = (which: Added) => (data?.which === which ? data.errors : {});
  const g = errorsOf("guide");
  const e = errorsOf("event");
  const t = errorsOf("task");
  const summary: Record<string, string | undefined> = { form: data?.errors.form, guide: g.guide, guideTitle: g.title, eventTitle: e.title, eventType: e.eventType, taskTitle: t.title, task: t.task };
  const csrf = <input type="hidden" name="csrf" value={csrfToken} />;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Learning paths", to: "/learning/paths" }, { label: path.title, to: `/learning/paths/${path.id}` }, { label: "Steps" }]} />
      <ErrorSummary errors={summary} fields={["guide", "guideTitle", "eventTitle", "eventType", "taskTitle", "task"]} />
      <h1>Steps of “{path.title}”</h1>
      <h2 id="steps">The steps, in order</h2>
      {steps.length === 0 ? <p>No steps yet: add the first one below.</p> : null}
      <ol className="path-steps">
        {steps.map((s, i) => (
          <li key={s.id}>
            <p>
              <strong>{s.title}</strong>
              <br />
              <span className="muted">
                {s.description}
                {s.guideTitle ? `: ${s.guideTitle}` : ""}
              </span>
            </p>
            <Form method="post" className="button-row">
              {csrf}
              <input type="hidden" name="step" value={s.id} />
              {i > 0 ? (
                <button type="submit" name="intent" value="up" className="button button--secondary">
                  Move up<span className="visually-hidden">: {s.title}</span>
                </button>
              ) : null}
              {i < steps.length - 1 ? (
                <button type="submit" name="intent" value="down" className="button button--secondary">
                  Move down<span className="visually-hidden">: {s.title}</span>
                </button>
              ) : null}
              <button type="submit" name="intent" value="remove" className="button button--warning">
                Remove<span className="visually-hidden">: {s.title}</span>
              </button>
            </Form>
          </li>
        ))}
      </ol>
      <p>
        <Link to={`/learning/paths/${path.id}`}>See the path as people will</Link>
      </p>

      <h2>Add a guide to read</h2>
      <Form method="post" noValidate>
        {csrf}
        <SelectField name="guide" label="Guide" error={g.guide} options={[{ value: "", label: "Choose a guide" }, ...guides]} />
        <TextField name="title" id="guideTitle" label="What the step says (optional)" hint="Leave empty to use “Read” and the guide’s title." error={g.title} maxLength={200} />
        <button type="submit" name="intent" value="add-guide" className="button">
          Add the guide
        </button>
      </Form>

      <h2>Add an event to attend</h2>
      <Form method="post" noValidate>
        {csrf}
        <TextField name="title" id="eventTitle" label="What the step says" hint="For example: Attend the writing workshop" error={e.title} maxLength={200} />
        <SelectField name="eventType" label="Kind of event" hint="Ticked off when the person is on the register of any event of this kind." error={e.eventType} options={EVENT_TYPES.map((x) => ({ value: x, label: EVENT_TYPE_LABELS[x] }))} />
        <button type="submit" name="intent" value="add-event" className="button">
          Add the event
        </button>
      </Form>

      <h2>Add a task</h2>
      <Form method="post" noValidate>
        {csrf}
        <TextField name="title" id="taskTitle" label="What the task is" hint="For example: Publish your first guide" error={t.title} maxLength={200} />
        <SelectField name="task" label="How it is ticked off" error={t.task} options={STEP_TASKS.map((x) => ({ value: x, label: TASK_LABELS[x] }))} />
        <button type="submit" name="intent" value="add-task" className="button">
          Add the task
        </button>
      </Form>
    </div>
  );
}
