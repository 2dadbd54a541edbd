/**
 * /learning/paths: the learning paths the viewer may see (required first), with their own
 * progress on those they are on, and "Build a learning path" for those who may.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canCreatePath } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { myPaths, visiblePaths } from "~/presenters/learning-paths.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { PATH_STATE_LABELS } from "~/utils/learning-paths";

export const meta: MetaFunction = () => pageTitle("Learning paths");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const db = await getDb();
  const [paths, mine] = await Promise.all([visiblePaths(db, user), myPaths(db, user)]);
  return json({
    canCreate: canCreatePath(user),
    paths: paths.map((p) => {
      const on = mine.find((m) => m.id === p.id);
      return { id: p.id, title: p.title, required: p.required, status: p.status, steps: p.steps, progress: on?.progress ?? null };
    }),
  });
}

export default function LearningPaths() {
  const { paths, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Learning", to: "/learning" }, { label: "Learning paths" }]} />
      <h1>Learning paths</h1>
      <p className="lede">Step-by-step routes through guides, events and tasks. Your checklist ticks itself off from what you actually do.</p>
      {canCreate ? (
        <p>
          <Link to="/learning/paths/new/edit" className="button">
            Build a learning path
          </Link>
        </p>
      ) : null}
      {paths.length === 0 ? <p>There are no learning paths for you yet.</p> : null}
      <ul className="plain-list path-list">
        {paths.map((p) => (
          <li key={p.id}>
            <h2>
              <Link to={`/learning/paths/${p.id}`}>{p.title}</Link>
            </h2>
            <p className="muted">
              {p.steps} {p.steps === 1 ? "step" : "steps"}
              {p.required ? ", required" : ""}
              {p.status === "draft" ? ", draft" : p.status === "archived" ? ", archived" : ""}
              {p.progress ? `. You: ${p.progress.done} of ${p.progress.total} done (${PATH_STATE_LABELS[p.progress.state].toLowerCase()})` : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
