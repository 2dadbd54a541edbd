-- Q&A on announcements: staff ask, the author (or an editor of the announcement) answers,
-- comms editors hide what should not be there. Hidden questions stay for the record.
CREATE TABLE announcement_questions (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  asker_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body         TEXT NOT NULL,
  answer       TEXT,
  answered_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  answered_at  TEXT,
  hidden       INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  hidden_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  hidden_reason TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX announcement_questions_item ON announcement_questions(item_id, id);
