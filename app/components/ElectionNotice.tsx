/** The notice every staff page shows while a pre-election period is on (decision 161). */
import { useRouteLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { formatDate } from "~/utils/dates";

type Notice = { id: number; title: string; pollingOn: string; scopeText: string; guide: { title: string; slug: string } | null };

export function ElectionNotice() {
  const data = useRouteLoaderData("root") as { electionPeriods?: Notice[] } | undefined;
  const periods = data?.electionPeriods ?? [];
  if (periods.length === 0) return null;
  return (
    <div className="width-container">
      <section className="banner banner--need-to-know election-notice" aria-label="Pre-election period">
        {periods.map((p) => (
          <p key={p.id}>
            <strong>Pre-election period: {p.title}</strong> (until polling day, {formatDate(p.pollingOn)}; covers {p.scopeText}). Council publicity
            is restricted: announcements and public pages need a publicity reviewer's approval.{" "}
            {p.guide ? <Link to={`/guides/${p.guide.slug}`}>Read the guidance: {p.guide.title}</Link> : null}
          </p>
        ))}
      </section>
    </div>
  );
}
