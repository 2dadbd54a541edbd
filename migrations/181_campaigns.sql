-- Campaigns with targets (decision 180): a named piece of communications work across several
-- items, with an audience, dates, an owner and targets measured from what the intranet already
-- counts. Figures are aggregates by department; nothing here records a person's reading.
CREATE TABLE campaigns (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  objective     TEXT NOT NULL,
  audience      TEXT NOT NULL CHECK (audience IN ('everyone', 'departments', 'roles')),
  starts_on     TEXT NOT NULL,
  ends_on       TEXT NOT NULL,
  owner_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  -- The department a manager's campaign belongs to (null: a corporate campaign).
  department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
  search_terms  TEXT NOT NULL DEFAULT '',
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_dates ON campaigns(ends_on, starts_on);

CREATE TABLE campaign_audience_departments (
  campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, department_id)
);

CREATE TABLE campaign_audience_roles (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  PRIMARY KEY (campaign_id, role)
);

CREATE TABLE campaign_items (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  added_at    TEXT NOT NULL,
  PRIMARY KEY (campaign_id, item_id)
);
CREATE INDEX campaign_items_item ON campaign_items(item_id);

-- A target: a measure, the value to reach (a percentage, or a count for searches and events)
-- and the day to reach it by.
CREATE TABLE campaign_targets (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  measure     TEXT NOT NULL,
  value       REAL NOT NULL CHECK (value >= 0),
  due_on      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX campaign_targets_campaign ON campaign_targets(campaign_id);
