import { Form } from "@remix-run/react";
import { DateText } from "~/components/DateText";

export type AcknowledgeState = {
  itemId: number;
  /** The person is asked to confirm this item (must-read, or a material policy version). */
  asked: boolean;
  confirmedAt: string | null;
  /** For policies: the version being confirmed. */
  version?: number | null;
};

/**
 * "I have read and understood this", at the end of a must-read item. Works without
 * JavaScript; after confirming, the page says when the person confirmed.
 */
export function AcknowledgeButton({ state, csrfToken, redirectTo }: { state: AcknowledgeState; csrfToken: string; redirectTo: string }) {
  if (!state.asked) return null;
  if (state.confirmedAt)
    return (
      <div className="acknowledge acknowledge--done" id="acknowledge" role="status">
        <p>
          <strong>You confirmed you have read and understood this</strong> on <DateText value={state.confirmedAt} />.
        </p>
      </div>
    );
  return (
    <section className="acknowledge" id="acknowledge" aria-labelledby="acknowledge-heading">
      <h2 id="acknowledge-heading">Please confirm you have read this</h2>
      <p>
        {state.version && state.version > 1
          ? `Version ${state.version} of this policy changes what you need to do. Everyone it applies to is asked to confirm they have read it.`
          : state.version
            ? "Everyone this policy applies to is asked to confirm they have read it."
            : "Everyone this was sent to is asked to confirm they have read it."}
      </p>
      <Form method="post" action="/acknowledgements/confirm">
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="itemId" value={state.itemId} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" className="button">
          I have read and understood this
        </button>
      </Form>
    </section>
  );
}
