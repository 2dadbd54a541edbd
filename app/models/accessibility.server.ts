/** The accessibility statement's versions and the accessibility problems people report (decision 164). */
import type { Queryable } from "~/utils/db.server";

export type Compliance = "full" | "partial" | "not";
export type StatementFields = { compliance: Compliance; summary: string; nonAccessible: string; reporting: string; enforcement: string; testing: string; reviewedOn: string };
export type StatementVersion = StatementFields & { id: number; createdBy: string | null; createdAt: string };

const STATEMENT_COLUMNS = `s.id, s.compliance, s.summary, s.non_accessible AS nonAccessible, s.reporting, s.enforcement, s.testing,
  s.reviewed_on AS reviewedOn, u.name AS createdBy, s.created_at AS createdAt`;

export async function latestStatement(q: Queryable): Promise<StatementVersion | undefined> {
  return q.get<StatementVersion>(`SELECT ${STATEMENT_COLUMNS} FROM accessibility_statements s LEFT JOIN users u ON u.id = s.created_by ORDER BY s.id DESC LIMIT 1`);
}

export async function listStatementVersions(q: Queryable, limit = 50): Promise<StatementVersion[]> {
  return q.all<StatementVersion>(`SELECT ${STATEMENT_COLUMNS} FROM accessibility_statements s LEFT JOIN users u ON u.id = s.created_by ORDER BY s.id DESC LIMIT ?`, [limit]);
}

export async function insertStatement(q: Queryable, s: StatementFields, by: number | null, now: string): Promise<number> {
  const r = await q.run(
    `INSERT INTO accessibility_statements (compliance, summary, non_accessible, reporting, enforcement, testing, reviewed_on, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.compliance, s.summary, s.nonAccessible, s.reporting, s.enforcement, s.testing, s.reviewedOn, by, now],
  );
  return r.lastID;
}

export type ReportStatus = "open" | "in-progress" | "resolved";
export type AccessibilityReport = {
  id: number; page: string; problem: string; format: string; reporterName: string | null; reporterEmail: string | null;
  status: ReportStatus; response: string; handledBy: string | null; handledAt: string | null; createdAt: string;
};

export async function insertReport(q: Queryable, r: { page: string; problem: string; format: string; reporterId: number }, now: string): Promise<number> {
  const res = await q.run("INSERT INTO accessibility_reports (page, problem, format, reporter_id, created_at) VALUES (?, ?, ?, ?, ?)", [r.page, r.problem, r.format, r.reporterId, now]);
  return res.lastID;
}

/** The queue: open and in-progress first (oldest first), then the latest resolved ones. */
export async function listReports(q: Queryable, limit = 200): Promise<AccessibilityReport[]> {
  return q.all<AccessibilityReport>(
    `SELECT r.id, r.page, r.problem, r.format, u.name AS reporterName, u.email AS reporterEmail, r.status, r.response,
            h.name AS handledBy, r.handled_at AS handledAt, r.created_at AS createdAt
       FROM accessibility_reports r LEFT JOIN users u ON u.id = r.reporter_id LEFT JOIN users h ON h.id = r.handled_by
      ORDER BY CASE WHEN r.status = 'resolved' THEN 1 ELSE 0 END, CASE WHEN r.status = 'resolved' THEN r.handled_at END DESC, r.created_at, r.id
      LIMIT ?`,
    [limit],
  );
}

/** A reporter's own reports, newest first (shown to them on /accessibility/report). */
export async function listReportsByReporter(q: Queryable, reporterId: number, limit = 20): Promise<Pick<AccessibilityReport, "id" | "page" | "status" | "response" | "handledAt" | "createdAt">[]> {
  return q.all(
    `SELECT id, page, status, response, handled_at AS handledAt, created_at AS createdAt
       FROM accessibility_reports WHERE reporter_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    [reporterId, limit],
  );
}

export async function findReport(q: Queryable, id: number): Promise<{ id: number; reporterId: number | null; status: ReportStatus; response: string; page: string } | undefined> {
  return q.get("SELECT id, reporter_id AS reporterId, status, response, page FROM accessibility_reports WHERE id = ?", [id]);
}

export async function updateReport(q: Queryable, id: number, status: ReportStatus, response: string, by: number, now: string): Promise<void> {
  await q.run("UPDATE accessibility_reports SET status = ?, response = ?, handled_by = ?, handled_at = ? WHERE id = ?", [status, response, by, now, id]);
}

export async function countOpenReports(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM accessibility_reports WHERE status <> 'resolved'"))?.n ?? 0;
}
