-- Council duties (issue 22, decisions 160-161): extra permissions an administrator grants
-- to a person, and pre-election periods with their scope, candidates list, checklist
-- answers, publicity approvals and log. Timestamps are ISO-8601 UTC set by the app;
-- notice and polling days are UK calendar dates (YYYY-MM-DD).

CREATE TABLE permission_grants (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  permission TEXT NOT NULL CHECK (permission IN ('publicity-reviewer', 'information-governance')),
  granted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (user_id, permission)
);

CREATE TABLE election_periods (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('local', 'general', 'mayoral', 'by-election', 'referendum', 'pcc')),
  title         TEXT NOT NULL,
  notice_on     TEXT NOT NULL,
  polling_on    TEXT NOT NULL,
  scope         TEXT NOT NULL CHECK (scope IN ('council', 'departments', 'wards')),
  guide_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
  -- what the last run of the period job found: the log records each change
  state         TEXT NOT NULL DEFAULT 'upcoming' CHECK (state IN ('upcoming', 'on', 'ended')),
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX election_periods_dates ON election_periods(notice_on, polling_on);

CREATE TABLE election_period_departments (
  period_id     INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  PRIMARY KEY (period_id, department_id)
);

-- A ward is matched by an item tag of the same name (lower case, hyphens).
CREATE TABLE election_period_wards (
  period_id INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  ward      TEXT NOT NULL,
  PRIMARY KEY (period_id, ward)
);

-- Candidates and councillors whose names are highlighted in preview and review.
CREATE TABLE election_candidates (
  id        INTEGER PRIMARY KEY,
  period_id INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  role      TEXT NOT NULL DEFAULT '',
  party     TEXT NOT NULL DEFAULT '',
  ward      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX election_candidates_period ON election_candidates(period_id);

-- The publicity checklist, answered at submit (one row per answer given).
CREATE TABLE publicity_checks (
  id              INTEGER PRIMARY KEY,
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  period_id       INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  revision_id     INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
  names_or_photos INTEGER NOT NULL CHECK (names_or_photos IN (0, 1)),
  controversial   INTEGER NOT NULL CHECK (controversial IN (0, 1)),
  party_view      INTEGER NOT NULL CHECK (party_view IN (0, 1)),
  note            TEXT NOT NULL DEFAULT '',
  answered_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  answered_at     TEXT NOT NULL
);
CREATE INDEX publicity_checks_item ON publicity_checks(item_id, id);

-- A publicity reviewer's approval of a revision, or an emergency/statutory override.
CREATE TABLE publicity_decisions (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  period_id     INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  revision_id   INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('approved', 'override')),
  justification TEXT NOT NULL DEFAULT '',
  actor_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  at            TEXT NOT NULL
);
CREATE INDEX publicity_decisions_item ON publicity_decisions(item_id, revision_id);

-- What happened in a period (on, off, held, approved, override, published, paused): the report.
CREATE TABLE election_period_log (
  id        INTEGER PRIMARY KEY,
  period_id INTEGER NOT NULL REFERENCES election_periods(id) ON DELETE CASCADE,
  at        TEXT NOT NULL,
  event     TEXT NOT NULL,
  item_id   INTEGER REFERENCES items(id) ON DELETE SET NULL,
  item_title TEXT NOT NULL DEFAULT '',
  actor_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX election_period_log_period ON election_period_log(period_id, id);
