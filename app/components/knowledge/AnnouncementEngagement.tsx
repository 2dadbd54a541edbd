import { Form } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";
import type { PollView } from "~/commands/polls.server";
import type { Engagement } from "~/commands/questions.server";
import { ScrollTable } from "~/components/ScrollTable";

// Types only (erased from the browser bundle): the shapes the server's presenters send.
export type PollData = PollView;
export type EngagementData = Engagement;

/** A quick poll: the choice first, the results after voting (and for the author, and once closed). */
export function PollBox({ poll, csrfToken, returnTo, headingLevel = 2 }: { poll: PollData; csrfToken: string; returnTo: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="poll" aria-labelledby={`poll-${poll.id}-heading`}>
      <Heading id={`poll-${poll.id}-heading`}>Quick poll{poll.closed ? " (closed)" : ""}</Heading>
      {!poll.hasVoted && !poll.closed ? (
        <Form method="post" action={`/polls/${poll.id}`}>
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <fieldset className="fieldset">
            <legend className="poll__question">{poll.question}</legend>
            <p className="hint">Your answer is anonymous: we only count answers, we do not record who chose what.</p>
            <div className="radios">
              {poll.options.map((o) => (
                <div className="radio" key={o.id}>
                  <input id={`poll-${poll.id}-option-${o.id}`} type="radio" name="optionId" value={o.id} required />
                  <label htmlFor={`poll-${poll.id}-option-${o.id}`}>{o.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="button">
            Send my answer
          </button>
        </Form>
      ) : (
        <p className="poll__question">{poll.question}</p>
      )}
      {poll.hasVoted ? <p role="status">Thank you: your answer has been counted.</p> : null}
      {poll.showResults ? (
        <ScrollTable caption={<>Results so far: {poll.totalVotes ?? 0} {poll.totalVotes === 1 ? "answer" : "answers"}</>} className="poll__results">
          <thead>
            <tr>
              <th scope="col">Answer</th>
              <th scope="col" className="numeric">
                Answers
              </th>
              <th scope="col" className="numeric">
                Per cent
              </th>
            </tr>
          </thead>
          <tbody>
            {poll.options.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.label}</th>
                <td className="numeric">{o.votes}</td>
                <td className="numeric">
                  <span className="poll__bar-wrap" aria-hidden="true">
                    <span className={`poll__bar poll__bar--${Math.round((o.percent ?? 0) / 5) * 5}`} />
                  </span>
                  {o.percent}%
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p className="muted">You will see the results after you answer.</p>
      )}
      {poll.canManage ? (
        <Form method="post" action={`/polls/${poll.id}`}>
          <input type="hidden" name="csrf" value={csrfToken} />
          <input type="hidden" name="intent" value={poll.closed ? "reopen" : "close"} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="button button--secondary">
            {poll.closed ? "Reopen the poll" : "Close the poll"}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** Questions and answers about an announcement, with the forms for asking, answering and moderating. */
export function QuestionsAndAnswers({
  data, csrfToken, returnTo, errors = {}, draft = "", headingLevel = 2,
}: { data: EngagementData; csrfToken: string; returnTo: string; errors?: Record<string, string>; draft?: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  const action = `/questions/${data.itemId}`;
  const visible = data.questions;
  return (
    <section className="questions" aria-labelledby="questions-heading">
      <Heading id="questions-heading">Questions and answers</Heading>
      {visible.length === 0 ? <p className="muted">No questions yet.</p> : null}
      <ol className="item-list questions__list">
        {visible.map((q) => (
          <li key={q.id} id={`question-${q.id}`}>
            <Sub className="questions__q">
              <span className="visually-hidden">Question: </span>
              {q.body}
            </Sub>
            <p className="item-meta">
              Asked by {q.mine ? "you" : (q.askerName ?? "a colleague")} on <DateText value={q.createdAt} />
              {q.hidden ? (
                <>
                  {" "}
                  <strong className="tag tag--overdue">Hidden by moderators</strong>
                  {q.hiddenReason ? ` (${q.hiddenReason})` : null}
                </>
              ) : null}
            </p>
            {q.answer ? (
              <div className="questions__a">
                <p>
                  <strong>Answer{q.answeredByName ? ` from ${q.answeredByName}` : ""}:</strong> {q.answer}
                </p>
              </div>
            ) : (
              <p className="muted">Not answered yet.</p>
            )}
            {data.canAnswer && !q.hidden ? (
              <Form method="post" action={action} className="questions__answer-form">
                <input type="hidden" name="csrf" value={csrfToken} />
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="returnTo" value={returnTo} />
                <input type="hidden" name="questionId" value={q.id} />
                <div className={`form-group${errors[`answer-${q.id}`] ? " form-group--error" : ""}`}>
                  <label htmlFor={`answer-${q.id}`}>{q.answer ? "Change the answer" : "Answer this question"}</label>
                  {errors[`answer-${q.id}`] ? (
                    <p className="field-error" id={`answer-${q.id}-error`}>
                      <span className="visually-hidden">Error:</span> {errors[`answer-${q.id}`]}
                    </p>
                  ) : null}
                  <textarea
                    id={`answer-${q.id}`} name="answer" rows={2} maxLength={3000} defaultValue={q.answer ?? ""}
                    aria-describedby={errors[`answer-${q.id}`] ? `answer-${q.id}-error` : undefined} aria-invalid={errors[`answer-${q.id}`] ? true : undefined}
                  />
                </div>
                <button type="submit" className="button button--secondary">
                  Publish answer
                </button>
              </Form>
            ) : null}
            {data.canModerate ? (
              <Form method="post" action={action} className="questions__moderate">
                <input type="hidden" name="csrf" value={csrfToken} />
                <input type="hidden" name="intent" value={q.hidden ? "show" : "hide"} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <input type="hidden" name="questionId" value={q.id} />
                {q.hidden ? null : (
                  <div className="form-group">
                    <label htmlFor={`hide-reason-${q.id}`}>Reason for hiding (optional)</label>
                    <input id={`hide-reason-${q.id}`} name="reason" type="text" maxLength={300} />
                  </div>
                )}
                <button type="submit" className="link-button">
                  {q.hidden ? "Show this question again" : "Hide this question"}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      <Form method="post" action={action} className="questions__ask">
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="intent" value="ask" />
        <input type="hidden" name="returnTo" value={returnTo} />
        <div className={`form-group${errors.body ? " form-group--error" : ""}`}>
          <label htmlFor={`ask-${data.itemId}`}>Ask a question about this announcement</label>
          <p className="hint" id={`ask-${data.itemId}-hint`}>
            Everyone who can read this announcement will see your question and the answer. The communications team moderates questions.
          </p>
          {errors.body ? (
            <p className="field-error" id={`ask-${data.itemId}-error`}>
              <span className="visually-hidden">Error:</span> {errors.body}
            </p>
          ) : null}
          <textarea
            id={`ask-${data.itemId}`} name="body" rows={3} maxLength={1000} required defaultValue={draft}
            aria-describedby={errors.body ? `ask-${data.itemId}-hint ask-${data.itemId}-error` : `ask-${data.itemId}-hint`}
            aria-invalid={errors.body ? true : undefined}
          />
        </div>
        <button type="submit" className="button button--secondary">
          Ask your question
        </button>
      </Form>
    </section>
  );
}

/** Poll and Q&A under an announcement. */
export function AnnouncementEngagement({ data, csrfToken, returnTo }: { data: EngagementData; csrfToken: string; returnTo: string }) {
  return (
    <div className="engagement no-print">
      {data.paused ? (
        <p className="banner banner--need-to-know" role="note">
          {data.paused}
        </p>
      ) : null}
      {data.poll ? <PollBox poll={data.poll} csrfToken={csrfToken} returnTo={returnTo} /> : null}
      {data.canAddPoll && !data.paused ? (
        <p>
          <Link to={`/polls/new?item=${data.itemId}`}>Add a quick poll to this announcement</Link>
        </p>
      ) : null}
      <QuestionsAndAnswers data={data} csrfToken={csrfToken} returnTo={returnTo} />
    </div>
  );
}
