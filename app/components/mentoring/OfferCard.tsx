/** One mentoring offer in a list: the mentor, topics (linked to guides and people on that topic), format and free places. */
import { Link } from "~/components/Link";
import type { ReactNode } from "react";
import { FORMAT_LABELS, type MentoringFormat } from "~/schemas/mentoring";

export type OfferCardData = {
  id: number; mentorName: string; mentorUrl: string; departmentName: string | null; jobTitle: string; topics: string[]; format: MentoringFormat;
  about: string; freePlaces: number;
};

export function TopicLinks({ topics }: { topics: string[] }) {
  return (
    <ul className="tag-cloud">
      {topics.map((t) => (
        <li key={t}>
          <Link to={`/mentoring/offers?topic=${encodeURIComponent(t)}`}>{t}</Link>
        </li>
      ))}
    </ul>
  );
}

export function OfferCard({ offer, headingLevel = 3, children }: { offer: OfferCardData; headingLevel?: 2 | 3 | 4; children?: ReactNode }) {
  const H = `h${headingLevel}` as "h2";
  return (
    <li className="card">
      <H>
        <Link to={offer.mentorUrl}>{offer.mentorName}</Link>
      </H>
      <p className="hint">{[offer.jobTitle, offer.departmentName].filter(Boolean).join(", ")}</p>
      <TopicLinks topics={offer.topics} />
      <p>
        {FORMAT_LABELS[offer.format]}. {offer.freePlaces === 0 ? "No free place at the moment." : `${offer.freePlaces} free place${offer.freePlaces === 1 ? "" : "s"}.`}
      </p>
      {offer.about ? <p className="pre-line">{offer.about}</p> : null}
      {children}
    </li>
  );
}
