-- Issue 22 (decision 164): the accessibility statement, edited by administrators, every
-- version kept; and problems people report, worked through by the communications team.
CREATE TABLE accessibility_statements (
  id             INTEGER PRIMARY KEY,
  compliance     TEXT NOT NULL CHECK (compliance IN ('full', 'partial', 'not')),
  summary        TEXT NOT NULL,
  non_accessible TEXT NOT NULL,
  reporting      TEXT NOT NULL,
  enforcement    TEXT NOT NULL,
  testing        TEXT NOT NULL,
  reviewed_on    TEXT NOT NULL,
  created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL
);

CREATE TABLE accessibility_reports (
  id          INTEGER PRIMARY KEY,
  page        TEXT NOT NULL,
  problem     TEXT NOT NULL,
  format      TEXT NOT NULL DEFAULT '',
  reporter_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'resolved')),
  response    TEXT NOT NULL DEFAULT '',
  handled_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  handled_at  TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX accessibility_reports_status ON accessibility_reports (status, created_at);
