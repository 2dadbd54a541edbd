-- Quick polls on announcements: one question, one choice each, anonymous.
-- Anonymity is structural: votes are only counts on the options, and poll_voters records
-- THAT someone voted (to stop a second vote), never WHAT they chose or when.
CREATE TABLE polls (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
  question   TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  closed_at  TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE poll_options (
  id       INTEGER PRIMARY KEY,
  poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  label    TEXT NOT NULL,
  position INTEGER NOT NULL,
  votes    INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  UNIQUE (poll_id, position)
);

CREATE TABLE poll_voters (
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;
