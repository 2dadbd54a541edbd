-- Mentoring (issue 19, decision 136). Offers on topics (the same words as guide tags and
-- expertise), asks for a mentor, pairs, and the pair's private session log. Not items:
-- nothing here is indexed, announced or exported beyond the pair's own subject access.
-- Times are UTC ISO-8601 strings set from JS; met_on is a UK calendar day (YYYY-MM-DD).

-- One offer per person: what they can mentor on, how many people at once, and how.
CREATE TABLE mentoring_offers (
  id         INTEGER PRIMARY KEY,
  mentor_id  INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10),
  format     TEXT NOT NULL CHECK (format IN ('in-person', 'online', 'either')),
  about      TEXT NOT NULL DEFAULT '',
  is_open    INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE mentoring_offer_topics (
  offer_id INTEGER NOT NULL REFERENCES mentoring_offers(id) ON DELETE CASCADE,
  tag      TEXT NOT NULL,
  PRIMARY KEY (offer_id, tag)
);
CREATE INDEX mentoring_offer_topics_tag ON mentoring_offer_topics (tag);

-- Someone asking for a mentor on a topic. open → matched (a pair) or withdrawn.
CREATE TABLE mentoring_asks (
  id         INTEGER PRIMARY KEY,
  mentee_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tag        TEXT NOT NULL,
  format     TEXT NOT NULL CHECK (format IN ('in-person', 'online', 'either')),
  hopes      TEXT NOT NULL DEFAULT '',
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX mentoring_asks_status ON mentoring_asks (status, tag);

-- A mentoring pair. Goals and the meeting interval are the pair's own (private to them);
-- the end feedback is written for the coordinator.
CREATE TABLE mentoring_pairs (
  id               INTEGER PRIMARY KEY,
  mentor_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mentee_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tag              TEXT NOT NULL,
  ask_id           INTEGER REFERENCES mentoring_asks(id) ON DELETE SET NULL,
  matched_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  goals            TEXT NOT NULL DEFAULT '',
  meet_every_days  INTEGER NOT NULL DEFAULT 28 CHECK (meet_every_days BETWEEN 7 AND 92),
  started_at       TEXT NOT NULL,
  ended_at         TEXT,
  ended_by         INTEGER REFERENCES users(id) ON DELETE SET NULL,
  end_feedback     TEXT NOT NULL DEFAULT '',
  updated_at       TEXT NOT NULL,
  CHECK (mentor_id <> mentee_id)
);
CREATE INDEX mentoring_pairs_mentor ON mentoring_pairs (mentor_id, status);
CREATE INDEX mentoring_pairs_mentee ON mentoring_pairs (mentee_id, status);

-- The pair's private session log: one entry per meeting, written by either of the pair
-- and read only by the two of them.
CREATE TABLE mentoring_log_entries (
  id         INTEGER PRIMARY KEY,
  pair_id    INTEGER NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  met_on     TEXT NOT NULL,
  notes      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX mentoring_log_pair ON mentoring_log_entries (pair_id, met_on);

-- Reminders sent to a pair that has not logged a meeting for its interval (one per overdue period).
CREATE TABLE mentoring_reminders (
  pair_id    INTEGER NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  due_on     TEXT NOT NULL,
  sent_at    TEXT NOT NULL,
  PRIMARY KEY (pair_id, due_on)
);

-- Coordinators' settings: whether people may choose a mentor from the offers themselves.
CREATE TABLE mentoring_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
);
