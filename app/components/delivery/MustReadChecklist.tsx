import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";

export type MustReadEntry = {
  id: number;
  href: string;
  title: string;
  kind: "announcement" | "policy";
  urgent: boolean;
  /** Policies: the day the version to confirm takes effect. Announcements have none. */
  dueOn: string | null;
  /** Set by the loader (it depends on today's date): the due day has passed. */
  overdue: boolean;
  /** When it was sent or the version to confirm published: shown for announcements (they have no due date). */
  askedAt: string | null;
};

export type MustReadGroup = { kind: MustReadEntry["kind"]; items: MustReadEntry[] };

const GROUP_HEADING = { policy: "Policies", announcement: "Announcements" } as const;
const KIND_LABEL = { policy: "Policy", announcement: "Announcement" } as const;

/**
 * Things to read and confirm as a compact checklist: title, type and due date, grouped
 * by policy and announcement, the oldest overdue first. Each is confirmed at the end of
 * its own page ("I have read and understood this").
 */
export function MustReadChecklist({ groups, headingLevel = 3 }: { groups: MustReadGroup[]; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <>
      {groups.map((g) => (
        <div key={g.kind} className="checklist-group">
          <H className="checklist-group__heading">{GROUP_HEADING[g.kind]}</H>
          <ul className="checklist">
            {g.items.map((i) => (
              <li key={i.id}>
                <Link to={i.href}>{i.title}</Link>
                <span className="checklist__meta">
                  {i.urgent ? <strong className="tag tag--urgent">Urgent</strong> : null}
                  {i.overdue ? <strong className="tag tag--overdue">Overdue</strong> : null}
                  <span className="visually-hidden">{KIND_LABEL[i.kind]}. </span>
                  {i.dueOn ? (
                    <>
                      Due <DateText value={i.dueOn} />
                    </>
                  ) : i.askedAt ? (
                    <>
                      Sent <DateText value={i.askedAt} />
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
