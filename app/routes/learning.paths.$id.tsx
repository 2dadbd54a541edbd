/**
 * /learning/paths/:id: a learning path as a checklist of what the viewer has done (ticked
 * from the record: guides confirmed, events attended, guides published and reviewed),
 * enrol / leave, "I have read it" and "Done" buttons, and for managers their team in
 * aggregate (names of those not started only on a required path) with "enrol" for
 * optional paths. 404 for paths the viewer may not see.
 */
import { visibleItemsSql } from "~/access/audience.server";
import { linksForReader } from "~/presenters/item-body.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { learningActor } from "~/commands/events.server";
import { confirmGuideStep, confirmTaskStep, enrolSelf, enrolTeamMember, leaveOptionalPath, pathProblem } from "~/commands/learning-paths.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { DoneNotice, ErrorSummary, SelectField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { pathPage } from "~/presenters/learning-paths.server";
import { PersonIdSchema, StepIdSchema } from "~/schemas/learning-paths";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { PATH_STATE_LABELS } from "~/utils/learning-paths";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.path.title ?? "Learning path");

const DONE: Record<string, string> = {
  enrolled: "You are on this learning path. Your checklist ticks itself off as you go.",
  left: "You have left this learning path.",
  read: "Thank you: the guide is ticked off.",
  task: "The task is ticked off.",
  saved: "The learning path is saved.",
  "team-enrolled": "Your team member is on the path, and we have emailed them.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const db = await getDb();
  const found = await pathPage(db, user, idParam(params.id));
  const page = { ...found, path: { ...found.path, descriptionHtml: await linksForReader(db, found.path.descriptionHtml, visibleItemsSql(user)) } };
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return json({ csrfToken: user.csrfToken, ...page, done: DONE[done] ?? null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, session.csrfToken);
  const user = await learningActor(session);
  const id = idParam(params.id);
  const fields = formFields(form);
  const back = (done: string) => redirect(`/learning/paths/${id}?done=${done}`);
  try {
    switch (fields.intent) {
      case "enrol":
        await enrolSelf(user, id);
        return back("enrolled");
      case "leave":
        await leaveOptionalPath(user, id);
        return back("left");
      case "read":
      case "task": {
        const parsed = StepIdSchema.safeParse(fields);
        if (!parsed.success) return json({ message: "Choose a step.", errors: {} as Record<string, string> }, { status: 400 });
        if (fields.intent === "read") await confirmGuideStep(user, id, parsed.data.step);
        else await confirmTaskStep(user, id, parsed.data.step);
        return back(fields.intent);
      }
      case "enrol-team": {
        const parsed = PersonIdSchema.safeParse(fields);
        if (!parsed.success) return json({ message: null, errors: fieldErrors(parsed.error) }, { status: 400 });
        await enrolTeamMember(user, id, parsed.data.person);
        return back("team-enrolled");
      }
    }
  } catch (err) {
    const problem = pathProblem(err);
    if (problem.status === 404) throw new Response(problem.message, { status: 404 });
    return json({ message: problem.message, errors: {} as Record<string, string> }, { status: problem.status });
  }
  return json({ message: "Choose what to do.", errors: {} as Record<string, string> }, { status: 400 });
}

export default function LearningPathPage() {
  const { path, checklist, progress, onPath, enrolled, mayFollow, team, csrfToken, done, everyoneCount } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const csrf = <input type="hidden" name="csrf" value={csrfToken} />;
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Learning", to: "/learning" }, { label: "Learning paths", to: "/learning/paths" }, { label: path.title }]} />
      <DoneNotice text={done} />
      <ErrorSummary errors={{ form: data?.message ?? undefined }} fields={[]} />
      <p className="muted">Learning path{path.required ? ", required" : ""}</p>
      <h1>
        {path.title}
        {path.status === "draft" ? " (draft)" : path.status === "archived" ? " (archived)" : ""}
      </h1>
      <RichText html={path.descriptionHtml} />
      {onPath ? (
        <p>
          <strong>
            Your progress: {progress.done} of {progress.total} {progress.total === 1 ? "step" : "steps"} done ({PATH_STATE_LABELS[progress.state].toLowerCase()}).
          </strong>
        </p>
      ) : null}
      {path.required && mayFollow ? <p>This path is required for you: you are on it without enrolling.</p> : null}
      {!path.required && mayFollow && path.status === "published" ? (
        <Form method="post">
          {csrf}
          {enrolled ? (
            <button type="submit" name="intent" value="leave" className="button button--secondary">
              Leave this path
            </button>
          ) : (
            <button type="submit" name="intent" value="enrol" className="button">
              Start this path
            </button>
          )}
        </Form>
      ) : null}

      <h2 id="steps">Steps</h2>
      {checklist.length === 0 ? <p>This path has no steps yet.</p> : null}
      <ol className="path-steps" aria-labelledby="steps">
        {checklist.map((s) => (
          <li key={s.id} className={s.doneAt ? "path-steps__done" : undefined}>
            <p>
              <strong>{s.title}</strong>
              <br />
              <span className="muted">{s.description}</span>
            </p>
            <p>
              {s.doneAt ? (
                <>
                  <span aria-hidden="true">✓ </span>Done <DateText value={s.doneAt} />
                </>
              ) : (
                "Not done yet"
              )}
            </p>
            {s.kind === "guide" ? (
              s.guide ? (
                <p>
                  <Link to={`/guides/${s.guide.slug}`}>Read “{s.guide.title}”</Link>
                </p>
              ) : (
                <p className="muted">This guide is not available to you.</p>
              )
            ) : null}
            {s.kind === "event" ? (
              <p>
                <Link to={`/events?type=${s.eventType}`}>Find an event to book</Link>
              </p>
            ) : null}
            {onPath && !s.doneAt && s.kind === "guide" && s.guide ? (
              <Form method="post">
                {csrf}
                <input type="hidden" name="step" value={s.id} />
                <button type="submit" name="intent" value="read" className="button button--secondary">
                  I have read “{s.guide.title}”
                </button>
              </Form>
            ) : null}
            {onPath && !s.doneAt && s.selfConfirm ? (
              <Form method="post">
                {csrf}
                <input type="hidden" name="step" value={s.id} />
                <button type="submit" name="intent" value="task" className="button button--secondary">
                  Done: {s.title}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>

      {team ? (
        <section aria-labelledby="team">
          <h2 id="team">Your team</h2>
          <p>
            Of the {team.size} {team.size === 1 ? "person" : "people"} who report to you, {team.onPath} {team.onPath === 1 ? "is" : "are"} on this path: {team.complete} complete, {team.inProgress} in
            progress, {team.notStarted} not started.
          </p>
          {team.notStartedNames && team.notStartedNames.length > 0 ? (
            <>
              <h3>Not started yet (this path is required)</h3>
              <ul>
                {team.notStartedNames.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          ) : null}
          {team.canEnrol.length > 0 ? (
            <Form method="post">
              {csrf}
              <SelectField name="person" label="Put someone in your team on this path" error={data?.errors?.person} options={team.canEnrol.map((p) => ({ value: String(p.id), label: p.name }))} />
              <button type="submit" name="intent" value="enrol-team" className="button button--secondary">
                Enrol them
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {path.canEdit ? (
        <section aria-labelledby="build">
          <h2 id="build">Build this path</h2>
          {everyoneCount !== null ? <p>{everyoneCount} {everyoneCount === 1 ? "person has" : "people have"} enrolled.</p> : null}
          <ul className="plain-list">
            <li>
              <Link to={`/learning/paths/${path.id}/edit`}>Edit the title, description and who it is for</Link>
            </li>
            <li>
              <Link to={`/learning/paths/${path.id}/steps`}>Add, order and remove steps</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}
