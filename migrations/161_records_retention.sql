-- Records and retention (issue 22, decision 162): the retention schedule, legal holds,
-- the disposal queue and disposal records. Timestamps ISO-8601 UTC set by the app.

CREATE TABLE retention_rules (
  id          INTEGER PRIMARY KEY,
  -- an item type (announcement, policy, guide) or a kind of record (page_feedback, sessions, sign_in_attempts, search_query_days, audit_sign_in)
  record_type TEXT NOT NULL,
  category    TEXT NOT NULL DEFAULT '',
  trigger_on  TEXT NOT NULL CHECK (trigger_on IN ('published', 'last-changed', 'superseded', 'expired', 'archived', 'account-closed', 'created')),
  period_days INTEGER NOT NULL CHECK (period_days >= 0),
  action      TEXT NOT NULL CHECK (action IN ('review', 'destroy', 'keep', 'destroy-automatically')),
  note        TEXT NOT NULL DEFAULT '',
  updated_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (record_type, category)
);

CREATE TABLE legal_holds (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('item', 'person', 'search')),
  item_id     INTEGER REFERENCES items(id) ON DELETE SET NULL,
  user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  search_text TEXT NOT NULL DEFAULT '',
  reason      TEXT NOT NULL,
  placed_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  placed_at   TEXT NOT NULL,
  released_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  released_at TEXT
);

CREATE TABLE disposal_queue (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
  rule_id        INTEGER NOT NULL REFERENCES retention_rules(id) ON DELETE CASCADE,
  due_at         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'deferred')),
  deferred_until TEXT,
  decided_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  decided_at     TEXT,
  added_at       TEXT NOT NULL
);

-- What was disposed of: never a silent delete. No content, no personal data: the type, id, title, rule and who approved.
CREATE TABLE disposal_records (
  id           INTEGER PRIMARY KEY,
  record_type  TEXT NOT NULL,
  record_id    INTEGER NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  rule_summary TEXT NOT NULL,
  approved_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  disposed_at  TEXT NOT NULL,
  rows_removed INTEGER NOT NULL DEFAULT 0
);
