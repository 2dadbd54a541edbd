/**
 * The department league's formula and quarters (decision 137). Browser-safe: the page shows
 * the formula from these same weights.
 */
export const LEAGUE_MEASURES = [
  { key: "guidesPublished", label: "Guides published", weight: 3 },
  { key: "guidesReviewedOnTime", label: "Guides reviewed on time", weight: 2 },
  { key: "requestsAnswered", label: "Knowledge requests answered", weight: 2 },
  { key: "helpfulRatings", label: "“Helpful” ratings of its pages", weight: 1 },
  { key: "trainingAttendance", label: "Training attended by its staff", weight: 2 },
  { key: "cascadeReach", label: "Staff reached by team cascade sessions", weight: 1 },
] as const;
export type LeagueMeasure = (typeof LEAGUE_MEASURES)[number]["key"];

/** Points = Σ weight × count; per 100 staff = points × 100 ÷ staff (one decimal; 0 with no staff). */
export function leagueScore(f: Record<LeagueMeasure, number> & { staff: number }): { points: number; per100Staff: number } {
  const points = LEAGUE_MEASURES.reduce((sum, m) => sum + m.weight * f[m.key], 0);
  return { points, per100Staff: f.staff > 0 ? Math.round((points * 1000) / f.staff) / 10 : 0 };
}

/** "2027-Q1" for a UK calendar day "YYYY-MM-DD". */
export function quarterOf(day: string): string {
  const [y, m] = day.split("-").map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The quarter's first day and the next quarter's first day (UK days). */
export function quarterDays(quarter: string): { fromDay: string; toDay: string } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const y = Number(m[1]);
  const q = Number(m[2]);
  const pad = (n: number) => String(n).padStart(2, "0");
  const fromDay = `${y}-${pad((q - 1) * 3 + 1)}-01`;
  const toDay = q === 4 ? `${y + 1}-01-01` : `${y}-${pad(q * 3 + 1)}-01`;
  return { fromDay, toDay };
}

export function previousQuarter(quarter: string): string {
  const [y, q] = quarter.split("-Q").map(Number);
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "January to March 2027". */
export function quarterLabel(quarter: string): string {
  const days = quarterDays(quarter);
  if (!days) return quarter;
  const start = Number(days.fromDay.slice(5, 7)) - 1;
  return `${MONTHS[start]} to ${MONTHS[start + 2]} ${days.fromDay.slice(0, 4)}`;
}
