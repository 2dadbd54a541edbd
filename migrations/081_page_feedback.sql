-- "Was this page helpful?" on guides and policies.
-- One rating per person per page (a later answer replaces the earlier one), so counts are
-- not skewed by repeat clicks. Ratings are shown only as totals, to owners and comms editors.
CREATE TABLE page_ratings (
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  rated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (item_id, user_id)
);
CREATE INDEX page_ratings_rated_at ON page_ratings(rated_at);

-- A comment left with a rating: private between the person who wrote it, the page's owner
-- (and deputy) and comms editors. The owner replies and resolves it.
CREATE TABLE page_feedback (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  comment     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  resolved_at TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX page_feedback_item ON page_feedback(item_id, status);
CREATE INDEX page_feedback_author ON page_feedback(author_id);

CREATE TABLE page_feedback_replies (
  id          INTEGER PRIMARY KEY,
  feedback_id INTEGER NOT NULL REFERENCES page_feedback(id) ON DELETE CASCADE,
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX page_feedback_replies_feedback ON page_feedback_replies(feedback_id, id);
