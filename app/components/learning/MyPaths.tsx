import { Link } from "~/components/Link";
import { PATH_STATE_LABELS } from "~/utils/learning-paths";

export type MyPath = { id: number; title: string; required: boolean; progress: { done: number; total: number; state: keyof typeof PATH_STATE_LABELS } };

/** The learning paths a person is on, with how far they are (on /me and /learning). */
export function MyPaths({ paths, headingId }: { paths: MyPath[]; headingId: string }) {
  if (paths.length === 0)
    return (
      <p>
        You are not on a learning path. <Link to="/learning/paths">Choose one</Link>.
      </p>
    );
  return (
    <ul aria-labelledby={headingId}>
      {paths.map((p) => (
        <li key={p.id}>
          <Link to={`/learning/paths/${p.id}`}>{p.title}</Link>: {p.progress.done} of {p.progress.total} steps done ({PATH_STATE_LABELS[p.progress.state].toLowerCase()})
          {p.required ? ", required" : ""}
        </li>
      ))}
    </ul>
  );
}
