import type { ReadabilityReport } from "~/utils/readability";

/** The report as the server sends it, with the reading age to aim for (so no checker code ships to the browser). */
export type ReadabilityView = ReadabilityReport & { target: number };

/**
 * Plain-language advice for the writer, shown in the editor before publishing. It is
 * advice only: nothing here stops a page being saved or published.
 */
export function ReadabilityAdvice({ report }: { report: ReadabilityView }) {
  const easy = report.readingAge <= report.target;
  return (
    <section className="readability" aria-labelledby="readability-heading">
      <h2 id="readability-heading">How easy is this to read?</h2>
      <p>
        Reading age about <strong>{report.words === 0 ? "–" : report.readingAge}</strong>{" "}
        {report.words === 0 ? "(no text yet)" : easy ? "(good: most staff will follow it)" : `(aim for ${report.target} or lower)`}.{" "}
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
