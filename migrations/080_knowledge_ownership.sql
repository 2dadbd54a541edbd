-- Keeping knowledge current: who owned a page and why it changed hands, when a page was
-- last reviewed (and by whom), which review reminders went out, and the settings owners'
-- reminders follow. Owner and deputy themselves stay on items (owner_email, deputy_email).

-- Every hand-over of an owner or deputy, so "why is this mine now?" has an answer.
CREATE TABLE ownership_changes (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('owner', 'deputy')),
  from_email TEXT,
  to_email   TEXT,
  -- deactivated | department-change | role-change | sweep | manual
  reason     TEXT NOT NULL,
  actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX ownership_changes_item ON ownership_changes(item_id, at);

-- "Reviewed" clicks: one row each, with the dates before and after.
CREATE TABLE page_reviews (
  id                 INTEGER PRIMARY KEY,
  item_id            INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  reviewer_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reviewed_on        TEXT NOT NULL,
  previous_review_by TEXT,
  next_review_by     TEXT NOT NULL,
  note               TEXT NOT NULL DEFAULT '',
  at                 TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX page_reviews_item ON page_reviews(item_id, at);

-- Review reminders already sent: one per page, review date, stage and person, so the sweep
-- can run as often as it likes and nobody gets the same reminder twice. A new review date
-- (after "reviewed") starts a fresh cycle.
CREATE TABLE review_reminders (
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  review_by       TEXT NOT NULL,
  stage           TEXT NOT NULL CHECK (stage IN ('due-soon', 'overdue')),
  recipient_email TEXT NOT NULL COLLATE NOCASE,
  recipient_role  TEXT NOT NULL CHECK (recipient_role IN ('owner', 'deputy', 'manager')),
  sent_at         TEXT NOT NULL,
  PRIMARY KEY (item_id, review_by, stage, recipient_email)
);

-- Settings for this area that administrators change in the browser.
CREATE TABLE knowledge_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO knowledge_settings (key, value) VALUES ('review_reminder_days', '30'), ('stale_after_months', '12');

CREATE INDEX items_owner ON items(owner_email);
CREATE INDEX items_deputy ON items(deputy_email);
CREATE INDEX items_review_by ON items(type, review_by);
