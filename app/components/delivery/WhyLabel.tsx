/** Why an item is in someone's stream ("For everyone in Housing"), and where it was sent. */
export function WhyLabel({ reasons, sentTo }: { reasons: string[]; sentTo?: string | null }) {
  if (reasons.length === 0 && !sentTo) return null;
  return (
    <p className="why-label">
      {reasons.length > 0 ? (
        <>
          <span className="visually-hidden">Why you see this: </span>
          {reasons.join(" · ")}
        </>
      ) : null}
      {reasons.length > 0 && sentTo ? <span aria-hidden="true"> · </span> : null}
      {sentTo ? <span className="why-label__sent-to">{sentTo}</span> : null}
    </p>
  );
}
