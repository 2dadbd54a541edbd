/**
 * The quarterly department league (decision 137). `snapshotLeague` (hourly, from the
 * knowledge sweep) recounts the current quarter and, once a quarter has ended, counts it one
 * last time and marks it final: past quarters never drift (people move, pages are archived).
 */
import { recordAudit } from "~/models/audit.server";
import { countLeagueFigures, isQuarterFinal, saveLeagueSnapshot } from "~/models/league.server";
import { londonToUtc } from "~/schemas/content-dates";
import { ukTodayIso } from "~/utils/dates";
import { getDb, type Queryable } from "~/utils/db.server";
import { leagueScore, previousQuarter, quarterDays, quarterOf } from "~/utils/league";

function instant(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return londonToUtc(y, m, d).toISOString();
}

/** Counts one quarter for every department and stores it (final: never recounted). */
export async function countQuarter(q: Queryable, quarter: string, final: boolean, now: Date): Promise<number> {
  const days = quarterDays(quarter);
  if (!days) throw new Error(`not a quarter: ${quarter}`);
  const figures = await countLeagueFigures(q, instant(days.fromDay), instant(days.toDay), days.fromDay, days.toDay);
  for (const [departmentId, f] of figures) await saveLeagueSnapshot(q, quarter, departmentId, { ...f, ...leagueScore(f) }, final, now.toISOString());
  return figures.size;
}

/** The current quarter recounted; the previous one counted once more and made final if it is not yet. */
export async function snapshotLeague(now = new Date()): Promise<{ current: string; finalised: string | null }> {
  const current = quarterOf(ukTodayIso(now));
  const previous = previousQuarter(current);
  const db = await getDb();
  return db.transaction(async (tx) => {
    let finalised: string | null = null;
    if (!(await isQuarterFinal(tx, previous))) {
      await countQuarter(tx, previous, true, now);
      finalised = previous;
      await recordAudit(tx, { actorId: null, action: "league.quarter-final", detail: { quarter: previous } }, now.toISOString());
    }
    await countQuarter(tx, current, false, now);
    return { current, finalised };
  });
}
