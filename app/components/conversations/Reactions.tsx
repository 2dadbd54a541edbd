import { Form } from "@remix-run/react";
import type { ReactionsView } from "~/commands/reactions.server";

/**
 * Like, thanks, helpful, celebrate: each a button in a small form (works without
 * JavaScript), pressed when it is yours; counts beside; who reacted in a disclosure.
 */
export function Reactions({
  view, target, targetId, csrfToken, returnTo, label, disabled = false,
}: { view: ReactionsView; target: "item" | "comment"; targetId: number; csrfToken: string; returnTo: string; label: string; disabled?: boolean }) {
  const people = view.kinds.filter((k) => k.count > 0);
  return (
    <div className="reactions" role="group" aria-label={label}>
      <ul className="reactions__list">
        {view.kinds.map((k) => (
          <li key={k.kind}>
            <Form method="post" action="/reactions" preventScrollReset>
              <input type="hidden" name="csrf" value={csrfToken} />
              <input type="hidden" name="target" value={target} />
              <input type="hidden" name="targetId" value={targetId} />
              <input type="hidden" name="kind" value={k.kind} />
              <input type="hidden" name="on" value={k.mine ? "0" : "1"} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className={`reaction${k.mine ? " reaction--mine" : ""}`} aria-pressed={k.mine} disabled={disabled}>
                {k.label}
                <span className="reaction__count">
                  {" "}
                  {k.count}
                  <span className="visually-hidden">{k.count === 1 ? " person" : " people"}</span>
                </span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      {people.length > 0 ? (
        <details className="reactions__who">
          <summary>Who reacted</summary>
          <ul className="plain-list">
            {people.map((k) => (
              <li key={k.kind}>
                <strong>{k.label}:</strong> {k.names.join(", ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
