-- The weekly summary to comms editors: one row per week, written when it is queued, so a
-- restart or a second server never sends the same week twice.
CREATE TABLE weekly_summaries (
  week_start   TEXT PRIMARY KEY,   -- Monday, "YYYY-MM-DD" (UK)
  figures_json TEXT NOT NULL,
  recipients   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
