/**
 * A date as Day, Month and Year boxes (and a Time box for a date and time), in a fieldset
 * whose legend names the date: the public-sector date input pattern. It always reads as a
 * UK date, needs no JavaScript, and works the same in every browser. Boxes are
 * uncontrolled (defaultValue), so showing an error never changes what was typed; the
 * boxes in error are the ones the shared parser (schemas/date-input.ts) finds wrong.
 *
 * Posted as `name-day`, `name-month`, `name-year` (and `name-time`); the boxes' ids are
 * `id-day` and so on, which is where an error summary links.
 */
import type { ReactNode } from "react";
import { HintAndError } from "~/components/FormFields";
import { DATE_HINT, partsInError, TIME_HINT, type DateParts, type DateTimePart, type DateTimeParts } from "~/schemas/date-input";

const BOX_LABELS: Record<DateTimePart, string> = { day: "Day", month: "Month", year: "Year", time: "Time" };

export function DateInput({ id, name, legend, hint = DATE_HINT, value, checkedValue = value, error, compact }: {
  /** Base id: the fieldset's hint and error, and each box (`${id}-day` …). */
  id: string;
  /** Base name of the posted boxes. */
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  /** The boxes as typed; with a `time`, a Time box is shown too. */
  value: DateParts | DateTimeParts;
  /** What `error` was found in, when the form was checked in the browser after it was drawn; marks the boxes in error. */
  checkedValue?: DateParts | DateTimeParts;
  error?: string | null;
  /** For a row of filters: no space below, a smaller legend. */
  compact?: boolean;
}) {
  const boxes: DateTimePart[] = "time" in value ? ["day", "month", "year", "time"] : ["day", "month", "year"];
  const wrong = new Set(partsInError(checkedValue, error ?? undefined));
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const values = value as Partial<Record<DateTimePart, string>>;
  return (
    <div className={`form-group${compact ? " form-group--compact" : ""}${error ? " form-group--error" : ""}`}>
      <fieldset className="date-input-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="label">{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        <div className="date-input">
          {boxes.map((box) => (
            <div className={`date-input__item date-input__item--${box}`} key={box}>
              <label htmlFor={`${id}-${box}`}>{BOX_LABELS[box]}</label>
              {box === "time" ? (
                <p className="hint" id={`${id}-time-hint`}>
                  {TIME_HINT}
                </p>
              ) : null}
              <input
                id={`${id}-${box}`} name={`${name}-${box}`} type="text" inputMode={box === "time" ? "text" : "numeric"} defaultValue={values[box] ?? ""}
                autoComplete="off" spellCheck={false} maxLength={20}
                className={`date-input__input date-input__input--${box}${wrong.has(box) ? " date-input__input--error" : ""}`}
                aria-invalid={wrong.has(box) || undefined} aria-describedby={box === "time" ? `${id}-time-hint` : undefined}
              />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
