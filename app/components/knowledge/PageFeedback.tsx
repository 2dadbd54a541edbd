import { Form, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";

export type PageFeedbackData = {
  itemId: number;
  myRating: boolean | null;
  /** Only for the page's owner, deputy and comms editors. */
  helpfulness: { yes: number; no: number; openComments: number; comments: number } | null;
};

/**
 * "Was this page helpful?" at the end of guides and policies: yes or no, and an optional
 * comment that only the page's owner (and the communications team) will read. Posts to
 * /feedback, which comes back here with ?feedback=sent. Works without JavaScript.
 */
export function PageFeedback({ data, csrfToken }: { data: PageFeedbackData; csrfToken: string }) {
  const [params] = useSearchParams();
  const sent = params.get("feedback") === "sent";
  const h = data.helpfulness;
  const total = h ? h.yes + h.no : 0;
  return (
    <section className="page-feedback no-print" id="page-feedback" aria-labelledby="page-feedback-heading">
      {sent ? (
        <div className="banner banner--success" role="status">
          <p>
            <strong>Thank you.</strong> Your answer has been recorded.{" "}
            {data.myRating === false ? "The page's owner will use it to improve this page." : null}
          </p>
        </div>
      ) : null}
      <Form method="post" action={`/feedback?index&item=${data.itemId}`} className="page-feedback__form">
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="itemId" value={data.itemId} />
        <fieldset className="fieldset">
          <legend>
            <h2 id="page-feedback-heading">Was this page helpful?</h2>
          </legend>
          <div className="radios radios--inline">
            <div className="radio">
              <input id="feedback-yes" type="radio" name="helpful" value="yes" defaultChecked={data.myRating === true} required />
              <label htmlFor="feedback-yes">Yes</label>
            </div>
            <div className="radio">
              <input id="feedback-no" type="radio" name="helpful" value="no" defaultChecked={data.myRating === false} />
              <label htmlFor="feedback-no">No</label>
            </div>
          </div>
        </fieldset>
        <div className="form-group">
          <label htmlFor="feedback-comment">Tell the page’s owner more (optional)</label>
          <p className="hint" id="feedback-comment-hint">
            Only the owner of this page and the communications team will read this. Do not include details about residents or
            service users.
          </p>
          <textarea id="feedback-comment" name="comment" rows={3} maxLength={2000} aria-describedby="feedback-comment-hint" />
        </div>
        <button type="submit" className="button button--secondary">
          Send feedback
        </button>
      </Form>
      {h ? (
        <div className="inset page-feedback__owner">
          <p>
            <strong>For the page’s owner:</strong>{" "}
            {total === 0
              ? "nobody has rated this page yet."
              : `${h.yes} of ${total} ${total === 1 ? "person" : "people"} found this page helpful (${Math.round((100 * h.yes) / total)}%).`}{" "}
            {h.comments > 0 ? (
              <>
                {h.openComments} of {h.comments} comments still open. <Link to="/me/feedback">Read the feedback</Link>
              </>
            ) : null}
          </p>
          <p className="muted">Readers do not see these figures.</p>
        </div>
      ) : null}
    </section>
  );
}
