import type { ReadabilityReport } from "~/utils/readability";
import { TARGET_READING_AGE } from "~/utils/readability";

/**
 * Plain-language advice for the writer, shown in the editor before publishing. It is
 * advice only: nothing here stops a page being saved or published.
 */
export function ReadabilityAdvice({ report }: { report: ReadabilityReport }) {
  const easy = report.readingAge <= TARGET_READING_AGE;
  return (
    <section className="readability" aria-labelledby="readability-heading">
      <h2 id="readability-heading">How easy is this to read?</h2>
      <p>
        Reading age about <strong>{report.words === 0 ? "–" : report.readingAge}</strong>{" "}
        {report.words === 0 ? "(no text yet)" : easy ? "(good: most staff will follow it)" : `(aim for ${TARGET_READING_AGE} or lower)`}.{" "}
        {report.words} words in {report.sentences} {report.sentences === 1 ? "sentence" : "sentences"}, {report.averageSentenceLength} words per
        sentence on average.
      </p>
      {report.advice.length === 0 ? (
        <p className="muted">No suggestions. Plain, short sentences help everyone, including staff who read English as a second language.</p>
      ) : (
        <>
          <p className="hint">
            Suggestions, not rules: you can still save and publish. Many staff read English as a second language or read on a phone
            between jobs.
          </p>
          <ul className="readability__advice">
            {report.advice.map((a, i) => (
              <li key={`${a.rule}-${a.line ?? 0}-${i}`}>
                {a.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
